/**
 * Tags known in the stack: a grant conditioned on aws:ResourceTag/<key> (or the service's own
 * secretsmanager:/ssm: tag key) of a secret, parameter or key whose tags are literals of the
 * stack is decided at preview. A key the resource's tags do not name may still come from the
 * provider's default tags: known only when every AWS provider's default tags are.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access-abac.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/#defaulttags_yaml
 */
import { strict as assert } from "assert";
import { out, StackBuilder } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import {
  dropStatementsMentioning,
  KEY_ARN,
  withAwsProvider,
  withCmkParameter,
  withExecutionStatements,
} from "../fixtures/variants";
import { findingsOf, pairs } from "../support/findings";
import { FORMS } from "./network-stacks";

type Json = Record<string, unknown>;

/** The role's grant of `action` replaced by one on "*" conditioned on a tag. */
const grantIfTagged = (action: string, key: string, value: string) => (statements: Json[]) => [
  ...dropStatementsMentioning(action)(statements),
  { Effect: "Allow", Action: action, Resource: "*", Condition: { StringEquals: { [key]: value } } },
];

const verdicts = (b: StackBuilder, rule: string) => {
  const findings = findingsOf(b.resources);
  return {
    mandatory: pairs(
      findings.filter((finding) => finding.level === "mandatory"),
      rule,
    ),
    unknown: findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN" && /ResourceTag/i.test(finding.message)),
  };
};

describe("tags known in the stack decide tag-conditioned grants", () => {
  for (const form of FORMS) {
    describe(`${form} form`, () => {
      const secretTagged = (tags: Json, key = "aws:ResourceTag/app", value = "shop") =>
        withExecutionStatements(
          referenceStack(form).set("db-secret", { tags }),
          grantIfTagged("secretsmanager:GetSecretValue", key, value),
        );

      it("a secret tagged as the grant asks: allowed", () => {
        assert.deepEqual(verdicts(secretTagged({ app: "shop" }), "FARGATE-SECRETS-IAM"), {
          mandatory: [],
          unknown: [],
        });
        const own = secretTagged({ app: "shop" }, "secretsmanager:ResourceTag/app");
        assert.deepEqual(verdicts(own, "FARGATE-SECRETS-IAM"), { mandatory: [], unknown: [] });
      });

      it("a secret tagged otherwise: denied, a mandatory finding", () => {
        const result = verdicts(secretTagged({ app: "billing" }), "FARGATE-SECRETS-IAM");
        assert.deepEqual(result.mandatory, ["FARGATE-SECRETS-IAM exec-role"]);
      });

      it("a tag key the secret does not have: denied when no provider adds default tags", () => {
        const result = verdicts(
          secretTagged({ app: "shop" }, "aws:ResourceTag/team", "payments"),
          "FARGATE-SECRETS-IAM",
        );
        assert.deepEqual(result.mandatory, ["FARGATE-SECRETS-IAM exec-role"]);
      });

      it("a tag key only the provider's default tags give: decided when they are known", () => {
        const b = withAwsProvider(secretTagged({ app: "shop" }, "aws:ResourceTag/team", "payments"), "default_7_48_0", {
          defaultTags: JSON.stringify({ tags: { team: "payments" } }),
        });
        assert.deepEqual(verdicts(b, "FARGATE-SECRETS-IAM"), { mandatory: [], unknown: [] });
      });

      it("a tag key the secret does not have, beside a provider whose default tags are not known: unknown", () => {
        const b = withAwsProvider(secretTagged({ app: "shop" }, "aws:ResourceTag/team", "payments"), "other", {
          defaultTags: JSON.stringify({ tags: { team: "payments" } }),
        });
        const result = verdicts(b, "FARGATE-SECRETS-IAM");
        assert.deepEqual(result.mandatory, []);
        assert.equal(result.unknown.length, 1);
        // The secret's own tag still decides: the resource's tags win over default tags of the same key.
        const own = withAwsProvider(secretTagged({ app: "shop" }), "other", {
          defaultTags: JSON.stringify({ tags: { app: "x" } }),
        });
        assert.deepEqual(verdicts(own, "FARGATE-SECRETS-IAM"), { mandatory: [], unknown: [] });
      });

      it("a parameter's tags decide ssm:GetParameters (ssm:resourceTag too)", () => {
        const tagged = (value: string) =>
          withExecutionStatements(
            referenceStack(form).set("token-param", { tags: { app: "shop" } }),
            grantIfTagged("ssm:GetParameters", "ssm:resourceTag/app", value),
          );
        assert.deepEqual(verdicts(tagged("shop"), "FARGATE-SSM-IAM"), { mandatory: [], unknown: [] });
        assert.deepEqual(verdicts(tagged("other"), "FARGATE-SSM-IAM").mandatory, ["FARGATE-SSM-IAM exec-role"]);
      });

      it("a key's tags decide kms:Decrypt", () => {
        const tagged = (value: string) => {
          const b = withCmkParameter(referenceStack(form)).set("params-key", { tags: { app: "shop" } });
          return withExecutionStatements(b, (statements) => [
            ...statements,
            {
              Effect: "Allow",
              Action: "kms:Decrypt",
              Resource: KEY_ARN.replace(/key\/.*/, "key/*"),
              Condition: { StringEquals: { "aws:ResourceTag/app": value } },
            },
          ]);
        };
        assert.deepEqual(verdicts(tagged("shop"), "FARGATE-KMS-IAM"), { mandatory: [], unknown: [] });
        assert.deepEqual(verdicts(tagged("other"), "FARGATE-KMS-IAM").mandatory, ["FARGATE-KMS-IAM exec-role"]);
      });

      if (form === "preview")
        it("a tag value computed at preview stays unknown", () => {
          const b = secretTagged({ app: "shop" });
          // A tag value from another resource's output: unknown at a first preview.
          b.set("db-secret", { tags: { app: out(b.handle("api-repo"), "arn") } });
          const result = verdicts(b, "FARGATE-SECRETS-IAM");
          assert.deepEqual(result.mandatory, []);
          assert.equal(result.unknown.length, 1);
        });
    });
  }
});
