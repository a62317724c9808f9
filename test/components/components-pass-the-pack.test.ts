/**
 * The components are right by construction: a stack made of them and an ECS service passes
 * the pack, and leaving out any one input makes the pack report exactly that gap.
 */
import { strict as assert } from "assert";
import { referenceStack, ReferenceOptions } from "../../examples/shared/reference";
import { findingsOf, pairs } from "../support/findings";
import { runUnderMocks } from "../support/mocks";

async function findingsFor(form: "preview" | "deployed", options: ReferenceOptions = {}): Promise<string[]> {
  const resources = await runUnderMocks(form, () => void referenceStack("shop", options));
  return pairs(findingsOf(resources).filter((finding) => finding.level === "mandatory"));
}

describe("components + an ECS service pass the pack", () => {
  for (const form of ["preview", "deployed"] as const) {
    it(`no mandatory finding with every input given (${form})`, async () => {
      assert.deepEqual(await findingsFor(form), []);
    });
  }

  it("and no finding at all once deployed", async () => {
    const resources = await runUnderMocks("deployed", () => void referenceStack("shop"));
    assert.deepEqual(pairs(findingsOf(resources)), []);
  });

  const gaps: [string, ReferenceOptions, string[]][] = [
    ["the secretsmanager service", { services: ["ecr", "logs", "ssm"] }, ["FARGATE-SECRETS-NETWORK shop-api"]],
    ["the ssm service", { services: ["ecr", "logs", "secretsmanager"] }, ["FARGATE-SSM-NETWORK shop-api"]],
    ["the logs service", { services: ["ecr", "secretsmanager", "ssm"] }, ["FARGATE-LOGS-NETWORK shop-api"]],
    [
      "the ecr group (ecr.api, ecr.dkr, S3)",
      { services: ["logs", "secretsmanager", "ssm"] },
      ["FARGATE-ECR-NETWORK shop-api", "FARGATE-S3-NETWORK shop-api"],
    ],
    ["one of the two route tables", { routeTables: "first" }, ["FARGATE-S3-NETWORK shop-endpoints-s3"]],
    ["the repository grant", { withoutGrants: ["repositories"] }, ["FARGATE-ECR-IAM shop-execution"]],
    ["the log group grant", { withoutGrants: ["logGroups"] }, ["FARGATE-LOGS-IAM shop-execution"]],
    ["the secret grant", { withoutGrants: ["secrets"] }, ["FARGATE-SECRETS-IAM shop-execution"]],
    ["the parameter grant", { withoutGrants: ["parameters"] }, ["FARGATE-SSM-IAM shop-execution"]],
    ["the key grant", { customerManagedKey: true, withoutGrants: ["kmsKeys"] }, ["FARGATE-KMS-IAM shop-execution"]],
  ];
  for (const [what, options, expected] of gaps) {
    for (const form of ["preview", "deployed"] as const) {
      it(`without ${what}: exactly ${expected.join(", ")} (${form})`, async () => {
        assert.deepEqual(await findingsFor(form, options), expected);
      });
    }
  }
});
