/**
 * Property-based tests (fast-check) over random, well-formed stacks built from the fixtures,
 * random property shapes and random unknowns. Run counts are sized for CI.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import type { StackResource } from "../../engine/stack-resource";
import { UNKNOWN } from "../../model";
import type { StackBuilder, StackForm } from "../fixtures/builder";
import {
  INTERFACE_SERVICES,
  naclStack,
  natStack,
  publicStack,
  redundantStack,
  referenceStack,
} from "../fixtures/stacks";
import { findingsOf, pairs } from "../support/findings";

export const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const MAKERS: Record<string, (form: StackForm) => StackBuilder> = {
  reference: referenceStack,
  nacl: naclStack,
  nat: natStack,
  public: publicStack,
  redundant: redundantStack,
};

interface StackRecipe {
  kind: string;
  form: StackForm;
  dropEndpoints: string[];
  dropStatements: number[];
  dnsSupport: boolean;
  taskEgress: boolean;
  assignPublicIp: boolean;
}

/** A well-formed stack: one of the fixtures with a random subset of its links removed. */
export const recipe: fc.Arbitrary<StackRecipe> = fc.record({
  kind: fc.constantFrom(...Object.keys(MAKERS)),
  form: fc.constantFrom<StackForm>("preview", "deployed"),
  dropEndpoints: fc.subarray([...INTERFACE_SERVICES, "s3"]),
  dropStatements: fc.subarray([0, 1, 2, 3, 4]),
  dnsSupport: fc.boolean(),
  taskEgress: fc.boolean(),
  assignPublicIp: fc.boolean(),
});

export function build(r: StackRecipe): StackResource[] {
  const b = MAKERS[r.kind](r.form);
  for (const service of r.dropEndpoints) {
    if (b.resources.some((resource) => resource.name === `${service}-endpoint`)) b.remove(`${service}-endpoint`);
  }
  b.patch("exec-policy", (properties) => {
    const document = JSON.parse(String(properties.policy));
    document.Statement = document.Statement.filter((_: unknown, index: number) => !r.dropStatements.includes(index));
    properties.policy = JSON.stringify(document);
  });
  b.patch("vpc", (properties) => (properties.enableDnsSupport = r.dnsSupport));
  if (!r.taskEgress) b.patch("task-sg", (properties) => (properties.egress = []));
  b.patch(
    "api-service",
    (properties) => ((properties.networkConfiguration as Record<string, unknown>).assignPublicIp = r.assignPublicIp),
  );
  return b.resources;
}

const mandatory = (resources: StackResource[]) =>
  pairs(findingsOf(resources).filter((finding) => finding.level === "mandatory"));
const clone = (resources: StackResource[]): StackResource[] => JSON.parse(JSON.stringify(resources));

/** Random JSON-like values, including the engine's unknown marker and secrets. */
const oddValue = fc.oneof(
  fc.constant(UNKNOWN),
  fc.constant(null),
  fc.jsonValue(),
  fc.anything({ maxDepth: 2 }),
  fc.constant({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "secret" }),
);

