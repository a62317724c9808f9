import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import type { StackResource } from "../../engine/stack-resource";
import { FargateExecutionRole } from "../../components";
import { PolicyDocument, PolicyStatement, UNKNOWN } from "../../model";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { byType, runUnderMocks } from "../support/mocks";

const containers = JSON.stringify([
  {
    name: "api",
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop/api:1`,
    secrets: [{ name: "DB", valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-AbC123` }],
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-region": REGION } },
  },
]);

function policyOf(resources: StackResource[]): PolicyDocument | typeof UNKNOWN {
  const value = byType(resources, "aws:iam/rolePolicy:RolePolicy")[0].properties.policy;
  return value === UNKNOWN ? UNKNOWN : (JSON.parse(String(value)) as PolicyDocument);
}

describe("FargateExecutionRole", () => {
  for (const form of ["preview", "deployed"] as const) {
    it(`derives every grant from the container definitions; only GetAuthorizationToken on * (${form})`, async () => {
      const resources = await runUnderMocks(form, () => {
        new FargateExecutionRole(`exec-${form}`, { containerDefinitions: [containers], region: REGION });
      });
      const policy = policyOf(resources);
      assert.notEqual(policy, UNKNOWN, "plain container definitions give a policy known at preview");
      const statements = (policy as PolicyDocument).Statement as PolicyStatement[];
      assert.deepEqual(
        statements.map((statement) => [statement.Sid, statement.Resource]),
        [
          ["EcrAuthorizationToken", "*"],
          ["EcrPull", `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop/api`],
          ["Secrets", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-AbC123`],
          ["LogStreams", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api:*`],
        ],
      );
      const trust = JSON.parse(String(byType(resources, "aws:iam/role:Role")[0].properties.assumeRolePolicy));
      assert.deepEqual(trust.Statement[0].Principal, { Service: "ecs-tasks.amazonaws.com" });
      assert.deepEqual(trust.Statement[0].Condition.StringEquals, { "aws:SourceAccount": ACCOUNT });
      assert.deepEqual(
        byType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
        [],
        "no managed policy unless asked for",
      );
    });
  }

  describe("images of an ECR pull-through cache", () => {
    const cached = JSON.stringify([
      { name: "web", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx:1.27` },
    ]);
    const cacheStatement = (resources: StackResource[]) =>
      ((policyOf(resources) as PolicyDocument).Statement as PolicyStatement[]).find(
        (statement) => statement.Sid === "EcrPullThroughCache",
      );

    for (const form of ["preview", "deployed"] as const) {
      it(`grants the import and the cache repository for the rule's prefix, known at preview (${form})`, async () => {
        const resources = await runUnderMocks(form, () => {
          const rule = new aws.ecr.PullThroughCacheRule("docker-hub", {
            ecrRepositoryPrefix: "docker-hub",
            upstreamRegistryUrl: "registry-1.docker.io",
          });
          new FargateExecutionRole(`cache-${form}`, {
            containerDefinitions: [cached],
            pullThroughCachePrefixes: [rule.ecrRepositoryPrefix],
            region: REGION,
          });
        });
        assert.deepEqual(cacheStatement(resources), {
          Sid: "EcrPullThroughCache",
          Effect: "Allow",
          Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/docker-hub/library/nginx`,
        });
      });
    }

    it("grants neither for an image under no prefix it is given, nor for a repository given by name outside one", async () => {
      const resources = await runUnderMocks("preview", () => {
        new FargateExecutionRole("no-cache", { containerDefinitions: [cached], pullThroughCachePrefixes: ["quay"] });
      });
      assert.equal(cacheStatement(resources), undefined);
      const byName = await runUnderMocks("preview", () => {
        new FargateExecutionRole("by-name", {
          repositories: ["docker-hub/library/nginx"],
          pullThroughCachePrefixes: ["docker-hub"],
        });
      });
      assert.ok(cacheStatement(byName), "a repository under a cache prefix given by name is cached too");
    });

    it("refuses a prefix that is not an ecrRepositoryPrefix, naming the input", async () => {
      await runUnderMocks("preview", () => {
        assert.throws(
          () =>
            new FargateExecutionRole("bad-prefix", {
              containerDefinitions: [cached],
              pullThroughCachePrefixes: ["ROOT"],
            }),
          /pullThroughCachePrefixes\[0\]: expected the ecrRepositoryPrefix of a pull-through cache rule/,
        );
      });
    });
  });

  it("attaches managed policies only when asked, and passes boundary and path", async () => {
    const resources = await runUnderMocks("deployed", () => {
      new FargateExecutionRole("managed", {
        repositories: ["shop/api"],
        region: REGION,
        managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"],
        permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
        path: "/ecs/",
      });
    });
    const role = byType(resources, "aws:iam/role:Role")[0].properties;
    assert.deepEqual([role.permissionsBoundary, role.path], [`arn:aws:iam::${ACCOUNT}:policy/boundary`, "/ecs/"]);
    assert.equal(
      byType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")[0].properties.policyArn,
      "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
    );
  });

  it("rejects a malformed definition, naming the input", async () => {
    await runUnderMocks("deployed", () => {
      assert.throws(
        () => new FargateExecutionRole("none", { region: REGION }),
        /containerDefinitions: expected the container definitions/,
      );
    });
    await runUnderMocks("deployed", () => {
      // Empty lists (as config may give them) grant nothing: IAM would refuse the empty policy at deploy.
      assert.throws(
        () => new FargateExecutionRole("empty", { secrets: [], repositories: [], region: REGION }),
        /containerDefinitions: expected the container definitions/,
      );
    });
    await runUnderMocks("deployed", () => {
      assert.throws(
        () =>
          new FargateExecutionRole("bad", { containerDefinitions: ['[{"name": "api", "image": 7}]'], region: REGION }),
        /containerDefinitions\[0\]\[0\]\.image: expected a non-empty string, got number/,
      );
    });
  });
});
