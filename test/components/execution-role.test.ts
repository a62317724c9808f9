import { strict as assert } from "assert";
import type { StackResource } from "../../cli/analyzerClient";
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
