/**
 * The one engine simulator: Check fills defaults inside every block of a list, and the offline
 * command, the test fixture builder and the component tests' mocks render the same resource
 * the same way (one autoname, one planned state, one deployed state).
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs, hexOf } from "../../engine/simulator";
import type { ResourceFacts } from "../../engine/provider-facts";
import { T } from "../../engine/type-tokens";
import { StackBuilder } from "../fixtures/builder";
import { runUnderMocks } from "../support/mocks";
import { runWithProviders } from "../components/provider-mocks";
import { REGION } from "../fixtures/stacks";

describe("the engine simulator", function () {
  this.timeout(60000);

  it("makes URNs as the engine does: a child's type qualified by its parent's whole type, none under the root stack", async () => {
    const resources = await runUnderMocks("preview", async () => {
      await pulumi.runtime.runInPulumiStack(async () => {
        const outer = new pulumi.ComponentResource("shop:index:Outer", "outer");
        const inner = new pulumi.ComponentResource("shop:index:Inner", "inner", {}, { parent: outer });
        new aws.ecr.Repository("images", {}, { parent: inner });
        new aws.ecr.Repository("top", {});
      });
    });
    const urn = (name: string) => resources.find((resource) => resource.name === name)?.urn;
    assert.equal(urn("outer"), "urn:pulumi:dev::shop::shop:index:Outer::outer");
    assert.equal(urn("inner"), "urn:pulumi:dev::shop::shop:index:Outer$shop:index:Inner::inner");
    assert.equal(
      urn("images"),
      "urn:pulumi:dev::shop::shop:index:Outer$shop:index:Inner$aws:ecr/repository:Repository::images",
    );
    assert.equal(urn("top"), "urn:pulumi:dev::shop::aws:ecr/repository:Repository::top");
  });

  it("Check fills a block default in every block of a list the program wrote, and in a single block", () => {
    const facts: ResourceFacts = {
      schema: "a test type",
      outputs: ["id"],
      defaults: { "ingress.self": false, "config.enabled": true, description: "Managed by Pulumi" },
      optionalComputed: {},
    };
    const checked = checkInputs(
      "test:index/thing:Thing",
      "thing",
      { ingress: [{ fromPort: 443 }, { fromPort: 80, self: true }], config: {} },
      facts,
    );
    assert.deepEqual(checked, {
      ingress: [
        { fromPort: 443, self: false },
        { fromPort: 80, self: true },
      ],
      config: { enabled: true },
      description: "Managed by Pulumi",
    });
    // A block the program did not write is not created by its defaults.
    assert.deepEqual(checkInputs("test:index/thing:Thing", "thing", {}, facts), { description: "Managed by Pulumi" });
  });

  for (const form of ["preview", "deployed"] as const) {
    it(`the offline command, the fixture builder and the component mocks render a resource alike (${form})`, async () => {
      const program = () => void new aws.ec2.SecurityGroup("tasks", { vpcId: "vpc-0a1b2c3d4e5f60718" });
      const offline = (await runUnderMocks(form, program)).find((resource) => resource.name === "tasks")!;
      const builder = new StackBuilder(form);
      // The builder is told what AWS assigned; the command makes it up: give the builder the command's id.
      builder.add(
        T.securityGroup,
        "tasks",
        { vpcId: "vpc-0a1b2c3d4e5f60718" },
        form === "deployed" ? { id: String(offline.properties.id) } : {},
      );
      const built = builder.find("tasks");
      // One autoname: the name in the program, a dash and 7 hex digits of the simulator's.
      assert.equal(offline.inputs!.name, `tasks-${hexOf("tasks", 7)}`);
      assert.deepEqual(built.inputs, offline.inputs);
      // The builder leaves out the region the provider adds at plan; everything else is the same state.
      const { region, ...offlineState } = offline.properties;
      assert.equal(region, REGION);
      assert.deepEqual(built.properties, offlineState);

      const run = await runWithProviders(form, program, REGION);
      const mocked = run.mocks.resources.find((resource) => resource.name === "tasks")!;
      // The mocks record the program's own inputs (@pulumi/aws itself gives a group its description).
      assert.deepEqual(mocked.inputs, { vpcId: "vpc-0a1b2c3d4e5f60718", description: "Managed by Pulumi" });
      assert.deepEqual(mocked.state, offline.properties);
    });
  }
});
