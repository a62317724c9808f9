/**
 * The components take region, partition and account from their own AWS provider, through
 * invokes with the component as parent: `opts.provider`, `opts.providers` and a parent's
 * provider are honoured, and a stack without `aws:region` config works. A `region` input
 * overrides the region. Asserted on what reaches the mocked engine: the invokes' provider
 * references and the inputs of the resources created.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateEndpointSet, FargateEndpointSetArgs, FargateExecutionRole } from "../../components";
import { initialised, MOCK_ACCOUNT, MockRun, providerName, RecordedResource, runWithProviders } from "./provider-mocks";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

function network(prefix: string, opts: pulumi.CustomResourceOptions, region: string) {
  const vpc = new aws.ec2.Vpc(`${prefix}-vpc`, { cidrBlock: "10.1.0.0/16", enableDnsHostnames: true }, opts);
  const subnets = ["a", "b"].map(
    (zone, i) =>
      new aws.ec2.Subnet(
        `${prefix}-s${i}`,
        { vpcId: vpc.id, cidrBlock: `10.1.${i}.0/24`, availabilityZone: `${region}${zone}` },
        opts,
      ),
  );
  const table = new aws.ec2.RouteTable(`${prefix}-rt`, { vpcId: vpc.id }, opts);
  const tasks = new aws.ec2.SecurityGroup(`${prefix}-tasks`, { vpcId: vpc.id }, opts);
  return { vpc, subnets, table, tasks };
}

function setArgs(net: ReturnType<typeof network>, extra: Partial<FargateEndpointSetArgs> = {}): FargateEndpointSetArgs {
  return {
    vpcId: net.vpc.id,
    subnetIds: net.subnets.map((subnet) => subnet.id),
    routeTableIds: [net.table.id],
    taskSecurityGroupIds: [net.tasks.id],
    services: ["ecr", "secretsmanager"],
    ...extra,
  };
}

const childrenOf = (run: MockRun, prefix: string, type?: string): RecordedResource[] =>
  run.mocks.resources.filter((r) => r.name.startsWith(`${prefix}-`) && (!type || r.type === type));

const serviceNames = (run: MockRun, prefix: string) =>
  childrenOf(run, prefix, ENDPOINT)
    .map((r) => String(r.inputs.serviceName))
    .sort();

const callsOf = (run: MockRun, token: string) => run.mocks.calls.filter((call) => call.token === token);

describe("components use the region, partition and account of their provider", () => {
  for (const form of ["preview", "deployed"] as const) {
    it(`a stack whose region is only on an explicit provider (no aws:region): endpoints in eu-central-1 (${form})`, async () => {
      const run = await runWithProviders(form, () => {
        const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
        const net = network("fra", { provider }, "eu-central-1");
        new FargateEndpointSet("eps", setArgs(net), { provider });
      });
      assert.deepEqual(run.errors, []);
      assert.deepEqual(serviceNames(run, "eps"), [
        "com.amazonaws.eu-central-1.ecr.api",
        "com.amazonaws.eu-central-1.ecr.dkr",
        "com.amazonaws.eu-central-1.s3",
        "com.amazonaws.eu-central-1.secretsmanager",
      ]);
      // Every resource the set creates is managed by that provider, and none overrides its region.
      const created = childrenOf(run, "eps");
      assert.equal(created.length, 5);
      for (const resource of created) {
        assert.equal(providerName(resource.provider), "frankfurt", resource.name);
        assert.equal(resource.inputs.region, undefined, resource.name);
      }
      // The region and partition were asked of that provider.
      for (const token of ["aws:index/getRegion:getRegion", "aws:index/getPartition:getPartition"]) {
        const calls = callsOf(run, token);
        assert.ok(calls.length > 0, token);
        assert.deepEqual(
          calls.map((call) => providerName(call.provider)),
          calls.map(() => "frankfurt"),
        );
      }
      const subnetLookups = callsOf(run, "aws:ec2/getSubnet:getSubnet");
      // At a first preview the subnets do not exist yet, so they are looked up only once created.
      assert.equal(subnetLookups.length, form === "deployed" ? 2 : 0);
      for (const call of subnetLookups) assert.equal(providerName(call.provider), "frankfurt");
    });
  }

  it("honours `providers` on the component and a provider inherited from a parent component", async () => {
    const run = await runWithProviders("deployed", () => {
      const paris = new aws.Provider("paris", { region: "eu-west-3" });
      const stockholm = new aws.Provider("stockholm", { region: "eu-north-1" });
      new FargateEndpointSet("by-map", setArgs(network("par", { provider: paris }, "eu-west-3")), {
        providers: { aws: paris },
      });
      const platform = new pulumi.ComponentResource("shop:index:Platform", "platform", {}, { providers: [stockholm] });
      new FargateEndpointSet("by-parent", setArgs(network("sto", { provider: stockholm }, "eu-north-1")), {
        parent: platform,
      });
    });
    assert.deepEqual(serviceNames(run, "by-map")[0], "com.amazonaws.eu-west-3.ecr.api");
    assert.deepEqual(serviceNames(run, "by-parent")[0], "com.amazonaws.eu-north-1.ecr.api");
    assert.deepEqual([...new Set(childrenOf(run, "by-map").map((r) => providerName(r.provider)))], ["paris"]);
    assert.deepEqual([...new Set(childrenOf(run, "by-parent").map((r) => providerName(r.provider)))], ["stockholm"]);
  });

  for (const form of ["preview", "deployed"] as const) {
    it(`a provider in cn-north-1: aws-cn service names, layer bucket and role ARNs (${form})`, async () => {
      let role: FargateExecutionRole | undefined;
      const run = await runWithProviders(form, () => {
        const provider = new aws.Provider("beijing", { region: "cn-north-1" });
        const net = network("bjs", { provider }, "cn-north-1");
        new FargateEndpointSet(
          "cn",
          setArgs(net, {
            services: ["ecr", "logs"],
            s3EndpointPolicyStatements: JSON.stringify([
              { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws-cn:s3:::shop-config/*" },
            ]),
          }),
          { provider },
        );
        role = new FargateExecutionRole(
          "cn-exec",
          { repositories: ["shop/api"], logGroups: ["/ecs/shop"], secrets: ["shop/db"] },
          { provider },
        );
      });
      assert.deepEqual(run.errors, []);
      assert.deepEqual(serviceNames(run, "cn"), [
        "cn.com.amazonaws.cn-north-1.ecr.api",
        "cn.com.amazonaws.cn-north-1.ecr.dkr",
        "com.amazonaws.cn-north-1.logs",
        "com.amazonaws.cn-north-1.s3",
      ]);
      const gateway = childrenOf(run, "cn", ENDPOINT).find((r) => r.name === "cn-s3")!;
      assert.equal(
        JSON.parse(String(gateway.inputs.policy)).Statement[0].Resource,
        "arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*",
      );
      const roleInputs = run.mocks.resources.find((r) => r.name === "cn-exec" && r.type === "aws:iam/role:Role")!;
      assert.equal(providerName(roleInputs.provider), "beijing");
      const trust = JSON.parse(String(roleInputs.inputs.assumeRolePolicy));
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT },
        ArnLike: { "aws:SourceArn": `arn:aws-cn:ecs:cn-north-1:${MOCK_ACCOUNT}:*` },
      });
      const policy = JSON.parse(String(run.mocks.resources.find((r) => r.name === "cn-exec-start-up")!.inputs.policy));
      const resources = (policy.Statement as { Sid: string; Resource: string }[]).map((s) => [s.Sid, s.Resource]);
      assert.deepEqual(resources, [
        ["EcrAuthorizationToken", "*"],
        ["EcrPull", `arn:aws-cn:ecr:cn-north-1:${MOCK_ACCOUNT}:repository/shop/api`],
        ["LogStreams", `arn:aws-cn:logs:cn-north-1:${MOCK_ACCOUNT}:log-group:/ecs/shop:*`],
        ["Secrets", `arn:aws-cn:secretsmanager:cn-north-1:${MOCK_ACCOUNT}:secret:shop/db-??????`],
      ]);
      for (const token of ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition"]) {
        assert.ok(
          callsOf(run, token).every((call) => providerName(call.provider) === "beijing"),
          `${token} through the role's provider`,
        );
      }
      assert.ok(role);
    });
  }

  it("the region input overrides the provider's region: names, resource regions and lookups", async () => {
    const run = await runWithProviders("deployed", () => {
      const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
      const net = network("par", { provider }, "eu-west-3");
      new FargateEndpointSet("paris", setArgs(net, { services: ["logs"], region: "eu-west-3" }), { provider });
      new FargateExecutionRole("paris-exec", { logGroups: ["/ecs/shop"], region: "eu-west-3" }, { provider });
    });
    assert.deepEqual(serviceNames(run, "paris"), ["com.amazonaws.eu-west-3.logs"]);
    for (const resource of childrenOf(run, "paris").filter((r) => r.type.startsWith("aws:ec2/")))
      assert.equal(resource.inputs.region, "eu-west-3", resource.name);
    assert.deepEqual(
      callsOf(run, "aws:ec2/getSubnet:getSubnet").map((call) => call.inputs.region),
      ["eu-west-3", "eu-west-3"],
    );
    const policy = JSON.parse(String(run.mocks.resources.find((r) => r.name === "paris-exec-start-up")!.inputs.policy));
    assert.equal(policy.Statement[0].Resource, `arn:aws:logs:eu-west-3:${MOCK_ACCOUNT}:log-group:/ecs/shop:*`);
  });

  it("a region given as an Output: used once known; unknown at preview, the set says which input makes it known", async () => {
    const known = await runWithProviders("preview", () => {
      const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
      const net = network("out", { provider }, "eu-west-3");
      new FargateEndpointSet("known", setArgs(net, { services: ["logs"], region: pulumi.output("eu-west-3") }), {
        provider,
      });
    });
    assert.deepEqual(serviceNames(known, "known"), ["com.amazonaws.eu-west-3.logs"]);
    assert.deepEqual(known.warnings, []);
    const unknown = await runWithProviders("preview", () => {
      const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
      const net = network("unk", { provider }, "eu-central-1");
      // A VPC's ARN is unknown at a first preview, and so is a region read from it. (Its `region`
      // attribute is not: the provider sets it to its own region at plan.)
      const region = net.vpc.arn.apply((arn) => arn.split(":")[3]);
      new FargateEndpointSet("later", setArgs(net, { services: ["logs"], region }), { provider });
    });
    assert.deepEqual(serviceNames(unknown, "later"), []);
    assert.match(
      unknown.warnings.join("\n"),
      /FargateEndpointSet later: its `region` input is not known at preview, so no endpoint is planned yet; they are created at update\. Give `region` as a value known when the program runs/,
    );
  });

  it("a region outside the provider's partition, or not a region name, is rejected naming `region`", async () => {
    let set: FargateEndpointSet | undefined;
    await runWithProviders("deployed", async () => {
      const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
      const net = network("bad", { provider }, "eu-central-1");
      assert.throws(
        () => new FargateEndpointSet("typo", setArgs(net, { region: "europe" }), { provider }),
        /region: expected an AWS region name such as eu-central-1, got "europe"/,
      );
      set = new FargateEndpointSet("china", setArgs(net, { services: ["logs"], region: "cn-north-1" }), { provider });
      await assert.rejects(
        initialised(set),
        /region: expected a region of the provider's partition aws \(cn-north-1 is in aws-cn\)/,
      );
    });
  });

  it("without any region (no provider region, no aws:region) the invoke's failure fails the set, without hanging", async () => {
    await runWithProviders("deployed", async () => {
      const net = network("none", {}, "us-east-1");
      const set = new FargateEndpointSet("nowhere", setArgs(net, { services: ["logs"] }));
      await assert.rejects(initialised(set));
    });
  });
});
