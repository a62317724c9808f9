/**
 * The account at a first preview: no ARN tells it, but the AWS provider may declare it
 * (allowedAccountIds with one account, an assumed role's ARN) and a FargateExecutionRole may have
 * resolved it (its trust policy's aws:SourceAccount). IAM verdicts that hang on the account alone
 * then become decisions. Nothing is concluded when the sources disagree or one may be another account.
 */
import { strict as assert } from "assert";
import { evaluateStack, LeveledFinding } from "../../policies/evaluate";
import { readPackConfig, stackConfigDefaults, stackConfigOf } from "../../policies/config/pack-config";
import type { StackConfig } from "../../policies/analysis/providers";
import { EXECUTION_ROLE_TYPE } from "../../model";
import type { StackBuilder } from "../fixtures/builder";
import { ACCOUNT, REGION, referenceStack } from "../fixtures/stacks";
import { withAwsProvider } from "../fixtures/variants";
import { pairs } from "../support/findings";

const OTHER = "444455556666";

/** A first preview with no accountId in the pack config: the account only from what the stack declares. */
function findings(b: StackBuilder, stackConfig: StackConfig = {}): LeveledFinding[] {
  return evaluateStack(b.resources, readPackConfig({ region: REGION }), { stackConfig });
}

const accountAdvisories = (list: readonly LeveledFinding[]) =>
  list.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN" && /account/.test(finding.message));
const mandatory = (list: readonly LeveledFinding[]) => pairs(list.filter((finding) => finding.level === "mandatory"));

describe("the stack's account at a first preview", () => {
  it("unknown when nothing declares it: the role's grants name an account id", () => {
    const list = findings(referenceStack("preview"));
    assert.deepEqual(mandatory(list), []);
    assert.ok(accountAdvisories(list).length > 0);
  });

  for (const [title, settings] of [
    [
      "allowedAccountIds with one account (JSON text, as the provider resource holds it)",
      { allowedAccountIds: `["${ACCOUNT}"]` },
    ],
    ["an assumed role's ARN", { assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${ACCOUNT}:role/deploy` }]) }],
  ] as const) {
    it(`declared by the provider resource: ${title}; the grants are decided`, () => {
      const list = findings(withAwsProvider(referenceStack("preview"), "default_7_48_0", settings));
      assert.deepEqual(mandatory(list), []);
      assert.deepEqual(
        accountAdvisories(list).map((finding) => finding.message),
        [],
      );
    });
  }

  it("declared for another account than the grants name: the grants are denied, a mandatory finding", () => {
    const list = findings(
      withAwsProvider(referenceStack("preview"), "default_7_48_0", { allowedAccountIds: `["${OTHER}"]` }),
    );
    assert.deepEqual(mandatory(list), [
      "FARGATE-ECR-IAM exec-role",
      "FARGATE-LOGS-IAM exec-role",
      "FARGATE-SECRETS-IAM exec-role",
      "FARGATE-SSM-IAM exec-role",
    ]);
  });

  it("declared by the stack config (aws:allowedAccountIds) when no provider resource is sent", () => {
    const list = findings(referenceStack("preview"), stackConfigOf({ "aws:allowedAccountIds": `["${ACCOUNT}"]` }));
    assert.deepEqual(
      accountAdvisories(list).map((finding) => finding.message),
      [],
    );
  });

  it("read from PULUMI_CONFIG as the engine sets it", () => {
    const config = stackConfigDefaults({
      PULUMI_CONFIG: JSON.stringify({ "aws:region": REGION, "aws:allowedAccountIds": `["${ACCOUNT}"]` }),
    });
    assert.equal(config.region, REGION);
    assert.deepEqual(config.awsProvider?.allowedAccountIds, `["${ACCOUNT}"]`);
  });

  for (const [title, make] of [
    [
      "two providers declaring different accounts",
      (b: StackBuilder) =>
        withAwsProvider(withAwsProvider(b, "default_7_48_0", { allowedAccountIds: `["${ACCOUNT}"]` }), "other", {
          allowedAccountIds: `["${OTHER}"]`,
        }),
    ],
    [
      "an explicit provider that declares nothing beside one that does",
      (b: StackBuilder) =>
        withAwsProvider(withAwsProvider(b, "default_7_48_0", { allowedAccountIds: `["${ACCOUNT}"]` }), "other", {}),
    ],
    [
      "allowedAccountIds with two accounts",
      (b: StackBuilder) => withAwsProvider(b, "default_7_48_0", { allowedAccountIds: `["${ACCOUNT}","${OTHER}"]` }),
    ],
  ] as const) {
    it(`not concluded: ${title}`, () => {
      const list = findings(make(referenceStack("preview")));
      assert.deepEqual(mandatory(list), []);
      assert.ok(accountAdvisories(list).length > 0);
    });
  }

  describe("resolved by a FargateExecutionRole (its trust policy's aws:SourceAccount)", () => {
    /** The reference's role as a FargateExecutionRole makes it: a child of the component, its trust bound to the account. */
    function asComponentRole(b: StackBuilder, account: string): StackBuilder {
      const role = b.find("exec-role");
      role.parent = `urn:pulumi:dev::shop::${EXECUTION_ROLE_TYPE}::exec`;
      return b.patch("exec-role", (properties) => {
        properties.assumeRolePolicy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "ecs-tasks.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
          ],
        });
      });
    }

    it("decides the grants", () => {
      const list = findings(asComponentRole(referenceStack("preview"), ACCOUNT));
      assert.deepEqual(
        accountAdvisories(list).map((finding) => finding.message),
        [],
      );
      assert.deepEqual(mandatory(list), []);
    });

    it("but not the offline command's stand-in account", () => {
      const list = findings(asComponentRole(referenceStack("preview"), ACCOUNT), { standInAccountId: ACCOUNT });
      assert.ok(accountAdvisories(list).length > 0);
    });

    it("nor beside a provider declaring another account", () => {
      const b = withAwsProvider(asComponentRole(referenceStack("preview"), ACCOUNT), "default_7_48_0", {
        allowedAccountIds: `["${OTHER}"]`,
      });
      assert.ok(accountAdvisories(findings(b)).length > 0);
    });
  });
});
