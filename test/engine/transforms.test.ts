/**
 * Transforms under the simulator, as the engine runs them (engine/simulator/transforms.ts,
 * pulumi/pulumi pkg/resource/deploy/source_eval.go): a resource's own, then its ancestors',
 * then the stack's; inputs that depend on other resources reach a transform as outputs; the
 * result is what the provider's Check and the pack see. The SDK's mocks run none of them.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "../../engine/stack-resource";
import { finishRecording, recordWithMocks, SimulationError } from "../../engine/simulator";
import { ACCOUNT } from "../fixtures/stacks";
import { runUnderMocks } from "../support/mocks";

const named = (resources: StackResource[], name: string) => {
  const found = resources.find((resource) => resource.name === name);
  assert.ok(found, `${name} was not registered`);
  return found;
};

class Network extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("shop:index:Network", name, {}, opts);
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16" }, { parent: this });
    new aws.ec2.Subnet(`${name}-subnet`, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }, { parent: vpc });
    this.registerOutputs({});
  }
}

describe("transforms under the simulator", function () {
  this.timeout(60000);

  it("runs a resource's own transforms, then its ancestors', then the stack's, each on the previous result", async () => {
    const order: string[] = [];
    const resources = await runUnderMocks("preview", () => {
      pulumi.runtime.registerResourceTransform((args) => {
        if (args.type !== "aws:ec2/subnet:Subnet") return undefined;
        order.push(`stack saw ${JSON.stringify(args.props.tags)}`);
        return { props: { ...args.props, tags: { ...args.props.tags, by: "stack" } }, opts: args.opts };
      });
      new Network("net", {
        transforms: [
          (args) => {
            if (args.type !== "aws:ec2/subnet:Subnet") return undefined;
            order.push(`component saw ${JSON.stringify(args.props.tags)}`);
            return { props: { ...args.props, mapPublicIpOnLaunch: true, tags: { by: "component" } }, opts: args.opts };
          },
        ],
      });
    });
    assert.deepEqual(order, ["component saw undefined", 'stack saw {"by":"component"}']);
    const subnet = named(resources, "net-subnet");
    assert.equal(subnet.inputs?.mapPublicIpOnLaunch, true);
    assert.deepEqual(subnet.inputs?.tags, { by: "stack" });
    // The VPC is a child of the component too.
    assert.equal(named(resources, "net-vpc").inputs?.cidrBlock, "10.0.0.0/16");
  });

  it("hands a transform the inputs that depend on other resources as outputs, and reads their dependencies back", async () => {
    const seen: Record<string, boolean> = {};
    const resources = await runUnderMocks("preview", () => {
      const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
      new aws.ec2.Subnet(
        "subnet",
        { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" },
        {
          transforms: [
            (args) => {
              seen.vpcIdIsOutput = pulumi.Output.isInstance(args.props.vpcId);
              seen.cidrIsPlain = typeof args.props.cidrBlock === "string";
              return { props: { ...args.props, availabilityZone: "eu-west-1b" }, opts: args.opts };
            },
          ],
        },
      );
    });
    assert.deepEqual(seen, { vpcIdIsOutput: true, cidrIsPlain: true });
    const subnet = named(resources, "subnet");
    assert.equal(subnet.inputs?.availabilityZone, "eu-west-1b");
    assert.deepEqual(subnet.propertyDependencies.vpcId, [named(resources, "vpc").urn]);
    assert.deepEqual(subnet.propertyDependencies.availabilityZone, []);
  });

  it("a transform that returns nothing leaves the inputs as the program wrote them", async () => {
    const resources = await runUnderMocks("preview", () => {
      pulumi.runtime.registerResourceTransform(() => undefined);
      new aws.ecr.Repository("images", { imageTagMutability: "IMMUTABLE" });
    });
    assert.equal(named(resources, "images").inputs?.imageTagMutability, "IMMUTABLE");
  });

  it("runs the stack's invoke transforms on a lookup's arguments", async () => {
    let repositoryUrl: string | undefined;
    await runUnderMocks("preview", async () => {
      pulumi.runtime.registerInvokeTransform((args) =>
        args.token === "aws:ecr/getRepository:getRepository"
          ? { args: { ...args.args, name: "shop/api" }, opts: args.opts }
          : undefined,
      );
      repositoryUrl = (await aws.ecr.getRepository({ name: "placeholder" })).repositoryUrl;
    });
    assert.match(String(repositoryUrl), /\/shop\/api$/);
  });

  it("a transform that changes the provider stops the run, naming the resource", async () => {
    const recorded = await recordWithMocks(
      pulumi,
      { form: "preview", region: "eu-west-1", accountId: ACCOUNT },
      "shop",
      "dev",
    );
    const elsewhere = new aws.Provider("elsewhere", { region: "us-east-1" });
    new aws.ecr.Repository(
      "images",
      {},
      { transforms: [(args) => ({ props: args.props, opts: { ...args.opts, provider: elsewhere } })] },
    );
    await pulumi.runtime.disconnect();
    await assert.rejects(finishRecording(recorded), (error: unknown) => {
      assert.ok(error instanceof SimulationError);
      assert.match(
        (error as Error).message,
        /a transform changes the provider of aws:ecr\/repository:Repository images, which the offline check does not apply/,
      );
      return true;
    });
    assert.equal(
      recorded.find((resource) => resource.name === "images"),
      undefined,
    );
  });
});

describe("transforms under an SDK whose mocks lack them", function () {
  this.timeout(60000);

  it("a stack transform the mocks cannot take stops the run saying so (3.248's mocks have no registerStackTransform)", async () => {
    const monitorClass = (
      require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: Record<string, unknown> } }
    ).MockMonitor;
    const original = monitorClass.prototype.registerStackTransform;
    delete monitorClass.prototype.registerStackTransform;
    try {
      const recorded = await recordWithMocks(
        pulumi,
        { form: "preview", region: "eu-west-1", accountId: ACCOUNT },
        "shop",
        "dev",
      );
      pulumi.runtime.registerResourceTransform(() => undefined);
      new aws.ecr.Repository("images", {});
      await pulumi.runtime.disconnect();
      await assert.rejects(finishRecording(recorded, { tolerateProgramErrors: true }), (error: unknown) => {
        assert.ok(error instanceof SimulationError);
        assert.match(
          (error as Error).message,
          /registers a stack transform, which its @pulumi\/pulumi does not hand to the offline check's mocks.*upgrade @pulumi\/pulumi/,
        );
        return true;
      });
    } finally {
      monitorClass.prototype.registerStackTransform = original;
    }
  });
});
