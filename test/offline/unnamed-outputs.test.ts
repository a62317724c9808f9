/**
 * Outputs the simulator cannot name. A deployed resource's state holds every output of its
 * schema; for a type the provider-fact table does not describe, the simulator knows only the
 * inputs and an id. Outside a preview the SDK resolves an output missing from the answer as
 * undefined, so a program that works against AWS (`cluster.cacheNodes.apply(n => n[0].address)`)
 * would fail offline; the simulator answers such a registration as unknown instead, as the
 * engine does when it cannot give outputs (RegisterResourceResponse.unknown), and what the
 * program builds from those outputs is unknown, as at a first preview.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "../../model";
import { unwrapSecrets } from "../../model/unknown";
import { finishRecording, recordWithMocks, type StackForm } from "../../engine/simulator";
import type { StackResource } from "../../engine/stack-resource";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { undefinedOutputsWarnings } from "../../cli/run-program";

/** Runs the program; a failure it leaves unhandled fails the run (finishRecording throws it). */
async function run(form: StackForm, program: () => void): Promise<StackResource[]> {
  const recorded = await recordWithMocks(pulumi, { form, region: REGION, accountId: ACCOUNT }, "shop", "dev");
  pulumi.runtime.setConfig("aws:region", REGION);
  program();
  await pulumi.runtime.disconnect();
  await finishRecording(recorded);
  return recorded;
}

/** A cache whose node address the program hands to its tasks, as programs that work against AWS do. */
function cacheProgram() {
  const cluster = new aws.elasticache.Cluster("cache", {
    engine: "redis",
    nodeType: "cache.t4g.micro",
    numCacheNodes: 1,
  });
  new aws.ssm.Parameter("cache-url", {
    type: "String",
    value: cluster.cacheNodes.apply((nodes) => `redis://${nodes[0].address}:${nodes[0].port}`),
  });
  new aws.ssm.Parameter("cache-host", { type: "String", value: cluster.cacheNodes[0].address });
}

describe("outputs the simulator cannot name are unknown, never undefined", function () {
  this.timeout(60000);

  for (const form of ["preview", "deployed"] as const) {
    it(`a program reading an ElastiCache cluster's cacheNodes[0].address runs (${form})`, async () => {
      const resources = await run(form, cacheProgram);
      const byName = (name: string) => resources.find((resource) => resource.name === name)!;
      // The parameter's value is a secret; what the program built from the node address is unknown, in both forms.
      const valueOf = (name: string) => unwrapSecrets(byName(name).inputs!.value);
      assert.ok(isUnknown(valueOf("cache-url")), JSON.stringify(byName("cache-url").inputs));
      assert.ok(isUnknown(valueOf("cache-host")), JSON.stringify(byName("cache-host").inputs));
      // What the simulator does know stays known once deployed: the inputs and the id.
      const cache = byName("cache").properties;
      assert.equal(cache.engine, "redis");
      assert.equal(isUnknown(cache.id), form === "preview");
    });
  }

  it("types the table describes keep their deployed outputs known", async () => {
    const resources = await run("deployed", () => {
      const repository = new aws.ecr.Repository("api", { name: "shop/api" });
      new aws.ssm.Parameter("image", { type: "String", value: pulumi.interpolate`${repository.repositoryUrl}:1` });
    });
    const image = resources.find((resource) => resource.name === "image")!;
    assert.equal(unwrapSecrets(image.inputs!.value), `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop/api:1`);
  });

  it("the command warns when the program's @pulumi/pulumi predates unknown answers (before 3.256 they resolve as undefined)", async () => {
    const resources = await run("deployed", cacheProgram);
    const [warning, ...others] = undefinedOutputsWarnings("3.255.1", "deployed", resources);
    assert.deepEqual(others, []);
    assert.match(
      warning,
      /^--deployed: the offline check cannot know every output of aws:elasticache\/cluster:Cluster cache;/,
    );
    assert.match(
      warning,
      /@pulumi\/pulumi 3\.255\.1 resolves them as undefined, where 3\.256\.0 and later resolve them as unknown/,
    );
    assert.deepEqual(undefinedOutputsWarnings("3.256.0", "deployed", resources), []);
    assert.deepEqual(undefinedOutputsWarnings("3.255.1", "preview", resources), []);
  });
});
