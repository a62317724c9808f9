/** The execution-role plan behind FargateExecutionRole (components/role-plan.ts), without Pulumi. */
import { strict as assert } from "assert";
import { executionRolePolicy, executionRoleTrustPolicy, needsForGrants } from "../../components/role-plan";
import { deriveTaskNeeds, evaluateRequest, PolicyStatement } from "../../model";
import { ACCOUNT, REGION } from "../fixtures/stacks";

describe("component planners", () => {
  describe("execution role policy", () => {
    const containers = JSON.stringify([
      {
        name: "api",
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop/api:1`,
        secrets: [
          { name: "DB", valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-AbC123:password::` },
          { name: "TOKEN", valueFrom: "/shop/token" },
        ],
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": "/ecs/api", "awslogs-region": REGION, "awslogs-create-group": "true" },
        },
      },
    ]);
    const needs = deriveTaskNeeds({ containerDefinitions: containers, region: REGION, accountId: ACCOUNT }).needs;

    it("has one statement per action group on the exact ARNs; only GetAuthorizationToken is on *", () => {
      assert.deepEqual(executionRolePolicy(needs), {
        Version: "2012-10-17",
        Statement: [
          { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: "EcrPull",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop/api`,
          },
          {
            Sid: "Secrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-AbC123`,
          },
          {
            Sid: "Parameters",
            Effect: "Allow",
            Action: "ssm:GetParameters",
            Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/shop/token`,
          },
          {
            Sid: "LogStreams",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api:*`,
          },
          {
            Sid: "LogGroupCreate",
            Effect: "Allow",
            Action: "logs:CreateLogGroup",
            Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api`,
          },
        ],
      });
    });

    it("allows every requirement it was built from (checked with the pack's evaluator)", () => {
      const document = executionRolePolicy(needs);
      for (const need of needs) {
        for (const requirement of need.iam) {
          const verdict = evaluateRequest([{ name: "role", document }], requirement);
          assert.equal(verdict.decision, "allowed", `${requirement.action} on ${requirement.resource}`);
        }
      }
    });

    it("turns explicit names into ARNs: secrets by name get the random-suffix pattern, keys a ViaService condition", () => {
      const grants = needsForGrants(
        {
          repositories: ["shop/api"],
          secrets: ["shop/db"],
          parameters: ["shop/token"],
          kmsKeys: ["key-1"],
          logGroups: ["/ecs/api"],
        },
        REGION,
        ACCOUNT,
      );
      const document = executionRolePolicy(grants);
      const statements = (document.Statement as PolicyStatement[]).map((statement) => [
        statement.Sid,
        statement.Resource,
        statement.Condition,
      ]);
      assert.deepEqual(statements, [
        ["EcrAuthorizationToken", "*", undefined],
        ["EcrPull", `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop/api`, undefined],
        ["LogStreams", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api:*`, undefined],
        ["Secrets", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/db-??????`, undefined],
        ["Parameters", `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/shop/token`, undefined],
        [
          "DecryptSecrets",
          `arn:aws:kms:${REGION}:${ACCOUNT}:key/key-1`,
          {
            StringEquals: {
              "kms:ViaService": [`secretsmanager.${REGION}.amazonaws.com`, `ssm.${REGION}.amazonaws.com`],
            },
          },
        ],
      ]);
    });

    it("trusts ecs-tasks.amazonaws.com only, with the confused-deputy conditions", () => {
      assert.deepEqual(executionRoleTrustPolicy(REGION, ACCOUNT), {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": ACCOUNT },
              ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` },
            },
          },
        ],
      });
    });
  });
});
