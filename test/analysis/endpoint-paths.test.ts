/**
 * Which path carries the traffic: with private DNS on, the service's name resolves to the
 * endpoint's interfaces, so a NAT gateway cannot stand in for a broken endpoint; when whether
 * it resolves there is unknown, the NAT path alone proves nothing.
 */
import { strict as assert } from "assert";
import { redundantStack } from "../fixtures/stacks";
import { unknownProperty } from "../fixtures/variants";
import { findingsOf, pairs } from "../support/findings";
import { FORMS } from "./network-stacks";

const INTERFACE_RULES = [
  "FARGATE-ECR-NETWORK",
  "FARGATE-LOGS-NETWORK",
  "FARGATE-SECRETS-NETWORK",
  "FARGATE-SSM-NETWORK",
];
const closeEndpointGroup = (properties: Record<string, unknown>) => (properties.ingress = []);

describe("network analysis: which path carries the traffic", () => {
  for (const form of FORMS) {
    describe(`${form} form`, () => {
      it("with private DNS on, a NAT gateway does not stand in for an endpoint its security group closes", () => {
        const b = redundantStack(form).patch("endpoint-sg", closeEndpointGroup);
        const mandatory = findingsOf(b.resources).filter((finding) => finding.level === "mandatory");
        assert.deepEqual(pairs(mandatory), INTERFACE_RULES.map((rule) => `${rule} endpoint-sg`).sort());
      });

      it("with private DNS computed, the NAT path alone is not a proof: unknown", () => {
        const b = unknownProperty(
          redundantStack(form).patch("endpoint-sg", closeEndpointGroup),
          "secretsmanager-endpoint",
          "privateDnsEnabled",
        );
        const findings = findingsOf(b.resources);
        assert.deepEqual(pairs(findings, "FARGATE-SECRETS-NETWORK"), []);
        assert.ok(
          findings.some(
            (finding) =>
              finding.ruleId === "FARGATE-UNKNOWN" &&
              /privateDnsEnabled of endpoint secretsmanager-endpoint/.test(finding.message),
          ),
        );
      });

      it("with private DNS computed and the endpoint sound, the NAT path is enough", () => {
        const b = unknownProperty(redundantStack(form), "secretsmanager-endpoint", "privateDnsEnabled");
        const findings = findingsOf(b.resources);
        assert.ok(!findings.some((finding) => /privateDnsEnabled of endpoint secretsmanager/.test(finding.message)));
      });
    });
  }
});
