/**
 * Input the pack must survive: malformed definitions, missing or oddly typed properties,
 * dependency cycles, URNs that point nowhere, a stack of 100,000 resources, and the same
 * sent over gRPC to the pack process. A clear finding or a clean pass, never a crash.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { PolicyPackProcess } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { syntheticStack } from "../../bench/synthetic";
import { referenceStack } from "../fixtures/stacks";
import { findingsOf, pairs } from "../support/findings";
import { PACK_DIR } from "../support/paths";
import { build, recipe } from "./properties.test";

const noRuleErrors = (resources: StackResource[]) =>
  assert.deepEqual(
    findingsOf(resources).filter((finding) => finding.ruleId === "FARGATE-RULE-ERROR"),
    [],
  );

describe("bad input", function () {
  this.timeout(180000);

  it("malformed container definitions are a FARGATE-TASK-DEFINITION finding, not a crash", () => {
    for (const definitions of [
      "",
      "null",
      "[]",
      "{}",
      "[1,2]",
      '[{"name": 3}]',
      '[{"name":"a","image":"x","secrets":"no"}]',
      '[{"name":"a","image":"x","logConfiguration":{"logDriver":"awslogs"}}]',
    ]) {
      const stack = referenceStack("deployed").patch("api-task", (props) => (props.containerDefinitions = definitions));
      assert.deepEqual(
        pairs(findingsOf(stack.resources), "FARGATE-TASK-DEFINITION"),
        ["FARGATE-TASK-DEFINITION api-task"],
        definitions,
      );
    }
  });

  it("every resource type with no properties, or properties of the wrong types", () => {
    const odd: Record<string, unknown>[] = [
      {},
      {
        id: 7,
        arn: false,
        vpcId: [],
        subnetIds: "subnet-1",
        ingress: "all",
        routes: 3,
        policy: 12,
        networkConfiguration: "x",
      },
    ];
    for (const type of Object.values(T)) {
      for (const properties of odd) {
        const resources = [
          ...referenceStack("deployed").resources,
          {
            type,
            urn: `urn:pulumi:dev::shop::${type}::odd`,
            name: "odd",
            properties,
            dependencies: ["urn:nowhere"],
            propertyDependencies: { vpcId: ["urn:nowhere"] },
          },
        ];
        noRuleErrors(resources);
      }
    }
  });

  it("dependency cycles and URNs that point nowhere", () => {
    const resources = referenceStack("preview").resources;
    const subnet = resources.find((resource) => resource.name === "private-a")!;
    const vpc = resources.find((resource) => resource.name === "vpc")!;
    vpc.propertyDependencies = { cidrBlock: [subnet.urn], enableDnsSupport: [vpc.urn] };
    subnet.propertyDependencies = {
      ...subnet.propertyDependencies,
      vpcId: [vpc.urn, "urn:pulumi:dev::shop::aws:ec2/vpc:Vpc::gone"],
    };
    const service = resources.find((resource) => resource.name === "api-service")!;
    service.parent = "urn:pulumi:dev::shop::nothing::here";
    service.dependencies = [service.urn, "urn:nowhere"];
    noRuleErrors(resources);
    assert.deepEqual(pairs(findingsOf(resources).filter((finding) => finding.level === "mandatory")), []);
  });

  it("100,000 resources: analysed without a crash", () => {
    const resources = syntheticStack("deployed", 100000).resources;
    assert.ok(resources.length >= 100000);
    const started = Date.now();
    const findings = findingsOf(resources);
    assert.ok(findings.length > 0 && findings.every((finding) => finding.ruleId !== "FARGATE-RULE-ERROR"));
    console.log(
      `      100,000+ resources (${resources.length}) analysed in process in ${Date.now() - started} ms, ${findings.length} findings`,
    );
  });

  it("over gRPC, random and odd stacks never make the pack return an error", async () => {
    const pack = await PolicyPackProcess.start(PACK_DIR, {
      env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }) },
    });
    try {
      const samples = fc.sample(fc.tuple(recipe, fc.nat(), fc.jsonValue()), { numRuns: 25, seed: 42 });
      for (const [r, index, value] of samples) {
        const resources = build(r);
        const target = resources[index % resources.length];
        target.properties[Object.keys(target.properties)[index % Object.keys(target.properties).length] ?? "odd"] =
          value;
        const diagnostics = await pack.analyzeStack(resources);
        assert.ok(diagnostics.every((diagnostic) => !diagnostic.message.includes("FARGATE-RULE-ERROR")));
      }
    } finally {
      await pack.stop();
    }
  });
});
