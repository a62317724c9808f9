/**
 * Single-fault injection over the fixture stacks, in the faithful first-preview form (with the
 * engine's Analyze inputs, and with only its propertyDependencies) and in deployed form: every
 * fault that breaks a need must be reported exactly (rule and resource), every redundant one
 * must not be reported. Prints `faults: detected D/N, false alarms F/M`.
 */
import { strict as assert } from "assert";
import type { StackResource } from "../../engine/stack-resource";
import { findingsOf, pairs, withoutAnalyzeInputs } from "../support/findings";
import { naclStack, natStack, publicStack, redundantStack, referenceStack } from "../fixtures/stacks";
import { allFaults } from "./faults";
import { awsDecisionFaults, keyPolicyStack, pullThroughCacheStack, taggedSecretStack } from "./aws-decision-faults";
import { STARTUP_BASELINES, startupFaults } from "./startup-faults";

const BASELINES = {
  reference: referenceStack,
  nacl: naclStack,
  nat: natStack,
  public: publicStack,
  redundant: redundantStack,
  "key policy": keyPolicyStack,
  "tagged secret": taggedSecretStack,
  "pull-through cache": pullThroughCacheStack,
  ...STARTUP_BASELINES,
};

/** How the stack reaches the pack: the builder's form, and whether the pack saw the Analyze calls. */
const FORMS = [
  { form: "preview", label: "faithful first preview", send: (resources: StackResource[]) => resources },
  { form: "preview", label: "first preview, AnalyzeStack only", send: withoutAnalyzeInputs },
  { form: "deployed", label: "deployed", send: (resources: StackResource[]) => resources },
] as const;

describe("single-fault injection", () => {
  for (const { form, label, send } of FORMS) {
    it(`detects every breaking fault and raises no false alarm (${label})`, () => {
      const faults = [...allFaults(), ...awsDecisionFaults(), ...startupFaults()];
      const missed: string[] = [];
      const falseAlarms: string[] = [];
      let breaking = 0;
      let redundant = 0;
      let detected = 0;
      for (const fault of faults) {
        if (fault.forms && !fault.forms.includes(form)) continue;
        const mandatory = pairs(
          findingsOf(send(fault.build(form).resources)).filter((finding) => finding.level === "mandatory"),
        );
        const expectedPairs = form === "deployed" && fault.expectedDeployed ? fault.expectedDeployed : fault.expected;
        if (expectedPairs.length === 0) {
          redundant++;
          if (mandatory.length > 0) falseAlarms.push(`${fault.stack}: ${fault.link} -> ${mandatory.join(", ")}`);
        } else {
          breaking++;
          const expected = [...expectedPairs].sort();
          if (JSON.stringify(mandatory) === JSON.stringify(expected)) detected++;
          else
            missed.push(
              `${fault.stack}: ${fault.link}: expected ${expected.join(", ")}; got ${mandatory.join(", ") || "nothing"}`,
            );
        }
      }
      console.log(
        `      faults: detected ${detected}/${breaking}, false alarms ${falseAlarms.length}/${redundant} (${label})`,
      );
      assert.deepEqual({ missed, falseAlarms }, { missed: [], falseAlarms: [] });
      assert.ok(breaking >= 50 && redundant >= 20, `${breaking} breaking and ${redundant} redundant faults enumerated`);
    });
  }

  for (const { form, label, send } of FORMS) {
    it(`the unfaulted stacks have no mandatory finding (${label})`, () => {
      for (const [name, make] of Object.entries(BASELINES)) {
        const mandatory = findingsOf(send(make(form).resources)).filter((finding) => finding.level === "mandatory");
        assert.deepEqual(pairs(mandatory), [], name);
      }
    });
  }
});
