/**
 * Network ACL ranges: a rule covering part of the needed ports or addresses decides that part,
 * in rule-number order, in both directions.
 */
import { strict as assert } from "assert";
import { naclDecides } from "../../policies/analysis/network/nacls";
import type { NetworkAcl, NetworkAclRule } from "../../policies/stack/model";
import { parseCidr } from "../../model";
import { findingsOf, pairs } from "../support/findings";
import { addAclRule, FORMS, naclStack } from "./network-stacks";

const rule = (ruleNumber: number, allow: boolean, cidr: string, fromPort: number, toPort: number): NetworkAclRule => ({
  egress: true,
  ruleNumber,
  protocol: "tcp",
  allow,
  cidr,
  fromPort,
  toPort,
  declaredBy: "urn:acl",
});
const acl = (...rules: NetworkAclRule[]): NetworkAcl => ({
  urn: "urn:acl",
  vpc: undefined,
  subnets: [],
  rules,
  rulesUnknown: false,
  isDefault: false,
});
const range = (cidr: string) => [parseCidr(cidr)!];

describe("network analysis: network ACL ranges", () => {
  describe("naclDecides", () => {
    const denyHalfThenAllow = acl(rule(90, false, "10.0.1.0/25", 443, 443), rule(100, true, "0.0.0.0/0", 0, 65535));

    it("a deny covering part of the peer's addresses, then an allow of all: unknown, not allowed", () => {
      assert.equal(naclDecides(denyHalfThenAllow, true, [443, 443], range("10.0.1.0/24")).result, "unknown");
    });
    it("the denied half is denied, the other half allowed", () => {
      assert.equal(naclDecides(denyHalfThenAllow, true, [443, 443], range("10.0.1.0/25")).result, false);
      assert.equal(naclDecides(denyHalfThenAllow, true, [443, 443], range("10.0.1.128/25")).result, true);
    });
    it("a deny covering part of the needed ports, then an allow of all: denied for every address", () => {
      const verdict = naclDecides(
        acl(rule(90, false, "0.0.0.0/0", 32768, 40000), rule(100, true, "0.0.0.0/0", 1024, 65535)),
        true,
        [32768, 60999],
        range("10.0.2.0/24"),
      );
      assert.deepEqual(verdict, { result: false, why: "rule 90 denies TCP 32768-40000 to 10.0.2.0/24" });
    });
    it("rule numbers decide, not the order rules are declared in", () => {
      const verdict = naclDecides(
        acl(rule(200, false, "0.0.0.0/0", 0, 65535), rule(100, true, "10.0.0.0/16", 443, 443)),
        true,
        [443, 443],
        range("10.0.1.0/24"),
      );
      assert.equal(verdict.result, true);
    });
    it("an allow covering part of the ports leaves the rest to the final deny", () => {
      const verdict = naclDecides(acl(rule(100, true, "0.0.0.0/0", 1024, 50000)), true, [32768, 60999], "unknown");
      assert.equal(verdict.result, false);
    });
    it("more rules than AWS accepts in one direction are not evaluated (bounded work)", () => {
      const many = Array.from({ length: 5000 }, (_, i) => rule(i + 1, i % 2 === 0, `10.${i % 256}.0.0/16`, 0, 65535));
      const started = Date.now();
      assert.equal(naclDecides(acl(...many), true, [443, 443], range("10.0.1.0/24")).result, "unknown");
      assert.ok(Date.now() - started < 100);
    });
  });

  for (const form of FORMS) {
    describe(`${form} form`, () => {
      it("a deny of part of the ephemeral ports before the allow breaks the return traffic", () => {
        const b = naclStack(form);
        addAclRule(b, "acl-in-deny-some-ports", {
          ruleNumber: 105,
          egress: false,
          action: "deny",
          cidrBlock: "0.0.0.0/0",
          ports: [32768, 40000],
        });
        // S3 crosses the subnet boundary; each interface endpoint is reached in the task's own subnet only.
        assert.deepEqual(
          pairs(findingsOf(b.resources)).filter((pair) => !pair.startsWith("FARGATE-UNKNOWN")),
          ["FARGATE-S3-NETWORK tasks-acl", ...Array(4).fill("FARGATE-ENDPOINT-INTERFACES tasks-acl")].sort(),
        );
      });

      it("a deny of part of the addresses S3 may have is unknown, not a pass", () => {
        const b = naclStack(form);
        addAclRule(b, "acl-out-deny-some-addresses", {
          ruleNumber: 90,
          egress: true,
          action: "deny",
          cidrBlock: "52.0.0.0/8",
          ports: [443, 443],
        });
        const findings = findingsOf(b.resources);
        assert.deepEqual(pairs(findings, "FARGATE-S3-NETWORK"), []);
        assert.ok(
          findings.some(
            (finding) =>
              finding.ruleId === "FARGATE-UNKNOWN" && /rule 90 denies TCP 443 to 52\.0\.0\.0\/8/.test(finding.message),
          ),
        );
      });
    });
  }
});
