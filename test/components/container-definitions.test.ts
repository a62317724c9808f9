/**
 * `containerDefinitions` takes what aws.ecs.TaskDefinition takes: a JSON string or an array of
 * container definitions, plain or an Output. Plain values decide endpoints; an Output never
 * does (a first preview may not know it, and preview and update must plan the same endpoints):
 * the set serves `services`, and says which services to add once the Output is known, or that
 * it is not known yet.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateEndpointSet, FargateExecutionRole } from "../../components";
import { byType, runUnderMocks } from "../support/mocks";
import { MockRun, runWithProviders } from "./provider-mocks";

const REGION = "eu-central-1";
const SECRET = "arn:aws:secretsmanager:eu-central-1:444455556666:secret:shop/db-AbCdEf";

/** One container with an image from `image`, a secret and awslogs: needs ECR, S3, Secrets Manager and logs. */
function container(image: pulumi.Input<string>) {
  return {
    name: "api",
    image,
    secrets: [{ name: "DB", valueFrom: SECRET }],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": "/ecs/api", "awslogs-region": REGION, "awslogs-stream-prefix": "api" },
    },
  };
}

const ECR_IMAGE = `444455556666.dkr.ecr.${REGION}.amazonaws.com/shop/api:1`;

function network(prefix: string) {
  const vpc = new aws.ec2.Vpc(`${prefix}-vpc`, { cidrBlock: "10.2.0.0/16" });
  const subnet = new aws.ec2.Subnet(`${prefix}-s`, { vpcId: vpc.id, cidrBlock: "10.2.1.0/24" });
  const table = new aws.ec2.RouteTable(`${prefix}-rt`, { vpcId: vpc.id });
  return { vpcId: vpc.id, subnetIds: [subnet.id], routeTableIds: [table.id] };
}

const servicesOf = (run: MockRun, set: string) =>
  run.mocks.resources
    .filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name.startsWith(`${set}-`))
    .map((r) => String(r.inputs.serviceName).replace(`com.amazonaws.${REGION}.`, ""))
    .sort();

const DERIVED = ["ecr.api", "ecr.dkr", "logs", "s3", "secretsmanager"];

