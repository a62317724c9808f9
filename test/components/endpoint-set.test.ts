import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import type { StackResource } from "../../engine/stack-resource";
import { FargateEndpointSet, FargateEndpointSetArgs } from "../../components";
import { UNKNOWN } from "../../model";
import { byType, runUnderMocks, valueOf } from "../support/mocks";
import { initialised } from "./provider-mocks";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

interface Network {
  vpc: aws.ec2.Vpc;
  subnets: aws.ec2.Subnet[];
  tables: aws.ec2.RouteTable[];
  tasks: aws.ec2.SecurityGroup;
}

/** Three task subnets in two AZs, each with its route table. */
function network(prefix: string): Network {
  const vpc = new aws.ec2.Vpc(`${prefix}-vpc`, { cidrBlock: "10.1.0.0/16", enableDnsHostnames: true });
  const zones = ["a", "b", "a"];
  const subnets = zones.map(
    (zone, i) =>
      new aws.ec2.Subnet(`${prefix}-s${i}`, {
        vpcId: vpc.id,
        cidrBlock: `10.1.${i}.0/24`,
        availabilityZone: `eu-west-1${zone}`,
      }),
  );
  const tables = subnets.map((_, i) => new aws.ec2.RouteTable(`${prefix}-rt${i}`, { vpcId: vpc.id }));
  const tasks = new aws.ec2.SecurityGroup(`${prefix}-tasks`, { vpcId: vpc.id });
  return { vpc, subnets, tables, tasks };
}

function args(net: Network, extra: Partial<FargateEndpointSetArgs> = {}): FargateEndpointSetArgs {
  return {
    vpcId: net.vpc.id,
    subnetIds: net.subnets.map((subnet) => subnet.id),
    routeTableIds: net.tables.map((table) => table.id),
    taskSecurityGroupIds: [net.tasks.id],
    services: ["ecr", "logs", "secretsmanager"],
    region: "eu-west-1",
    ...extra,
  };
}

/** What reaches AWS: the inputs after the provider's Check (the planned state adds unknowns). */
const propsOf = (resources: StackResource[], name: string) =>
  resources.find((resource) => resource.name === name)!.inputs!;

