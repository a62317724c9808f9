/**
 * The awsx stand-ins under the offline mocks, compared with what the awsx provider creates
 * (its ec2/vpc.ts, ecs/*.ts, lb/*.ts and role.ts at facts.ts AWSX_SOURCE): the children's types,
 * names, parents and key inputs, and the dependencies the engine would record, as the recorded
 * stack (first preview unless said) shows them to the pack.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type * as awsxTypes from "@pulumi/awsx";
import type { StackResource } from "../../engine/stack-resource";
import { isSupportedAwsx, supportedAwsxText, type Version } from "../../engine/simulator/awsx/facts";
import type { AwsxRuntime, NotConstructed } from "../../engine/simulator/awsx/runtime";
import { vpcStandIns } from "../../engine/simulator/awsx/vpc";
import { ecsStandIns } from "../../engine/simulator/awsx/ecs";
import { lbStandIns } from "../../engine/simulator/awsx/lb";
import { ecrStandIns } from "../../engine/simulator/awsx/ecr";
import { defaultFamily } from "../../engine/simulator/awsx/containers";
import { UNKNOWN } from "../../model/unknown";
import { byType, runUnderMocks, valueOf } from "../support/mocks";
import type { StackForm } from "../../engine/simulator";

function awsx(version: Version = [3, 9, 0]) {
  const refused: NotConstructed[] = [];
  const runtime: AwsxRuntime = { pulumi, aws, version, refuse: (component) => refused.push(component) };
  return {
    ...vpcStandIns(runtime),
    ...ecsStandIns(runtime),
    ...lbStandIns(runtime),
    ...ecrStandIns(runtime),
    refused,
  };
}

const named = (resources: StackResource[], type: string, name: string) => {
  const found = resources.find((resource) => resource.type === type && resource.name === name);
  assert.ok(found, `${type} ${name} was not registered: ${resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
  return found;
};
const namesOf = (resources: StackResource[], type: string) => byType(resources, type).map((resource) => resource.name);
const T = {
  vpc: "aws:ec2/vpc:Vpc",
  igw: "aws:ec2/internetGateway:InternetGateway",
  subnet: "aws:ec2/subnet:Subnet",
  table: "aws:ec2/routeTable:RouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  group: "aws:ec2/securityGroup:SecurityGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
};

async function run(form: StackForm, program: (x: ReturnType<typeof awsx>) => void, version?: Version) {
  const x = awsx(version);
  const resources = await runUnderMocks(form, () => program(x));
  return { resources, refused: x.refused };
}

describe("awsx stand-ins under the offline mocks", function () {
  this.timeout(60000);

  it("Vpc with defaults: 3 zones, a NAT gateway and Elastic IP per zone, 32 resources under the component", async () => {
    const { resources } = await run("preview", (x) => new x.Vpc("shop", {}));
    const component = named(resources, "awsx:ec2:Vpc", "shop");
    const vpc = named(resources, T.vpc, "shop");
    assert.equal(vpc.parent, component.urn);
    assert.deepEqual(vpc.inputs?.cidrBlock, "10.0.0.0/16");
    assert.deepEqual(vpc.inputs?.tags, { Name: "shop" });
    const children = resources.filter((resource) => resource.type.startsWith("aws:"));
    assert.equal(children.length, 32);
    assert.deepEqual(namesOf(resources, T.subnet), [
      "shop-public-1",
      "shop-private-1",
      "shop-public-2",
      "shop-private-2",
      "shop-public-3",
      "shop-private-3",
    ]);
    for (const subnet of byType(resources, T.subnet)) {
      assert.equal(subnet.parent, vpc.urn);
      assert.equal(subnet.inputs?.mapPublicIpOnLaunch, subnet.name.includes("public"));
      assert.equal(subnet.inputs?.assignIpv6AddressOnCreation, false);
      // awsx sends an IPv6 block computed from the VPC's, unknown at a first preview (v3.3.0 on).
      assert.equal(subnet.inputs?.ipv6CidrBlock, UNKNOWN);
      const table = named(resources, T.table, subnet.name);
      assert.equal(table.parent, subnet.urn);
      assert.equal(named(resources, T.association, subnet.name).parent, table.urn);
    }
    assert.deepEqual(
      ["shop-private-1", "shop-public-1", "shop-private-3"].map((name) => [
        named(resources, T.subnet, name).inputs?.availabilityZone,
        named(resources, T.subnet, name).inputs?.cidrBlock,
      ]),
      [
        ["eu-west-1a", "10.0.0.0/19"],
        ["eu-west-1a", "10.0.32.0/20"],
        ["eu-west-1c", "10.0.128.0/19"],
      ],
    );
    for (const zone of [1, 2, 3]) {
      const publicSubnet = named(resources, T.subnet, `shop-public-${zone}`);
      const nat = named(resources, T.nat, `shop-${zone}`);
      assert.equal(nat.parent, publicSubnet.urn);
      assert.deepEqual(nat.propertyDependencies.subnetId, [publicSubnet.urn]);
      assert.deepEqual(nat.propertyDependencies.allocationId, [named(resources, T.eip, `shop-${zone}`).urn]);
      const publicRoute = named(resources, T.route, `shop-public-${zone}`);
      assert.equal(publicRoute.inputs?.destinationCidrBlock, "0.0.0.0/0");
      assert.deepEqual(publicRoute.propertyDependencies.gatewayId, [named(resources, T.igw, "shop").urn]);
      // Each private subnet routes to the NAT gateway of its own zone.
      assert.deepEqual(named(resources, T.route, `shop-private-${zone}`).propertyDependencies.natGatewayId, [nat.urn]);
    }
  });

  it("Vpc with natGateways None: no NAT gateway, no Elastic IP, no route in the private route tables (23 resources)", async () => {
    const { resources } = await run("preview", (x) => new x.Vpc("shop", { natGateways: { strategy: "None" } }));
    assert.equal(resources.filter((resource) => resource.type.startsWith("aws:")).length, 23);
    assert.deepEqual(byType(resources, T.nat), []);
    assert.deepEqual(byType(resources, T.eip), []);
    assert.deepEqual(namesOf(resources, T.route), ["shop-public-1", "shop-public-2", "shop-public-3"]);
  });

  it("Vpc with natGateways Single in 2 zones: one NAT gateway in the first public subnet for every private subnet", async () => {
    const { resources } = await run(
      "preview",
      (x) => new x.Vpc("shop", { numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }),
    );
    assert.deepEqual(namesOf(resources, T.nat), ["shop-1"]);
    const nat = named(resources, T.nat, "shop-1");
    assert.equal(nat.parent, named(resources, T.subnet, "shop-public-1").urn);
    for (const zone of [1, 2])
      assert.deepEqual(named(resources, T.route, `shop-private-${zone}`).propertyDependencies.natGatewayId, [nat.urn]);
    assert.deepEqual(
      byType(resources, T.subnet).map((subnet) => subnet.inputs?.cidrBlock),
      ["10.0.64.0/19", "10.0.0.0/18", "10.0.192.0/19", "10.0.128.0/18"],
    );
    assert.equal(resources.filter((resource) => resource.type.startsWith("aws:")).length, 1 + 1 + 4 * 3 + 1 + 1 + 4);
  });

  it("Vpc with a CIDR known only as an Output: Auto lays it out when it resolves, the other outputs stay known", async () => {
    let subnets: pulumi.Output<aws.ec2.Subnet[]> | undefined;
    const { resources } = await run("preview", (x) => {
      // The SDK types the CIDR as a string; a program can still hand it an Output (from config or another stack).
      const cidrBlock = pulumi.output("10.1.0.0/16") as unknown as string;
      subnets = new x.Vpc("shop", { cidrBlock, subnetStrategy: "Auto", numberOfAvailabilityZones: 2 }).subnets;
    });
    assert.deepEqual(
      byType(resources, T.subnet).map((subnet) => `${subnet.name} ${subnet.inputs?.cidrBlock}`),
      [
        "shop-public-1 10.1.64.0/19",
        "shop-private-1 10.1.0.0/18",
        "shop-public-2 10.1.192.0/19",
        "shop-private-2 10.1.128.0/18",
      ],
    );
    assert.equal((await valueOf(subnets))?.length, 4);
  });

  it("FargateService from taskDefinitionArgs: the task definition's log group, roles, attachment, and the service", async () => {
    const { resources } = await run("preview", (x) => {
      const vpc = new x.Vpc("shop", {});
      new x.FargateService("api", {
        networkConfiguration: { subnets: vpc.privateSubnetIds },
        taskDefinitionArgs: {
          container: { name: "web", image: "nginx:1.27", cpu: 512, memory: 128, portMappings: [{ containerPort: 80 }] },
        },
      });
    });
    const service = named(resources, "awsx:ecs:FargateService", "api");
    const task = named(resources, "awsx:ecs:FargateTaskDefinition", "api");
    assert.equal(task.parent, service.urn);
    for (const [type, name] of [
      [T.logGroup, "api"],
      [T.role, "api-task"],
      [T.role, "api-execution"],
      [T.attachment, "api-execution-9a42f520"],
      [T.taskDefinition, "api"],
    ])
      assert.equal(named(resources, type, name).parent, task.urn, `${type} ${name}`);
    assert.deepEqual(namesOf(resources, T.attachment), ["api-execution-9a42f520"]);
    const executionRole = named(resources, T.role, "api-execution");
    assert.equal(
      executionRole.inputs?.assumeRolePolicy,
      '{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Effect":"Allow","Sid":""}]}',
    );
    const attachment = named(resources, T.attachment, "api-execution-9a42f520");
    assert.equal(attachment.inputs?.policyArn, "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    assert.equal(attachment.inputs?.role, executionRole.inputs?.name);
    const logGroup = named(resources, T.logGroup, "api");
    const definition = named(resources, T.taskDefinition, "api");
    const json = String(definition.inputs?.containerDefinitions);
    assert.equal(
      json,
      JSON.stringify([
        {
          cpu: 512,
          image: "nginx:1.27",
          memory: 128,
          name: "web",
          portMappings: [{ containerPort: 80, hostPort: 80 }],
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": logGroup.inputs?.name,
              "awslogs-region": "eu-west-1",
              "awslogs-stream-prefix": "web",
            },
          },
        },
      ]),
    );
    assert.deepEqual(
      [
        definition.inputs?.requiresCompatibilities,
        definition.inputs?.networkMode,
        definition.inputs?.cpu,
        definition.inputs?.memory,
      ],
      [["FARGATE"], "awsvpc", "512", "1024"],
    );
    assert.equal(definition.inputs?.family, defaultFamily("api", "dev", json));
    assert.equal(definition.inputs?.executionRoleArn, UNKNOWN);
    assert.deepEqual(definition.propertyDependencies.executionRoleArn, [executionRole.urn]);
    const ecsService = named(resources, T.service, "api");
    assert.equal(ecsService.parent, service.urn);
    assert.deepEqual(
      [
        ecsService.inputs?.desiredCount,
        ecsService.inputs?.launchType,
        ecsService.inputs?.waitForSteadyState,
        ecsService.inputs?.loadBalancers,
      ],
      [1, "FARGATE", true, []],
    );
    // As the engine records it: the service's network depends on the private subnets, and on nothing else of the VPC.
    assert.deepEqual(
      [...(ecsService.propertyDependencies.networkConfiguration ?? [])].sort(),
      [1, 2, 3].map((zone) => named(resources, T.subnet, `shop-private-${zone}`).urn).sort(),
    );
    assert.deepEqual(ecsService.propertyDependencies.taskDefinition, [definition.urn]);
  });

  it("ApplicationLoadBalancer and a container mapped to its target group: host port from the target group, load balancers unknown", async () => {
    const { resources } = await run("preview", (x) => {
      const lb = new x.ApplicationLoadBalancer("web", {});
      new x.FargateService("app", {
        assignPublicIp: true,
        taskDefinitionArgs: {
          container: {
            name: "app",
            image: "nginx",
            portMappings: [{ containerPort: 8080, targetGroup: lb.defaultTargetGroup }],
          },
        },
      });
    });
    const component = named(resources, "awsx:lb:ApplicationLoadBalancer", "web");
    const group = named(resources, T.group, "web");
    assert.equal(group.parent, component.urn);
    assert.deepEqual(group.inputs?.egress, [
      { fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    ]);
    const loadBalancer = named(resources, "aws:lb/loadBalancer:LoadBalancer", "web");
    assert.equal(loadBalancer.inputs?.loadBalancerType, "application");
    assert.equal((loadBalancer.inputs?.subnets as string[]).length, 3, "the default VPC's public subnets");
    const target = named(resources, "aws:lb/targetGroup:TargetGroup", "web");
    assert.deepEqual([target.inputs?.targetType, target.inputs?.port, target.inputs?.protocol], ["ip", 80, "HTTP"]);
    const listener = named(resources, "aws:lb/listener:Listener", "web-0");
    assert.deepEqual([listener.inputs?.port, listener.inputs?.protocol], [80, "HTTP"]);
    const mappings = JSON.parse(String(named(resources, T.taskDefinition, "app").inputs?.containerDefinitions))[0]
      .portMappings;
    assert.deepEqual(mappings, [{ containerPort: 8080, hostPort: 80 }]);
    assert.equal(named(resources, T.service, "app").inputs?.loadBalancers, UNKNOWN);
  });

  it("FargateService without networkConfiguration: an open group in the default VPC and its public subnets with assignPublicIp", async () => {
    const { resources } = await run("preview", (x) => {
      // The SDK's types want a container name; a JavaScript program may leave it out, and awsx names it "container".
      const unnamed = { image: "nginx" } as awsxTypes.types.input.ecs.TaskDefinitionContainerDefinitionArgs;
      new x.FargateService("app", { assignPublicIp: true, taskDefinitionArgs: { container: unnamed } });
    });
    const group = named(resources, T.group, "app-sg");
    assert.match(String(group.inputs?.vpcId), /^vpc-/);
    assert.deepEqual(group.inputs?.ingress, [
      { fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    ]);
    const network = named(resources, T.service, "app").inputs?.networkConfiguration as Record<string, unknown>;
    assert.equal(network.assignPublicIp, true);
    assert.equal((network.subnets as string[]).length, 3);
    assert.ok((network.subnets as string[]).every((id) => /^subnet-/.test(id)));
    // The container is named "container" when the program names none.
    assert.equal(
      JSON.parse(String(named(resources, T.taskDefinition, "app").inputs?.containerDefinitions))[0].name,
      "container",
    );
  });

  it("FargateService without networkConfiguration or a public IP: awsx fails, no ECS service is registered", async () => {
    const { resources } = await run("preview", (x) => {
      new x.FargateService("app", { taskDefinitionArgs: { container: { name: "app", image: "nginx" } } });
    });
    assert.deepEqual(byType(resources, T.service), []);
  });

  it("an awsx.ecr.Image: its URI is unknown at a first preview, and with it the container definitions, family, cpu and memory", async () => {
    const program = (x: ReturnType<typeof awsx>) => {
      const repository = new x.Repository("Shop-Api", {});
      const image = new x.Image("api", { repositoryUrl: repository.url, context: "./app" });
      new x.FargateService("api", {
        assignPublicIp: true,
        taskDefinitionArgs: { container: { name: "api", image: image.imageUri, cpu: 256, memory: 512 } },
      });
    };
    const preview = (await run("preview", program)).resources;
    assert.deepEqual(namesOf(preview, "aws:ecr/repository:Repository"), ["shop-api"]);
    assert.deepEqual(namesOf(preview, "aws:ecr/lifecyclePolicy:LifecyclePolicy"), ["shop-api"]);
    const definition = named(preview, T.taskDefinition, "api");
    for (const input of ["containerDefinitions", "family", "cpu", "memory"])
      assert.equal(definition.inputs?.[input], UNKNOWN, input);
    assert.deepEqual(
      definition.propertyDependencies.containerDefinitions?.includes(
        named(preview, "aws:ecr/repository:Repository", "shop-api").urn,
      ),
      true,
    );
    const deployed = (await run("deployed", program)).resources;
    const image = JSON.parse(String(named(deployed, T.taskDefinition, "api").inputs?.containerDefinitions))[0].image;
    assert.match(
      image,
      /^111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/shop-api-[0-9a-f]{7}@sha256:[0-9a-f]{64}$/,
    );
  });

  it("DefaultVpc creates nothing and reports the default VPC's public subnets (no private ones)", async () => {
    let found:
      | {
          vpcId: pulumi.Output<string>;
          publicSubnetIds: pulumi.Output<string[]>;
          privateSubnetIds: pulumi.Output<string[]>;
        }
      | undefined;
    const { resources } = await run("preview", (x) => {
      found = new x.DefaultVpc("default", {});
    });
    assert.deepEqual(
      resources.filter((resource) => resource.type.startsWith("aws:")),
      [],
    );
    assert.equal((await valueOf(found!.publicSubnetIds))?.length, 3);
    assert.deepEqual(await valueOf(found!.privateSubnetIds), []);
  });

  it("follows the installed version: before 3.8.0 a capacity provider strategy still came with launch type FARGATE", async () => {
    const program = (x: ReturnType<typeof awsx>) =>
      new x.FargateService("api", {
        assignPublicIp: true,
        capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        taskDefinitionArgs: { container: { name: "api", image: "nginx" } },
      });
    const older = (await run("preview", program, [3, 7, 0])).resources;
    assert.equal(named(older, T.service, "api").inputs?.launchType, "FARGATE");
    const newer = (await run("preview", program, [3, 9, 0])).resources;
    assert.equal(named(newer, T.service, "api").inputs?.launchType, undefined);
  });

  it("builds 2.22.x as its provider does: containers in the program's order, subnets without IPv6 inputs", async () => {
    const program = (x: ReturnType<typeof awsx>) => {
      const vpc = new x.Vpc("shop", { numberOfAvailabilityZones: 1, natGateways: { strategy: "None" } });
      new x.FargateTaskDefinition("jobs", {
        containers: {
          worker: { name: "worker", image: "busybox:1.36", memory: 256 },
          api: { name: "api", image: "nginx:1.27", memory: 256 },
        },
      });
      return vpc;
    };
    const containerNames = (resources: StackResource[]) =>
      (
        JSON.parse(String(named(resources, T.taskDefinition, "jobs").inputs?.containerDefinitions)) as {
          name: string;
        }[]
      ).map((container) => container.name);
    const older = (await run("preview", program, [2, 22, 0])).resources;
    assert.deepEqual(containerNames(older), ["worker", "api"]);
    // The inputs the program side sent (Check then fills assignIpv6AddressOnCreation's default either way).
    const sent = (resources: StackResource[]) =>
      Object.keys(named(resources, T.subnet, "shop-public-1").propertyDependencies ?? {}).sort();
    assert.deepEqual(sent(older), ["availabilityZone", "cidrBlock", "mapPublicIpOnLaunch", "tags", "vpcId"]);
    const newer = (await run("preview", program, [3, 9, 0])).resources;
    assert.deepEqual(containerNames(newer), ["api", "worker"]);
    assert.deepEqual(sent(newer), [
      "assignIpv6AddressOnCreation",
      "availabilityZone",
      "cidrBlock",
      "ipv6CidrBlock",
      "mapPublicIpOnLaunch",
      "tags",
      "vpcId",
    ]);
  });

  it("constructs @pulumi/awsx 2.7.0 to 2.22.x, 3.0.0 to 3.1.x and 3.3.1 to 3.9.x, and refuses the releases between and around them", () => {
    for (const version of [
      [2, 7, 0],
      [2, 13, 0],
      [2, 14, 0],
      [2, 21, 1],
      [2, 22, 0],
      [2, 22, 5],
      [3, 0, 0],
      [3, 1, 0],
      [3, 3, 1],
      [3, 9, 0],
    ] as Version[])
      assert.equal(isSupportedAwsx(version), true, version.join("."));
    for (const version of [
      [1, 0, 6],
      [2, 4, 0],
      [2, 6, 0],
      [2, 23, 0],
      [3, 2, 0],
      [3, 2, 1],
      [3, 3, 0],
      [3, 10, 0],
    ] as Version[])
      assert.equal(isSupportedAwsx(version), false, version.join("."));
    assert.equal(supportedAwsxText(), "2.7.0 to 2.22.x, 3.0.0 to 3.1.x and 3.3.1 to 3.9.x");
  });

  it('before 2.14.0 a VPC without subnetSpecs is laid out by the legacy allocator even with subnetStrategy "Auto"', async () => {
    const layout = async (version: Version, subnetStrategy: "Auto" | "Legacy") => {
      const { resources } = await run(
        "preview",
        (x) =>
          // A /12: here the new allocator's default layout differs from the legacy one (for a /16 they agree).
          new x.Vpc("shop", {
            cidrBlock: "172.16.0.0/12",
            subnetStrategy,
            numberOfAvailabilityZones: 2,
            natGateways: { strategy: "None" },
          }),
        version,
      );
      return byType(resources, T.subnet).map((subnet) => `${subnet.name} ${String(subnet.inputs?.cidrBlock)}`);
    };
    const legacy = await layout([2, 14, 0], "Legacy");
    assert.deepEqual(await layout([2, 13, 0], "Auto"), legacy);
    assert.notDeepEqual(await layout([2, 14, 0], "Auto"), legacy);
  });

  it("before 2.14.0 a VPC whose CIDR is known only at deployment is refused (awsx laid out literal CIDRs only)", async () => {
    const { refused } = await run(
      "preview",
      (x) =>
        // The SDK types cidrBlock as a string; a program passing an Output gets it to the provider all the same.
        new x.Vpc("shop", {
          cidrBlock: new aws.ec2.Vpc("other", { cidrBlock: "10.9.0.0/16" }).cidrBlock as unknown as string,
        }),
      [2, 13, 0],
    );
    assert.match(refused[0]?.reason ?? "", /known only at deployment, which @pulumi\/awsx 2\.13\.0 does not lay out/);
  });

  it("before 2.22.0 an endpoint of vpcEndpointSpecs has only its own tags and is not listed in vpcEndpoints", async () => {
    const endpoints: Record<string, pulumi.Output<unknown[]>> = {};
    const program = (label: string) => (x: ReturnType<typeof awsx>) => {
      const vpc = new x.Vpc("shop", {
        numberOfAvailabilityZones: 1,
        tags: { team: "payments" },
        vpcEndpointSpecs: [{ serviceName: "com.amazonaws.eu-west-1.s3", tags: { purpose: "layers" } }],
      });
      endpoints[label] = vpc.vpcEndpoints;
    };
    const older = (await run("preview", program("older"), [2, 21, 1])).resources;
    const newer = (await run("preview", program("newer"), [2, 22, 0])).resources;
    const endpoint = (resources: StackResource[]) =>
      named(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", "com.amazonaws.eu-west-1.s3");
    assert.deepEqual(endpoint(older).inputs?.tags, { purpose: "layers" });
    assert.deepEqual(endpoint(newer).inputs?.tags, { Name: "shop", team: "payments", purpose: "layers" });
    assert.equal(endpoint(older).parent, named(older, T.vpc, "shop").urn);
    assert.equal((await valueOf(endpoints.older))?.length, 0);
    assert.equal((await valueOf(endpoints.newer))?.length, 1);
  });

  it("before 2.16.0 the default log group's awslogs-region is the stack's aws:region, not the region of the component's provider", async () => {
    const program = (x: ReturnType<typeof awsx>) => {
      const elsewhere = new aws.Provider("use1", { region: "us-east-1" });
      new x.FargateTaskDefinition(
        "jobs",
        { container: { name: "worker", image: "busybox:1.36", memory: 256 } },
        { providers: { aws: elsewhere } },
      );
    };
    const logRegion = (resources: StackResource[]) =>
      (
        JSON.parse(String(named(resources, T.taskDefinition, "jobs").inputs?.containerDefinitions)) as {
          logConfiguration?: { options?: Record<string, string> };
        }[]
      )[0].logConfiguration?.options?.["awslogs-region"];
    assert.equal(logRegion((await run("deployed", program, [2, 15, 0])).resources), "eu-west-1");
    assert.equal(logRegion((await run("deployed", program, [2, 16, 0])).resources), "us-east-1");
  });

  it("refuses a VPC whose CIDR an IPAM pool allocates, and records why", async () => {
    const { resources, refused } = await run(
      "preview",
      (x) => new x.Vpc("shop", { ipv4IpamPoolId: "ipam-pool-1", ipv4NetmaskLength: 16 }),
    );
    assert.deepEqual(byType(resources, T.vpc), []);
    assert.deepEqual(
      refused.map((component) => [component.type, component.name]),
      [["awsx:ec2:Vpc", "shop"]],
    );
    assert.match(refused[0].reason, /IPAM/);
  });
});
