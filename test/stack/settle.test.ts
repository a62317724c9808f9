/**
 * The pack settles a first preview's planned state: unknowns the program did not cause take
 * their create-time values, unknowns it caused stay unknown, and without the Analyze calls the
 * keys of propertyDependencies (sent only for properties with dependencies) tell them apart.
 */
import { strict as assert } from "assert";
import { UNKNOWN } from "../../model";
import { AnalyzeInputs } from "../../engine/wire/analyze-inputs";
import { DEFAULT_ENDPOINT_POLICY, PROVIDER_FACTS } from "../../engine/provider-facts";
import { programInputsOf, settlePlannedState } from "../../policies/stack/settle";
import type { StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { referenceStack } from "../fixtures/stacks";
import { findingsOf, pairs, withoutAnalyzeInputs } from "../support/findings";

const fromAnalyze = (inputs: Record<string, unknown>) => ({ from: "analyze" as const, inputs });
const fromDependencies = (...keys: string[]) => ({ from: "propertyDependencies" as const, keys: new Set(keys) });

describe("settling the planned state of a first preview", () => {
  it("an unset Optional+Computed attribute takes its create-time value", () => {
    const planned = { vpcId: UNKNOWN, routes: UNKNOWN, id: UNKNOWN };
    const settled = settlePlannedState(T.routeTable, planned, fromAnalyze({ vpcId: UNKNOWN }));
    assert.deepEqual(settled.properties, { vpcId: UNKNOWN, routes: [], id: UNKNOWN });
    assert.deepEqual(settled.settled, ["routes"]);
  });

  it("an attribute the program set to an unknown value stays unknown", () => {
    const planned = { routes: UNKNOWN };
    const settled = settlePlannedState(T.routeTable, planned, fromAnalyze({ routes: UNKNOWN }));
    assert.equal(settled.properties.routes, UNKNOWN);
    assert.deepEqual(settled.settled, []);
  });

  it("an attribute the program set takes the program's input where the plan lost it", () => {
    const route = { cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN };
    const settled = settlePlannedState(T.routeTable, { routes: UNKNOWN }, fromAnalyze({ routes: [route] }));
    assert.deepEqual(settled.properties.routes, [route]);
  });

  it("propertyDependencies tell what the program set when Analyze was not seen", () => {
    const unset = settlePlannedState(T.securityGroup, { ingress: UNKNOWN, egress: UNKNOWN }, fromDependencies("vpcId"));
    assert.deepEqual(unset.properties, { ingress: [], egress: [] });
    const set = settlePlannedState(T.securityGroup, { ingress: UNKNOWN }, fromDependencies("ingress"));
    assert.equal(set.properties.ingress, UNKNOWN);
  });

  it("without Analyze, a resource with no propertyDependencies key had no unknown input: its unknowns are settled", () => {
    // The engine skips properties without dependencies, so a resource of literals arrives with none.
    const resource: StackResource = {
      type: T.securityGroup,
      urn: "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::sg",
      name: "sg",
      properties: { ingress: UNKNOWN, egress: [] },
      dependencies: [],
      propertyDependencies: {},
    };
    assert.deepEqual(programInputsOf(resource), { from: "propertyDependencies", keys: new Set() });
    assert.deepEqual(settlePlannedState(resource.type, resource.properties, programInputsOf(resource)).properties, {
      ingress: [],
      egress: [],
    });
  });

  it("a value AWS picks stays unknown and names the input that would settle it", () => {
    const settled = settlePlannedState(T.vpcEndpoint, { privateDnsEnabled: UNKNOWN, policy: UNKNOWN }, fromAnalyze({}));
    assert.equal(settled.properties.privateDnsEnabled, UNKNOWN);
    assert.equal(settled.properties.policy, DEFAULT_ENDPOINT_POLICY);
    assert.deepEqual(
      settled.unsettled.map((fact) => fact.property),
      ["privateDnsEnabled"],
    );
    assert.match(settled.unsettled[0].settleWith, /privateDnsEnabled/);
  });

  it("create-time values that depend on other inputs", () => {
    const fargateSpot = settlePlannedState(
      T.service,
      { launchType: UNKNOWN },
      fromAnalyze({ capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }),
    );
    assert.equal("launchType" in fargateSpot.properties, false);
    const neither = settlePlannedState(T.service, { launchType: UNKNOWN }, fromAnalyze({}));
    assert.equal(neither.properties.launchType, UNKNOWN);
    const secure = settlePlannedState(T.parameter, { keyId: UNKNOWN }, fromAnalyze({ type: "SecureString" }));
    assert.equal(secure.properties.keyId, "alias/aws/ssm");
  });

  it("every Optional+Computed entry cites its source", () => {
    for (const [type, semantics] of Object.entries(PROVIDER_FACTS)) {
      for (const [property, attribute] of Object.entries(semantics.optionalComputed)) {
        assert.ok(attribute.source.length > 20, `${type}.${property} has no source`);
      }
    }
  });
});

describe("the Analyze capture", () => {
  it("keeps only the inputs settling reads, for the types that have any", () => {
    const capture = new AnalyzeInputs();
    capture.record(T.vpcEndpoint, "urn:e", { vpcEndpointType: "Interface", serviceName: "x", tags: { a: "b" } });
    capture.record(T.subnet + "x", "urn:other", { a: 1 });
    capture.record(T.routeTableAssociation, "urn:rta", { subnetId: "s" });
    assert.equal(capture.size, 1);
    const resource = capture.attach({
      type: T.vpcEndpoint,
      urn: "urn:e",
      name: "e",
      properties: {},
      dependencies: [],
      propertyDependencies: {},
    });
    assert.deepEqual(resource.inputs, { vpcEndpointType: "Interface" });
  });

  it("is bounded: beyond its limit, resources fall back to propertyDependencies", () => {
    const capture = new AnalyzeInputs(2);
    for (let i = 0; i < 5; i++) capture.record(T.securityGroup, `urn:${i}`, { ingress: [] });
    assert.equal(capture.size, 2);
  });
});

describe("the fixture builder's preview form is a faithful first preview", () => {
  it("ids and unset Optional+Computed attributes are unknown; defaults are filled in", () => {
    const b = referenceStack("preview");
    assert.equal(b.find("vpc").properties.id, UNKNOWN);
    assert.equal(b.find("private-rt").properties.routes, UNKNOWN);
    assert.equal(b.find("task-sg").properties.ingress, UNKNOWN);
    assert.equal(b.find("endpoint-sg").properties.egress, UNKNOWN);
    assert.equal(b.find("s3-endpoint").properties.policy, UNKNOWN);
    assert.equal(b.find("private-a").properties.mapPublicIpOnLaunch, false);
    // Check's defaults are among the Analyze inputs; the program's own keys are in propertyDependencies.
    assert.equal(b.find("private-a").inputs?.mapPublicIpOnLaunch, false);
    assert.equal("mapPublicIpOnLaunch" in (b.find("private-a").propertyDependencies ?? {}), false);
    // As AnalyzeStack sends them: keys only for inputs that depend on other resources.
    assert.equal("cidrBlock" in (b.find("private-a").propertyDependencies ?? {}), false);
    assert.deepEqual(b.find("private-a").propertyDependencies?.vpcId, [b.find("vpc").urn]);
  });

  it("the broken reference is caught with and without the Analyze calls, and never passes when links are lost", () => {
    const stack = referenceStack("preview").remove("secretsmanager-endpoint");
    assert.deepEqual(pairs(findingsOf(stack.resources).filter((f) => f.level === "mandatory")), [
      "FARGATE-SECRETS-NETWORK api-service",
    ]);
    assert.deepEqual(pairs(findingsOf(withoutAnalyzeInputs(stack.resources)).filter((f) => f.level === "mandatory")), [
      "FARGATE-SECRETS-NETWORK api-service",
    ]);
    const silent = stack.resources.map(({ inputs: _inputs, ...resource }) => ({
      ...resource,
      propertyDependencies: {},
    }));
    const findings = findingsOf(silent);
    assert.deepEqual(pairs(findings.filter((f) => f.level === "mandatory")), []);
    assert.ok(findings.some((f) => f.ruleId === "FARGATE-UNKNOWN" && f.urn.endsWith("::api-service")));
  });
});