describe("FargateEndpointSet containerDefinitions", () => {
  it("a JSON string, an array of container definitions and a single definition object derive the same endpoints", async () => {
    const run = await runWithProviders(
      "preview",
      () => {
        new FargateEndpointSet("json", {
          ...network("json"),
          containerDefinitions: [JSON.stringify([container(ECR_IMAGE)])],
        });
        new FargateEndpointSet("array", { ...network("array"), containerDefinitions: [[container(ECR_IMAGE)]] });
        new FargateEndpointSet("object", { ...network("object"), containerDefinitions: [container(ECR_IMAGE)] });
      },
      REGION,
    );
    assert.deepEqual(run.warnings, []);
    for (const set of ["json", "array", "object"]) assert.deepEqual(servicesOf(run, set), DERIVED, set);
  });

  it("a malformed plain entry fails at construction, naming the entry and field", async () => {
    await runWithProviders(
      "preview",
      () => {
        const net = network("bad");
        assert.throws(
          () => new FargateEndpointSet("bad", { ...net, containerDefinitions: ["[{"] }),
          /containerDefinitions\[0\]: expected valid JSON/,
        );
        assert.throws(
          () => new FargateEndpointSet("bad2", { ...net, containerDefinitions: [42] }),
          /containerDefinitions\[0\]: expected a JSON string or an array of container definitions, as aws.ecs.TaskDefinition takes them, got "number"/,
        );
        assert.throws(
          () => new FargateEndpointSet("bad3", { ...net, containerDefinitions: [[{ name: "api" }], "[]"] }),
          /containerDefinitions\[0\]/,
        );
      },
      REGION,
    );
  });

  /** A task definition whose image comes from a repository created in the same stack. */
  function withComputedDefinitions(services: string[] | undefined) {
    const repository = new aws.ecr.Repository("shop-api", {});
    const definitions = pulumi.jsonStringify([container(pulumi.interpolate`${repository.repositoryUrl}:1`)]);
    new FargateEndpointSet("computed", { ...network("computed"), services, containerDefinitions: [definitions] });
  }

  for (const form of ["preview", "deployed"] as const) {
    it(`an Output entry serves \`services\` only, the same endpoints at preview and update (${form})`, async () => {
      const run = await runWithProviders(form, () => withComputedDefinitions(["ecr"]), REGION);
      assert.deepEqual(run.errors, []);
      assert.deepEqual(servicesOf(run, "computed"), ["ecr.api", "ecr.dkr", "s3"]);
      assert.equal(run.warnings.length, 1, run.warnings.join("\n"));
      if (form === "preview") {
        // The repository URL is unknown at a first preview, so the whole JSON is.
        assert.match(
          run.warnings[0],
          /FargateEndpointSet computed: containerDefinitions\[0\] is not known at preview .* the set serves services \["ecr"\]\. List every service the tasks call at start-up in `services`/,
        );
      } else {
        assert.match(
          run.warnings[0],
          /FargateEndpointSet computed: the tasks of containerDefinitions\[0\] need the logs, secretsmanager endpoints, which the set does not serve.*Add "logs", "secretsmanager" to `services` \(now \["ecr"\]\)/,
        );
      }
    });
  }

  it("an Output entry that `services` covers logs nothing", async () => {
    const run = await runWithProviders(
      "deployed",
      () => withComputedDefinitions(["ecr", "logs", "secretsmanager"]),
      REGION,
    );
    assert.deepEqual(run.warnings, []);
    assert.deepEqual(servicesOf(run, "computed"), DERIVED);
  });

  it("only Output entries and no `services`: the preview does not fail, the set creates nothing and says so", async () => {
    const run = await runWithProviders("preview", () => withComputedDefinitions(undefined), REGION);
    assert.deepEqual(run.errors, []);
    assert.deepEqual(servicesOf(run, "computed"), []);
    assert.match(run.warnings.join("\n"), /the set serves no service\. List every service/);
  });

  it("an Output that fails (its resource failed) is reported where it failed, not again by the set", async () => {
    const failed = Promise.reject(new Error("the task definition failed to create"));
    failed.catch(() => undefined);
    const run = await runWithProviders(
      "deployed",
      () =>
        void new FargateEndpointSet("failed", {
          ...network("failed"),
          services: ["logs"],
          containerDefinitions: [pulumi.output(failed)],
        }),
      REGION,
    );
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.warnings, []);
    assert.deepEqual(servicesOf(run, "failed"), ["logs"]);
  });

  it("the whole list as one Output is read entry by entry once known", async () => {
    const run = await runWithProviders(
      "deployed",
      () =>
        void new FargateEndpointSet("whole", {
          ...network("whole"),
          services: ["logs"],
          containerDefinitions: pulumi.output([JSON.stringify([container(ECR_IMAGE)])]),
        }),
      REGION,
    );
    assert.deepEqual(servicesOf(run, "whole"), ["logs"]);
    assert.match(
      run.warnings.join("\n"),
      /the tasks of containerDefinitions need .*Add "ecr", "secretsmanager" to `services`/,
    );
  });
});

describe("FargateExecutionRole containerDefinitions", () => {
  for (const form of ["preview", "deployed"] as const) {
    it(`an array of objects, a JSON string and a known Output give the same policy (${form})`, async () => {
      const run = await runWithProviders(
        form,
        () => {
          new FargateExecutionRole("as-json", { containerDefinitions: [JSON.stringify([container(ECR_IMAGE)])] });
          new FargateExecutionRole("as-array", { containerDefinitions: [[container(ECR_IMAGE)]] });
          new FargateExecutionRole("as-output", { containerDefinitions: [pulumi.output([container(ECR_IMAGE)])] });
        },
        REGION,
      );
      const policies = ["as-json", "as-array", "as-output"].map(
        (name) => run.mocks.resources.find((r) => r.name === `${name}-start-up`)!.inputs.policy,
      );
      assert.equal(typeof policies[0], "string");
      assert.ok(String(policies[0]).includes(SECRET));
      assert.deepEqual(policies.slice(1), [policies[0], policies[0]]);
    });
  }
});

