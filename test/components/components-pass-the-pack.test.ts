/**
 * The components are right by construction: a stack made of them and an ECS service passes
 * the pack, and leaving out any one input makes the pack report exactly that gap.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { FargateExecutionRole } from "../../components";
import { network } from "../../examples/shared/network";
import { ACCOUNT } from "../fixtures/stacks";
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

describe("FargateExecutionRole and an ECR pull-through cache, through the pack", () => {
  const IMAGE = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/nginx:1.27`;

  /** A task pulling a cached Docker Hub image in private subnets with NAT, its rule created in the same update. */
  function cachedImageProgram(withPrefixes: boolean) {
    const net = network("ptc", { natPerAz: true });
    const rule = new aws.ecr.PullThroughCacheRule("docker-hub", {
      ecrRepositoryPrefix: "docker-hub",
      upstreamRegistryUrl: "registry-1.docker.io",
    });
    const containers = JSON.stringify([{ name: "web", image: IMAGE, essential: true }]);
    const role = new FargateExecutionRole("ptc-execution", {
      containerDefinitions: [containers],
      pullThroughCachePrefixes: withPrefixes ? [rule.ecrRepositoryPrefix] : undefined,
    });
    const task = new aws.ecs.TaskDefinition("ptc-web", {
      family: "ptc-web",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      executionRoleArn: role.roleArn,
      containerDefinitions: containers,
    });
    new aws.ecs.Service("ptc-web", {
      launchType: "FARGATE",
      taskDefinition: task.arn,
      networkConfiguration: {
        subnets: net.taskSubnets.map((subnet) => subnet.id),
        securityGroups: [net.taskSecurityGroup.id],
      },
    });
  }

  it("given the rule's prefix, the role may import the image: no finding", async () => {
    const resources = await runUnderMocks("preview", () => cachedImageProgram(true));
    assert.deepEqual(pairs(findingsOf(resources).filter((finding) => finding.level === "mandatory")), []);
  });

  it("without it, a pull the new cache misses is denied, and the fix names the input", async () => {
    const resources = await runUnderMocks("preview", () => cachedImageProgram(false));
    const mandatory = findingsOf(resources).filter((finding) => finding.level === "mandatory");
    assert.deepEqual(pairs(mandatory), ["FARGATE-ECR-IAM ptc-execution"]);
    assert.match(
      mandatory[0].message,
      /Fix: add docker-hub to FargateExecutionRole ptc-execution's `pullThroughCachePrefixes` input/,
    );
  });
});
