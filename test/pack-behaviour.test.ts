import { strict as assert } from "assert";
import * as fs from "fs";
import { RULES } from "../policies/rules";
import type { Rule } from "../policies/rules/rule";
import { renderRulesDoc, RULES_DOC } from "../scripts/rules-doc";
import { referenceStack } from "./fixtures/stacks";
import { findingsOf, pairs } from "./support/findings";
import { evaluateStack } from "../policies/evaluate";
import { readPackConfig } from "../policies/config/pack-config";
import { ACCOUNT } from "./fixtures/stacks";
import * as path from "path";

const brokenStack = () => referenceStack("deployed").remove("secretsmanager-endpoint");
const SERVICE_URN = "urn:pulumi:dev::shop::aws:ecs/service:Service::api-service";

describe("pack behaviour", () => {
  describe("acknowledgements", () => {
    it("a config acknowledgement with a reason silences the finding", () => {
      const findings = findingsOf(brokenStack().resources, {
        acknowledgements: [
          {
            rule: "FARGATE-SECRETS-NETWORK",
            resource: "api-service",
            reason: "secrets come through the hub VPC's endpoint",
          },
        ],
      });
      assert.deepEqual(pairs(findings), []);
    });

    it("an expired acknowledgement reports the finding again plus FARGATE-ACK-EXPIRED", () => {
      const findings = findingsOf(brokenStack().resources, {
        acknowledgements: [
          {
            rule: "FARGATE-SECRETS-NETWORK",
            resource: SERVICE_URN,
            reason: "temporary, until the endpoint lands",
            expires: "2020-01-01",
          },
        ],
      });
      assert.deepEqual(pairs(findings), ["FARGATE-ACK-EXPIRED api-service", "FARGATE-SECRETS-NETWORK api-service"]);
      assert.equal(findings.find((finding) => finding.ruleId === "FARGATE-ACK-EXPIRED")?.level, "mandatory");
    });

    it("an expiry that is not a YYYY-MM-DD date keeps the finding (in config and in a tag), saying why", () => {
      const inConfig = findingsOf(brokenStack().resources, {
        acknowledgements: [
          {
            rule: "FARGATE-SECRETS-NETWORK",
            resource: "api-service",
            reason: "accepted for the migration",
            expires: "31/12/2020",
          },
        ],
      });
      const tagged = brokenStack().patch("api-service", (props) => {
        props.tags = {
          "fargate-preflight:ack:FARGATE-SECRETS-NETWORK": "endpoint comes next sprint; expires=31/12/2020",
        };
      });
      for (const findings of [inConfig, findingsOf(tagged.resources)]) {
        assert.deepEqual(pairs(findings), ["FARGATE-SECRETS-NETWORK api-service"]);
        assert.match(findings[0].message, /expiry "31\/12\/2020" is not a date written YYYY-MM-DD/);
      }
    });

    it("an acknowledgement lasts to the end of its expiry day", () => {
      const until = (expires: string, today: string) =>
        pairs(
          evaluateStack(
            brokenStack().resources,
            readPackConfig({
              region: "eu-west-1",
              accountId: ACCOUNT,
              acknowledgements: [
                {
                  rule: "FARGATE-SECRETS-NETWORK",
                  resource: "api-service",
                  reason: "until the endpoint lands",
                  expires,
                },
              ],
            }),
            { today: new Date(today) },
          ),
        );
      assert.deepEqual(until("2026-12-31", "2026-12-31T18:00:00Z"), []);
      assert.deepEqual(until("2026-12-31", "2027-01-01T00:00:01Z"), [
        "FARGATE-ACK-EXPIRED api-service",
        "FARGATE-SECRETS-NETWORK api-service",
      ]);
    });

    it("a reason shorter than 10 characters does not count", () => {
      const findings = findingsOf(brokenStack().resources, {
        acknowledgements: [{ rule: "FARGATE-SECRETS-NETWORK", resource: "api-service", reason: "ok" }],
      });
      assert.deepEqual(pairs(findings), ["FARGATE-SECRETS-NETWORK api-service"]);
      assert.match(findings[0].message, /at least 10 characters/);
    });

    const taggedWith = (value: string) =>
      brokenStack().patch("api-service", (props) => {
        props.tags = { "fargate-preflight:ack:FARGATE-SECRETS-NETWORK": value };
      }).resources;

    it("a tag acknowledges in the form IAM tag values allow (no ';')", () => {
      assert.deepEqual(
        pairs(findingsOf(taggedWith("hub endpoint shared by the platform team expires=2999-01-01"))),
        [],
      );
      assert.deepEqual(pairs(findingsOf(taggedWith("hub endpoint shared by the platform team expires=2020-01-01"))), [
        "FARGATE-ACK-EXPIRED api-service",
        "FARGATE-SECRETS-NETWORK api-service",
      ]);
    });

    it("a resource tag acknowledges too", () => {
      assert.deepEqual(
        pairs(findingsOf(taggedWith("hub endpoint shared by the platform team; expires=2999-01-01"))),
        [],
      );
    });
  });

  describe("levels", () => {
    it("a rule can be set advisory or disabled in config", () => {
      const advisory = findingsOf(brokenStack().resources, { levels: { "FARGATE-SECRETS-NETWORK": "advisory" } });
      assert.deepEqual(
        advisory.map((finding) => finding.level),
        ["advisory"],
      );
      assert.deepEqual(findingsOf(brokenStack().resources, { levels: { "FARGATE-SECRETS-NETWORK": "disabled" } }), []);
    });
  });

  describe("a rule that throws", () => {
    const throwing: Rule = {
      id: "TEST-THROWS",
      description: "always throws",
      explanation: "-",
      fix: "-",
      defaultLevel: "mandatory",
      docs: { failing: "-", passing: "-" },
      check: () => {
        throw new Error("boom");
      },
    };

    it("is reported at its level and the other rules still run", () => {
      const findings = findingsOf(brokenStack().resources, {}, [throwing, ...RULES]);
      assert.deepEqual(pairs(findings), ["FARGATE-RULE-ERROR ", "FARGATE-SECRETS-NETWORK api-service"]);
      const error = findings.find((finding) => finding.ruleId === "FARGATE-RULE-ERROR");
      assert.equal(error?.level, "mandatory");
      assert.match(error?.message ?? "", /Rule TEST-THROWS failed \(boom\)/);
    });
  });

  describe("rule metadata", () => {
    it("every rule has a unique stable id, texts, a code file and a test file named after it", () => {
      const ids = RULES.map((rule) => rule.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const rule of RULES) {
        assert.match(rule.id, /^FARGATE-[A-Z0-9-]+$/);
        assert.ok(rule.description && rule.explanation && rule.fix, rule.id);
        const file = rule.id.toLowerCase();
        assert.ok(fs.existsSync(path.join(__dirname, "..", "policies", "rules", `${file}.ts`)), `${file}.ts`);
        assert.ok(fs.existsSync(path.join(__dirname, "rules", `${file}.test.ts`)), `${file}.test.ts`);
      }
    });

    it("RULES.md is what the rules say (run npm run rules-doc)", () => {
      assert.equal(fs.readFileSync(RULES_DOC, "utf8"), renderRulesDoc());
    });
  });
});
