/** The endpoint plan behind FargateEndpointSet (components/endpoint-plan.ts), without Pulumi. */
import { strict as assert } from "assert";
import {
  expandServices,
  planEndpoints,
  s3EndpointPolicy,
  subnetsPerAvailabilityZone,
} from "../../components/endpoint-plan";
import { ComponentInputError } from "../../components/inputs";
import { estimateMonthlyCost } from "../../components/pricing";
import { evaluateRequest, PolicyStatement } from "../../model";

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
});
