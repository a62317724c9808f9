import { strict as assert } from "assert";
import {
  ComponentInputError,
  executionRolePolicy,
  executionRoleTrustPolicy,
  expandServices,
  needsForGrants,
  planEndpoints,
  s3EndpointPolicy,
  subnetsPerAvailabilityZone,
} from "../../components/plan";
import { estimateMonthlyCost } from "../../components/pricing";
import { deriveTaskNeeds, evaluateRequest, PolicyStatement } from "../../model";
import { ACCOUNT, REGION } from "../fixtures/stacks";

describe("component planners", () => {
  it("expands service groups and rejects unknown names with the input's path", () => {
    assert.deepEqual(expandServices(["ecr", "logs", "ecs"]), [
      "ecr.api",
      "ecr.dkr",
      "s3",
      "logs",
      "ecs",
      "ecs-agent",
      "ecs-telemetry",
    ]);
    assert.throws(
      () => expandServices(["logs", "cloudwatch"]),
      (error: unknown) =>
        error instanceof ComponentInputError && /^services\[1\]: expected one of ecr, ecs, /.test(error.message),
    );
  });

  it("plans one endpoint per service: private DNS on, except where the VPC already has one", () => {
    const services = expandServices(["ecr", "logs", "secretsmanager"]);
    assert.deepEqual(
      planEndpoints(services, new Set(["logs"])).map((plan) => [
        plan.service,
        plan.type,
        plan.create,
        plan.privateDns,
        plan.decision,
      ]),
      [
        ["ecr.api", "Interface", true, true, "enabled"],
        ["ecr.dkr", "Interface", true, true, "enabled"],
        ["s3", "Gateway", true, false, "enabled"],
        ["logs", "Interface", false, false, "reused-existing"],
        ["secretsmanager", "Interface", true, true, "enabled"],
      ],
    );
    assert.deepEqual(
      planEndpoints(["logs"], new Set(["logs"]), "create-without-private-dns").map((plan) => [
        plan.create,
        plan.privateDns,
        plan.decision,
      ]),
      [[true, false, "disabled-existing"]],
    );
  });

  it("puts endpoint interfaces in one subnet per Availability Zone", () => {
    assert.deepEqual(
      subnetsPerAvailabilityZone([
        { id: "subnet-1", availabilityZone: "eu-west-1a" },
        { id: "subnet-2", availabilityZone: "eu-west-1a" },
        { id: "subnet-3", availabilityZone: "eu-west-1b" },
        { id: "subnet-4", availabilityZone: "eu-west-1c" },
        { id: "subnet-5", availabilityZone: "eu-west-1b" },
      ]),
      ["subnet-1", "subnet-3", "subnet-4"],
    );
  });

  it("estimates cost as interface endpoints x AZs x hourly price x 730", () => {
    assert.deepEqual(estimateMonthlyCost(5, 3), { monthlyCostUsd: 109.5, natGatewaysMonthlyCostUsd: 98.55 });
    assert.deepEqual(estimateMonthlyCost(0, 2), { monthlyCostUsd: 0, natGatewaysMonthlyCostUsd: 65.7 });
  });

  it("an S3 endpoint policy always allows the ECR layer bucket", () => {
    const extra: PolicyStatement[] = [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::shop-config/*" },
    ];
    const policy = s3EndpointPolicy("eu-west-1", extra);
    const request = {
      action: "s3:GetObject",
      resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/sha256:abc",
    };
    assert.equal(
      evaluateRequest([{ name: "endpoint", document: policy }], request, [], "endpoint").decision,
      "allowed",
    );
    assert.equal(
      evaluateRequest(
        [{ name: "endpoint", document: policy }],
        {
          action: "s3:GetObject",
          resource: "arn:aws:s3:::shop-config/a.env",
        },
        [],
        "endpoint",
      ).decision,
      "allowed",
    );
  });

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
