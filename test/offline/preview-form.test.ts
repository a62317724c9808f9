/**
 * The offline command's preview form, per resource type the pack reads: what `recordWithMocks`
 * records for a small program EQUALS the planned state written by hand, per family in
 * preview-form/, from the provider's schema and what the engine sends at a first preview
 * (docs/ARCHITECTURE.md, "The engine imitation": Optional+Computed and provider-only attributes
 * unknown, defaults filled in, autonames added). The expectations are NOT computed from the
 * provider-fact table (engine/provider-facts/): this is the independent oracle for it.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "../../engine/stack-resource";
import { refKeys } from "../../policies/stack/lookup";
import type { StackModel } from "../../policies/stack/model";
import { PROVIDER_FACTS } from "../../engine/provider-facts";
import { runUnderMocks, valueOf } from "../support/mocks";
import { AUTONAME, Case, TRUST, U } from "./preview-form/common";
import { DATA_STORE_CASES } from "./preview-form/data-stores";
import { ECS_CASES } from "./preview-form/ecs";
import { ENDPOINT_CASES } from "./preview-form/endpoints";
import { IAM_CASES } from "./preview-form/iam";
import { NETWORK_CASES } from "./preview-form/network";
import { SECURITY_CASES } from "./preview-form/security";

const CASES: Case[] = [
  ...NETWORK_CASES,
  ...ENDPOINT_CASES,
  ...SECURITY_CASES,
  ...IAM_CASES,
  ...DATA_STORE_CASES,
  ...ECS_CASES,
];

/** Replaces a Check-generated name (`<name>-<7 hex>`) by AUTONAME, after checking its form. */
function withAutonameMarked(resource: StackResource, values: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...values };
  for (const [key, value] of Object.entries(copy))
    if (typeof value === "string" && new RegExp(`^${resource.name}-[0-9a-f]{7}$`).test(value)) copy[key] = AUTONAME;
  return copy;
}

describe("offline preview form per resource type (the planned state, written by hand)", function () {
  this.timeout(120000);
  let recorded: StackResource[] = [];
  before(async () => {
    recorded = await runUnderMocks("preview", () => CASES.forEach((testCase, index) => testCase.register(`r${index}`)));
  });

  it("covers every resource type of the provider-fact table", () => {
    const covered = new Set(CASES.map((testCase) => testCase.type));
    assert.deepEqual(
      Object.keys(PROVIDER_FACTS).filter((type) => !covered.has(type)),
      [],
    );
  });

  CASES.forEach((testCase, index) => {
    const label = `${testCase.type}${testCase.title ? ` (${testCase.title})` : ""}`;
    it(`${label}: Analyze inputs and AnalyzeStack planned state`, () => {
      const resource = recorded.find((candidate) => candidate.name === `r${index}`);
      assert.ok(resource, `r${index} was recorded`);
      assert.equal(resource.type, testCase.type);
      assert.deepEqual(withAutonameMarked(resource, resource.inputs ?? {}), testCase.inputs);
      assert.deepEqual(withAutonameMarked(resource, resource.properties), testCase.planned);
    });
  });

  it("propertyDependencies: a key for every input the program set, none for what Check added", () => {
    const service = recorded.find((resource) => resource.type === "aws:ecs/service:Service")!;
    assert.deepEqual(Object.keys(service.propertyDependencies ?? {}).sort(), [
      "cluster",
      "desiredCount",
      "networkConfiguration",
      "taskDefinition",
    ]);
  });
});