describe("FargateEndpointSet", () => {
  for (const form of ["preview", "deployed"] as const) {
    describe(`inputs that reach AWS (${form})`, () => {
      let resources: StackResource[];
      let set: FargateEndpointSet;
      let cost: number | undefined;
      let subnetIds: string[] | undefined;
      let privateDns: Record<string, string> | undefined;
      before(async () => {
        resources = await runUnderMocks(form, () => {
          const net = network(`n-${form}`);
          set = new FargateEndpointSet(`eps-${form}`, args(net));
          void valueOf(set.monthlyCostUsd).then((value) => (cost = value));
          void valueOf(set.endpointSubnetIds).then((value) => (subnetIds = value));
          void valueOf(set.privateDns).then((value) => (privateDns = value));
        });
      });

      it("creates one endpoint per service with its service name and type, private DNS on interfaces", () => {
        const endpoints = byType(resources, ENDPOINT)
          .map((r) => [r.inputs!.serviceName, r.inputs!.vpcEndpointType, r.inputs!.privateDnsEnabled ?? null])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        assert.deepEqual(endpoints, [
          ["com.amazonaws.eu-west-1.ecr.api", "Interface", true],
          ["com.amazonaws.eu-west-1.ecr.dkr", "Interface", true],
          ["com.amazonaws.eu-west-1.logs", "Interface", true],
          ["com.amazonaws.eu-west-1.s3", "Gateway", null],
          ["com.amazonaws.eu-west-1.secretsmanager", "Interface", true],
        ]);
        assert.deepEqual(privateDns, {
          "ecr.api": "enabled",
          "ecr.dkr": "enabled",
          s3: "enabled",
          logs: "enabled",
          secretsmanager: "enabled",
        });
      });

      it("opens its security group on 443 to the task security group only", () => {
        const group = propsOf(resources, `eps-${form}-endpoints`);
        const ingress = group.ingress as Record<string, unknown>[];
        assert.equal(ingress.length, 1);
        assert.deepEqual(
          [ingress[0].protocol, ingress[0].fromPort, ingress[0].toPort, ingress[0].cidrBlocks],
          ["tcp", 443, 443, undefined],
        );
        assert.equal((ingress[0].securityGroups as string[]).length, 1);
        assert.deepEqual(group.egress, []);
        assert.ok(!JSON.stringify(group).includes("0.0.0.0/0"));
      });

      it("associates the S3 gateway with every task route table", () => {
        const s3 = propsOf(resources, `eps-${form}-s3`);
        assert.equal((s3.routeTableIds as string[]).length, 3);
        assert.equal(s3.policy, undefined);
      });

      if (form === "deployed") {
        it("puts interface endpoints in one subnet per AZ and estimates 4 endpoints x 2 AZs x $0.01 x 730", () => {
          assert.equal(subnetIds?.length, 2);
          assert.deepEqual(propsOf(resources, `eps-${form}-logs`).subnetIds, subnetIds);
          assert.equal(cost, 58.4);
        });
      } else {
        it("leaves subnets and cost unknown while the subnets do not exist yet", () => {
          assert.equal(propsOf(resources, `eps-${form}-logs`).subnetIds, UNKNOWN);
          assert.equal(cost, undefined);
        });
      }
    });
  }

  it("derives services from container definitions, adds ssmmessages for ECS Exec, and never a kms endpoint for secrets", async () => {
    const resources = await runUnderMocks("deployed", () => {
      const net = network("derive");
      new FargateEndpointSet("derived", {
        ...args(net),
        services: undefined,
        enableExecuteCommand: true,
        containerDefinitions: [
          JSON.stringify([
            {
              name: "api",
              image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:1",
              secrets: [{ name: "A", valueFrom: "/shop/token" }],
              logConfiguration: {
                logDriver: "awslogs",
                options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1" },
              },
            },
          ]),
        ],
      });
    });
    assert.deepEqual(
      byType(resources, ENDPOINT)
        .map((r) => String(r.properties.serviceName).split(".").slice(3).join("."))
        .sort(),
      ["ecr.api", "ecr.dkr", "logs", "s3", "ssm", "ssmmessages"],
    );
  });

  it("reuses an endpoint the VPC already has, or creates one without private DNS", async () => {
    let reuse: FargateEndpointSet | undefined;
    let ids: Record<string, string> | undefined;
    const resources = await runUnderMocks("deployed", () => {
      const net = network("existing");
      reuse = new FargateEndpointSet("reuse", {
        ...args(net),
        services: ["logs", "secretsmanager"],
        existingEndpoints: { logs: "vpce-0123" },
      });
      void valueOf(reuse.endpoints).then((value) => (ids = value));
      const other = network("existing2");
      new FargateEndpointSet("second", {
        ...args(other),
        services: ["logs"],
        existingEndpoints: { logs: "vpce-0456" },
        existingEndpointMode: "create-without-private-dns",
      });
    });
    assert.deepEqual(await valueOf(reuse!.privateDns), { logs: "reused-existing", secretsmanager: "enabled" });
    assert.equal(ids?.logs, "vpce-0123");
    assert.deepEqual(
      byType(resources, ENDPOINT)
        .filter((r) => r.name.startsWith("reuse"))
        .map((r) => r.name),
      ["reuse-secretsmanager"],
    );
    assert.equal(propsOf(resources, "second-logs").privateDnsEnabled, false);
  });

  it("allows the VPC CIDR on 443 when no task security groups are given", async () => {
    const resources = await runUnderMocks("deployed", () => {
      const net = network("cidr");
      new FargateEndpointSet("cidr", { ...args(net), taskSecurityGroupIds: undefined, vpcCidrBlock: "10.1.0.0/16" });
    });
    assert.deepEqual((propsOf(resources, "cidr-endpoints").ingress as Record<string, unknown>[])[0].cidrBlocks, [
      "10.1.0.0/16",
    ]);
  });

  it("writes an S3 endpoint policy that always allows the ECR layer bucket when statements are given", async () => {
    const resources = await runUnderMocks("deployed", () => {
      new FargateEndpointSet("policy", {
        ...args(network("policy")),
        s3EndpointPolicyStatements: JSON.stringify([
          { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::shop-config/*" },
        ]),
      });
    });
    const policy = JSON.parse(String(propsOf(resources, "policy-s3").policy));
    assert.deepEqual(policy.Statement[0].Resource, "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*");
  });

  describe("bad input is rejected with the input's name", () => {
    const cases: [string, (net: Network) => FargateEndpointSetArgs, RegExp][] = [
      ["no subnets", (net) => args(net, { subnetIds: [] }), /subnetIds: expected at least one subnet/],
      ["an unknown service", (net) => args(net, { services: ["ecr", "cloudwatch"] }), /services\[1\]: expected one of/],
      [
        "no route tables while S3 is needed",
        (net) => args(net, { routeTableIds: [] }),
        /routeTableIds: expected the route tables of the task subnets/,
      ],
      ["no services at all", (net) => args(net, { services: [] }), /services: expected at least one service/],
      [
        "an unknown existing endpoint name",
        (net) => args(net, { existingEndpoints: { cloudwatch: "vpce-1" } }),
        /existingEndpoints\.cloudwatch/,
      ],
      [
        "an endpoint policy for a group name (it would restrict nothing)",
        (net) => args(net, { endpointPolicies: { ecr: JSON.stringify({ Version: "2012-10-17", Statement: [] }) } }),
        /endpointPolicies\.ecr: expected an interface endpoint's service name/,
      ],
      [
        "an endpoint policy that is not a JSON document",
        (net) => args(net, { endpointPolicies: { "ecr.api": "{not json" } }),
        /endpointPolicies\.ecr\.api: expected a JSON policy document, got "\{not json"/,
      ],
    ];
    for (const [title, make, message] of cases) {
      it(title, async () => {
        await runUnderMocks("deployed", () => {
          const net = network(`bad-${title.length}`);
          assert.throws(() => new FargateEndpointSet(`bad-${title.length}`, make(net)), message);
        });
      });
    }

    it("a second set creating a private-DNS endpoint for the same service in the same VPC (always the later one)", async () => {
      let again: FargateEndpointSet | undefined;
      const resources = await runUnderMocks("deployed", async () => {
        const net = network("twice");
        const first = new FargateEndpointSet("first", args(net, { services: ["logs"] }));
        again = new FargateEndpointSet("again", args(net, { services: ["logs", "ssm"] }));
        await initialised(first);
        await assert.rejects(
          initialised(again!),
          /FargateEndpointSet again: expected no second private-DNS endpoint for logs in a VPC where FargateEndpointSet first already creates one.*existingEndpoints/,
        );
      });
      assert.deepEqual(
        byType(resources, ENDPOINT).map((r) => r.name),
        ["first-logs"],
        "the failing set creates nothing",
      );
    });
  });
});
