/**
 * The app stack of examples/app-stack-network-export (subnets and security group from a
 * StackReference) decided in process against its network stack, at a first preview and
 * deployed: unknown without context, broken and working with it.
 */
import { strict as assert } from "assert";
import {
  appStack,
  BROKEN_EXPORT,
  fakeDeps,
  findingsWithContext,
  Form,
  levelsAndRules,
  WORKING_EXPORT,
} from "./support";

describe("an app stack checked against its network stack", function () {
  this.timeout(60000);

  for (const form of ["preview", "deployed"] as const satisfies readonly Form[]) {
    describe(`${form}`, () => {
      it("without context: nothing is proven, and one advisory names the three ways with the config to paste", async () => {
        const findings = await findingsWithContext(appStack(form), undefined);
        assert.ok(!findings.some((finding) => finding.level === "mandatory"));
        const outside = findings.filter((finding) => /not in this stack/.test(finding.message));
        assert.equal(outside.length, 1, JSON.stringify(findings, null, 1));
        assert.equal(outside[0].ruleId, "FARGATE-UNKNOWN");
        assert.equal(outside[0].level, "advisory");
        assert.match(
          outside[0].message,
          /subnets subnet-\w+, subnet-\w+ and security group sg-\w+ are not in this stack/,
        );
        assert.match(outside[0].message, /--context network\.json/);
        assert.match(outside[0].message, /context\.stackReferences/);
        assert.match(outside[0].message, /"context": \{ "stackExports": \[/);
      });

      it("with the broken network's export file: the missing Secrets Manager endpoint, named with where the facts came from", async () => {
        const findings = await findingsWithContext(appStack(form), { stackExports: [BROKEN_EXPORT] });
        const mandatory = findings.filter((finding) => finding.level === "mandatory");
        assert.deepEqual(levelsAndRules(mandatory), ["mandatory FARGATE-SECRETS-NETWORK"]);
        assert.match(mandatory[0].message, /com\.amazonaws\.eu-west-1\.secretsmanager/);
        assert.match(
          mandatory[0].message,
          /route table acme-tasks-a \(rtb-\w+\) from stack network\/prod \(network-broken\.json\)/,
        );
        assert.ok(!findings.some((finding) => /not in this stack/.test(finding.message)));
      });

      it("with the working network's export file: no mandatory finding and nothing left unknown about the network", async () => {
        const findings = await findingsWithContext(appStack(form), { stackExports: [WORKING_EXPORT] });
        assert.deepEqual(
          findings.filter((finding) => finding.level === "mandatory"),
          [],
        );
        assert.ok(
          !findings.some((finding) => /subnet|security group|route table/.test(finding.message)),
          JSON.stringify(findings),
        );
      });

      it("through `pulumi stack export --stack <name>`: the same verdicts, named after the stack", async () => {
        const deps = fakeDeps({ "acme/network/prod": BROKEN_EXPORT, "acme/network-ok/prod": WORKING_EXPORT });
        const broken = await findingsWithContext(appStack(form), { stackReferences: ["acme/network/prod"] }, deps);
        assert.deepEqual(levelsAndRules(broken.filter((f) => f.level === "mandatory")), [
          "mandatory FARGATE-SECRETS-NETWORK",
        ]);
        assert.match(
          broken.find((f) => f.level === "mandatory")!.message,
          /acme-tasks-a \(subnet-\w+\) from stack acme\/network\/prod\b/,
        );
        const working = await findingsWithContext(appStack(form), { stackReferences: ["acme/network-ok/prod"] }, deps);
        assert.deepEqual(
          working.filter((f) => f.level === "mandatory"),
          [],
        );
      });
    });
  }
});