describe("one task definition's containerDefinitions given without the list", () => {
  it("reads as a list of one in both components", async () => {
    const run = await runWithProviders(
      "deployed",
      () => {
        // TypeScript asks for the list; plain JavaScript and the package's other languages can pass this.
        const json = pulumi.output(JSON.stringify([container(ECR_IMAGE)])) as unknown as string[];
        new FargateExecutionRole("single", { containerDefinitions: json });
        new FargateEndpointSet("single", { ...network("single"), services: ["ecr"], containerDefinitions: json });
      },
      REGION,
    );
    assert.deepEqual(run.errors, []);
    const policy = String(run.mocks.resources.find((r) => r.name === "single-start-up")!.inputs.policy);
    assert.ok(policy.includes(SECRET), policy);
    assert.match(run.warnings.join("\n"), /Add "logs", "secretsmanager" to `services`/);
  });
});

describe("one task definition's containerDefinitions as a plain JSON string", () => {
  it("is read when the program runs: the set creates the endpoints its tasks need, and the role grants them", async () => {
    const run = await runWithProviders(
      "preview",
      () => {
        // As aws.ecs.TaskDefinition takes it: one JSON string, known when the program runs.
        const json = JSON.stringify([container(ECR_IMAGE)]) as unknown as string[];
        new FargateEndpointSet("plain", { ...network("plain"), containerDefinitions: json });
        new FargateExecutionRole("plain", { containerDefinitions: json });
      },
      REGION,
    );
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.warnings, []);
    assert.deepEqual(servicesOf(run, "plain"), DERIVED);
    const policy = String(run.mocks.resources.find((r) => r.name === "plain-start-up")!.inputs.policy);
    assert.ok(policy.includes(SECRET), policy);
  });

  it("that is not a task definition's JSON fails at construction, naming the expected shape", async () => {
    await runWithProviders(
      "preview",
      () => {
        const net = network("plain-bad");
        const notJson = "api:1" as unknown as string[];
        assert.throws(
          () => new FargateEndpointSet("plain-bad", { ...net, containerDefinitions: notJson }),
          /containerDefinitions: expected valid JSON/,
        );
        assert.throws(
          () => new FargateExecutionRole("plain-bad", { containerDefinitions: notJson }),
          /containerDefinitions: expected valid JSON/,
        );
        const scalar = "42" as unknown as string[];
        assert.throws(
          () => new FargateEndpointSet("plain-bad2", { ...net, containerDefinitions: scalar }),
          /containerDefinitions: expected a JSON string or an array of container definitions, as aws.ecs.TaskDefinition takes them/,
        );
      },
      REGION,
    );
  });
});

describe("dependsOn a FargateEndpointSet", () => {
  it("waits for every endpoint, created once the provider's region is known", async () => {
    const resources = await runUnderMocks("preview", () => {
      const net = network("dep");
      const set = new FargateEndpointSet("dep-set", { ...net, services: ["ecr", "logs"] });
      new aws.ecs.Cluster("after-endpoints", {}, { dependsOn: [set] });
      new aws.ssm.Parameter("endpoint-ids", { type: "String", value: set.endpoints.apply((ids) => ids.logs) });
    });
    const created = resources.filter((r) => r.name.startsWith("dep-set-")).map((r) => r.urn);
    assert.equal(created.length, 5, "security group and four endpoints");
    const cluster = byType(resources, "aws:ecs/cluster:Cluster")[0];
    assert.deepEqual([...(cluster.dependencies ?? [])].sort(), [...created].sort());
    const parameter = byType(resources, "aws:ssm/parameter:Parameter")[0];
    assert.ok(
      (parameter.propertyDependencies?.value ?? []).some((urn) => urn.endsWith("dep-set-logs")),
      JSON.stringify(parameter.propertyDependencies),
    );
  });
});