describe("properties", function () {
  this.timeout(120000);

  it("the analysis never throws and no rule errors, also with odd property values", () => {
    fc.assert(
      fc.property(recipe, fc.nat(), fc.string({ maxLength: 20 }), oddValue, (r, index, key, value) => {
        const resources = build(r);
        const target = resources[index % resources.length];
        const property =
          Object.keys(target.properties)[index % Math.max(1, Object.keys(target.properties).length)] ?? key;
        (target.properties as Record<string, unknown>)[index % 3 === 0 ? key : property] = value;
        const findings = findingsOf(resources);
        assert.deepEqual(
          findings.filter((finding) => finding.ruleId === "FARGATE-RULE-ERROR"),
          [],
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("verdicts do not depend on resource order", () => {
    fc.assert(
      fc.property(recipe, fc.infiniteStream(fc.nat()), (r, stream) => {
        const resources = build(r);
        const shuffled = clone(resources);
        const order = [...stream.take(shuffled.length)];
        shuffled.sort(
          (a, b) =>
            order[resources.findIndex((x) => x.urn === a.urn)] - order[resources.findIndex((x) => x.urn === b.urn)],
        );
        assert.deepEqual(pairs(findingsOf(shuffled)), pairs(findingsOf(resources)));
      }),
      { numRuns: RUNS },
    );
  });

  it("adding unrelated resources changes nothing", () => {
    const unrelated = fc.array(
      fc.record({
        type: fc.constantFrom(
          "aws:s3/bucket:Bucket",
          "aws:lambda/function:Function",
          "aws:sqs/queue:Queue",
          "aws:dynamodb/table:Table",
          "random:index/randomId:RandomId",
        ),
        name: fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/),
        properties: fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z]{1,10}$/), oddValue, { maxKeys: 4 }),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(recipe, unrelated, (r, extra) => {
        const resources = build(r);
        const before = pairs(findingsOf(resources));
        const added = extra.map((resource, i) => ({
          ...resource,
          urn: `urn:pulumi:dev::shop::${resource.type}::extra-${i}-${resource.name}`,
          dependencies: [],
          propertyDependencies: {},
        }));
        assert.deepEqual(pairs(findingsOf([...resources, ...added])), before);
      }),
      { numRuns: RUNS },
    );
  });

  it("replacing a known value with an unknown never turns a finding into a pass", () => {
    fc.assert(
      fc.property(recipe, fc.nat(), fc.nat(), (r, resourceIndex, propertyIndex) => {
        const resources = build(r);
        const before = mandatory(resources);
        const target = resources[resourceIndex % resources.length];
        const keys = Object.keys(target.properties).filter((key) => target.properties[key] !== UNKNOWN);
        if (keys.length === 0) return;
        const key = keys[propertyIndex % keys.length];
        target.properties[key] = UNKNOWN;
        if (target.propertyDependencies) delete target.propertyDependencies[key];
        const findings = findingsOf(resources);
        const after = pairs(findings.filter((finding) => finding.level === "mandatory"));
        const unknowns = findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
        const lost = before.filter((pair) => !after.includes(pair));
        assert.ok(
          lost.length === 0 || unknowns.length > 0,
          `${target.name}.${key} made ${lost.join(", ")} pass with no unknown finding`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("adding a correct endpoint, route or grant never creates a finding", () => {
    const addition = fc.constantFrom("ssmmessages-endpoint", "grant-all", "nat-route");
    fc.assert(
      fc.property(recipe, addition, (r, what) => {
        const resources = build(r);
        const before = mandatory(resources);
        const extended = clone(resources);
        if (what === "grant-all") {
          const policy = extended.find((resource) => resource.name === "exec-policy")!;
          const document = JSON.parse(String(policy.properties.policy));
          document.Statement.push({ Effect: "Allow", Action: "*", Resource: "*" });
          policy.properties.policy = JSON.stringify(document);
        } else if (what === "ssmmessages-endpoint") {
          const template = extended.find(
            (resource) =>
              resource.type === "aws:ec2/vpcEndpoint:VpcEndpoint" &&
              resource.properties.vpcEndpointType === "Interface",
          );
          if (!template) return;
          extended.push({
            ...clone([template])[0],
            urn: `${template.urn}-ssmmessages`,
            name: "extra-ssmmessages",
            properties: { ...template.properties, serviceName: "com.amazonaws.eu-west-1.ssmmessages" },
          });
        } else {
          const nat = extended.find((resource) => resource.type === "aws:ec2/natGateway:NatGateway");
          const route = extended.find((resource) => resource.name === "private-default");
          if (!nat || route) return;
          extended.push({
            type: "aws:ec2/route:Route",
            urn: "urn:pulumi:dev::shop::aws:ec2/route:Route::extra-default",
            name: "extra-default",
            properties: {
              routeTableId: extended.find((x) => x.name === "private-rt")!.properties.id ?? UNKNOWN,
              destinationCidrBlock: "0.0.0.0/0",
              natGatewayId: nat.properties.id ?? UNKNOWN,
            },
            dependencies: [extended.find((x) => x.name === "private-rt")!.urn, nat.urn],
            propertyDependencies: {
              routeTableId: [extended.find((x) => x.name === "private-rt")!.urn],
              natGatewayId: [nat.urn],
            },
          });
        }
        const after = mandatory(extended);
        assert.deepEqual(
          after.filter((pair) => !before.includes(pair)),
          [],
        );
      }),
      { numRuns: RUNS },
    );
  });
});
