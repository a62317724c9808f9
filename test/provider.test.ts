/**
 * The multi-language component package: the provider starts as the engine starts it and
 * answers GetSchema with the pinned schema (type tokens, inputs, outputs, descriptions), and
 * constructs components from engine-style inputs.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentProvider, PINNED_SCHEMA, PROVIDER_DIR } from "../scripts/provider-schema";
import { byType, runUnderMocks, valueOf } from "./support/mocks";
import { providerName, runWithProviders } from "./components/provider-mocks";
import { schemaOverGrpc } from "./support/plugin";

const pinned = JSON.parse(fs.readFileSync(PINNED_SCHEMA, "utf8"));

describe("component provider (multi-language package)", function () {
  this.timeout(240000);

  it("answers GetSchema over gRPC, started as the engine starts it, with the pinned schema (npm run schema)", async () => {
    assert.deepEqual(await schemaOverGrpc(PROVIDER_DIR), pinned);
  });

  it("starts after the install the engine runs in the plugin directory (it adds no second @pulumi/pulumi)", async () => {
    // The repository's layout in a scratch directory, so that installing in provider/ cannot touch the clone.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-preflight-provider-"));
    try {
      const repo = path.join(__dirname, "..");
      for (const name of ["components", "model", "node_modules"])
        fs.symlinkSync(path.join(repo, name), path.join(root, name), "junction");
      const provider = path.join(root, "provider");
      fs.mkdirSync(provider);
      for (const name of fs.readdirSync(PROVIDER_DIR).filter((entry) => entry !== "node_modules"))
        fs.copyFileSync(path.join(PROVIDER_DIR, name), path.join(provider, name));
      execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: provider,
        stdio: "ignore",
      });
      assert.ok(!fs.existsSync(path.join(provider, "node_modules", "@pulumi")), "no dependencies of its own");
      assert.deepEqual(await schemaOverGrpc(provider), pinned);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("exposes both components with inputs and outputs every language can express", () => {
    const resources = pinned.resources as Record<
      string,
      { inputProperties: Record<string, unknown>; properties: Record<string, unknown>; requiredInputs?: string[] }
    >;
    assert.deepEqual(Object.keys(resources).sort(), [
      "fargate-preflight:index:FargateEndpointSet",
      "fargate-preflight:index:FargateExecutionRole",
    ]);
    const endpointSet = resources["fargate-preflight:index:FargateEndpointSet"];
    assert.deepEqual(endpointSet.requiredInputs?.sort(), ["subnetIds", "vpcId"]);
    for (const output of [
      "endpoints",
      "securityGroupId",
      "s3GatewayEndpointId",
      "privateDns",
      "monthlyCostUsd",
      "natGatewaysMonthlyCostUsd",
    ]) {
      assert.ok(output in endpointSet.properties, output);
    }
    assert.ok("roleArn" in resources["fargate-preflight:index:FargateExecutionRole"].properties);
  });

  it("constructs a FargateEndpointSet from engine-style inputs (plain values, and Outputs for values with dependencies)", async () => {
    let state: Record<string, unknown> | undefined;
    const resources = await runUnderMocks("deployed", async () => {
      const provider = componentProvider();
      const result = await provider.construct(
        "yaml-endpoints",
        "fargate-preflight:index:FargateEndpointSet",
        {
          vpcId: pulumi.output("vpc-0123"),
          subnetIds: pulumi.output(["subnet-a1", "subnet-b2"]),
          routeTableIds: ["rtb-1"],
          taskSecurityGroupIds: pulumi.output(["sg-tasks"]),
          services: ["ecr", "logs"],
          region: "eu-west-1",
        },
        {},
      );
      state = result.state as Record<string, unknown>;
    });
    assert.deepEqual(
      byType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint")
        .map((resource) => resource.properties.serviceName)
        .sort(),
      [
        "com.amazonaws.eu-west-1.ecr.api",
        "com.amazonaws.eu-west-1.ecr.dkr",
        "com.amazonaws.eu-west-1.logs",
        "com.amazonaws.eu-west-1.s3",
      ],
    );
    assert.deepEqual(await valueOf(state?.privateDns as pulumi.Output<Record<string, string>>), {
      "ecr.api": "enabled",
      "ecr.dkr": "enabled",
      s3: "enabled",
      logs: "enabled",
    });
  });

  it("constructs with the engine's provider options: region and partition come from that provider", async () => {
    const run = await runWithProviders("preview", async () => {
      const beijing = new aws.Provider("beijing", { region: "cn-north-1" });
      await componentProvider().construct(
        "from-yaml",
        "fargate-preflight:index:FargateEndpointSet",
        { vpcId: pulumi.output("vpc-0456"), subnetIds: ["subnet-c1"], services: ["ecr"], routeTableIds: ["rtb-2"] },
        { providers: { aws: beijing } },
      );
    });
    assert.deepEqual(
      run.mocks.resources
        .filter((resource) => resource.type === "aws:ec2/vpcEndpoint:VpcEndpoint")
        .map((resource) => [resource.inputs.serviceName, providerName(resource.provider)])
        .sort(),
      [
        ["cn.com.amazonaws.cn-north-1.ecr.api", "beijing"],
        ["cn.com.amazonaws.cn-north-1.ecr.dkr", "beijing"],
        ["com.amazonaws.cn-north-1.s3", "beijing"],
      ],
    );
  });

  it("the YAML example uses only the package's type tokens and declared inputs", () => {
    const program = yaml.load(
      fs.readFileSync(path.join(__dirname, "..", "examples", "yaml-endpoint-set", "Pulumi.yaml"), "utf8"),
    ) as {
      packages: Record<string, string>;
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    assert.equal(program.packages["fargate-preflight"], "../../provider");
    const schemaResources = pinned.resources as Record<
      string,
      { inputProperties: Record<string, unknown>; requiredInputs?: string[] }
    >;
    const used = Object.values(program.resources).filter((resource) => resource.type.startsWith("fargate-preflight:"));
    assert.deepEqual(used.map((resource) => resource.type).sort(), Object.keys(schemaResources).sort());
    for (const resource of used) {
      const declared = schemaResources[resource.type];
      for (const input of Object.keys(resource.properties))
        assert.ok(input in declared.inputProperties, `${resource.type}.${input}`);
      for (const required of declared.requiredInputs ?? [])
        assert.ok(required in resource.properties, `${resource.type} needs ${required}`);
    }
  });
});