describe("offline preview form: what the program sees and references", function () {
  this.timeout(120000);

  it("ids and provider-only outputs are unknown to the program at a first preview, known once deployed", async () => {
    const seen: Record<string, unknown> = {};
    for (const form of ["preview", "deployed"] as const) {
      await runUnderMocks(form, async () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const group = new aws.ec2.SecurityGroup("tasks", { vpcId: vpc.id });
        seen[`${form} vpc id`] = await valueOf(vpc.id);
        seen[`${form} sg egress`] = await valueOf(group.egress);
      });
    }
    assert.equal(seen["preview vpc id"], undefined);
    assert.equal(seen["preview sg egress"], undefined);
    assert.match(String(seen["deployed vpc id"]), /^vpc-[0-9a-f]{17}$/);
    // After create, the provider has revoked AWS's default egress rule: no rules.
    assert.deepEqual(seen["deployed sg egress"], []);
  });

  it("a resource passed where an id is expected arrives as its id (unknown while planned); a component as its URN", async () => {
    class Bundle extends pulumi.ComponentResource {
      constructor(name: string) {
        super("shop:index:Bundle", name, {});
        this.registerOutputs({});
      }
    }
    const recordedBy: Record<string, StackResource[]> = {};
    for (const form of ["preview", "deployed"] as const) {
      recordedBy[form] = await runUnderMocks(form, () => {
        const role = new aws.iam.Role("execution", { name: "shop-execution", assumeRolePolicy: TRUST });
        new aws.iam.RolePolicyAttachment("execution-ecs", {
          role,
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        });
        const bundle = new Bundle("bundle");
        new aws.ec2.Tag("tag", { resourceId: bundle as unknown as string, key: "team", value: "shop" });
      });
    }
    const attachment = (form: string) => recordedBy[form].find((resource) => resource.name === "execution-ecs")!;
    assert.equal(attachment("preview").inputs!.role, U);
    assert.equal(attachment("preview").properties.role, U);
    assert.equal(attachment("deployed").inputs!.role, "shop-execution");
    assert.equal(attachment("deployed").properties.role, "shop-execution");
    assert.deepEqual(attachment("preview").propertyDependencies!.role, [
      "urn:pulumi:dev::shop::aws:iam/role:Role::execution",
    ]);
    const tag = recordedBy.preview.find((resource) => resource.name === "tag")!;
    assert.equal(tag.inputs!.resourceId, "urn:pulumi:dev::shop::shop:index:Bundle::bundle");
  });

  it("the deployed form fills each unset Optional+Computed attribute with its value after create", async () => {
    const resources = await runUnderMocks("deployed", () => {
      const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
      new aws.ec2.Subnet("subnet", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
      new aws.ec2.RouteTable("table", { vpcId: vpc.id });
      new aws.ec2.NetworkAcl("acl", { vpcId: vpc.id });
      new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: "com.amazonaws.eu-west-1.s3" });
      new aws.iam.Role("role", { assumeRolePolicy: TRUST });
    });
    const properties = (name: string) => resources.find((resource) => resource.name === name)!.properties;
    assert.equal(properties("vpc").enableDnsHostnames, false);
    assert.equal(properties("vpc").enableDnsSupport, true);
    assert.match(String(properties("subnet").availabilityZone), /^eu-west-1[abc]$/);
    assert.equal(properties("subnet").mapPublicIpOnLaunch, false);
    assert.deepEqual(properties("table").routes, []);
    assert.deepEqual([properties("acl").ingress, properties("acl").egress, properties("acl").subnetIds], [[], [], []]);
    assert.deepEqual(JSON.parse(String(properties("s3").policy)), {
      Version: "2008-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    });
    assert.deepEqual([properties("role").inlinePolicies, properties("role").managedPolicyArns], [[], []]);
    for (const resource of resources)
      assert.ok(!JSON.stringify(resource.properties).includes(U), `${resource.name} has no unknown once deployed`);
  });
});

describe("the pack on the faithful preview form: ids still unknown are no match key", () => {
  it("two resources being created do not match by their (equally unknown) ids", () => {
    const model = {
      resources: new Map([
        ["urn:a", { properties: { id: U } }],
        ["urn:b", { properties: { id: U } }],
      ]),
    } as unknown as StackModel;
    assert.deepEqual(refKeys(model, { urn: "urn:a" }), ["urn:a"]);
    assert.deepEqual(refKeys(model, { urn: "urn:b", value: U }), ["urn:b"]);
  });
});
