import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { spawnSync } from "child_process";
import * as path from "path";
import { secretValue, toAnalyzeRequest } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { AnalyzeInputs } from "../../engine/wire/analyze-inputs";
import { unwrapSecrets } from "../../model/unknown";
import { recordRequest, watchAnalyzerRequests } from "../../engine/wire/analyze-requests";
import { readAnalyzeRequest } from "../../engine/wire/request-bytes";
import { SETTLING_INPUTS } from "../../engine/provider-facts";
import { natStack, referenceStack } from "../fixtures/stacks";
import { withCmkParameter } from "../fixtures/variants";
import { propertyValue } from "../support/property-values";

// How @pulumi/policy itself turns a request's Struct into the properties a policy sees (its server's
// analyze handler): the reference the capture from the raw request must agree with.
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
};

const ROOT = path.join(__dirname, "..", "..");

function captured(resources: readonly StackResource[], through: "request" | "bytes" | "resource-policy"): unknown[] {
  const store = new AnalyzeInputs();
  for (const resource of resources) {
    const request = toAnalyzeRequest(resource);
    if (through === "request") recordRequest(store, request);
    else if (through === "bytes") {
      const read = readAnalyzeRequest(Buffer.from(request.serializeBinary()), (type) => store.keysFor(type));
      if (read.inputs !== undefined) store.record(read.type, read.urn, read.inputs);
    } else store.record(resource.type, resource.urn, deserializeProperties(request.getProperties(), false));
  }
  return resources.map(
    ({ type, urn, name }) =>
      store.attach({ type, urn, name, properties: {}, dependencies: [], propertyDependencies: {} }).inputs,
  );
}

describe("Analyze inputs read from the engine's requests", () => {
  it("keeps exactly what validateResource would see, secrets unwrapped, for every settling type of the fixtures", () => {
    const stacks = [referenceStack("preview"), natStack("preview"), withCmkParameter(referenceStack("preview"))];
    const resources = stacks.flatMap((stack) => stack.resources);
    // A secret input (a policy document marked secret by the program) reads as its plain value.
    const endpoint = resources.find((resource) => resource.type === "aws:ec2/vpcEndpoint:VpcEndpoint")!;
    const withSecret = {
      ...endpoint,
      urn: `${endpoint.urn}-secret`,
      inputs: { ...endpoint.inputs, policy: secretValue(JSON.stringify({ Version: "2012-10-17", Statement: [] })) },
    };
    const all = [...resources, withSecret];
    assert.ok(
      all.filter((resource) => SETTLING_INPUTS.has(resource.type)).length > 20,
      "the fixtures cover settling types",
    );
    const fromRequests = captured(all, "request");
    assert.deepEqual(fromRequests, captured(all, "resource-policy"));
    assert.deepStrictEqual(captured(all, "bytes"), fromRequests);
    assert.equal((fromRequests.at(-1) as Record<string, unknown>).policy, '{"Version":"2012-10-17","Statement":[]}');
  });

  it("reads the same inputs from the bytes as from the decoded request, for generated values, and hands on the rest without properties and provider", () => {
    const type = "aws:ec2/vpcEndpoint:VpcEndpoint";
    const keys = new AnalyzeInputs().keysFor(type)!;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, "tags", "vpcId"), propertyValue, { maxKeys: 6 }), (inputs) => {
        const request = toAnalyzeRequest({
          type,
          urn: "urn:e",
          name: "e",
          properties: inputs,
          dependencies: [],
          propertyDependencies: {},
        });
        const provider = new analyzerPb.AnalyzerProviderResource();
        provider.setType("pulumi:providers:aws");
        request.setProvider(provider);
        const fromRequest = new AnalyzeInputs();
        recordRequest(fromRequest, request);
        const read = readAnalyzeRequest(Buffer.from(request.serializeBinary()), (t) => fromRequest.keysFor(t));
        const fromBytes = new AnalyzeInputs();
        fromBytes.record(read.type, read.urn, read.inputs!);
        const attach = (store: AnalyzeInputs) =>
          store.attach({ type, urn: "urn:e", name: "e", properties: {}, dependencies: [], propertyDependencies: {} })
            .inputs;
        assert.deepStrictEqual(attach(fromBytes), attach(fromRequest));
        const rest = analyzerPb.AnalyzeRequest.deserializeBinary(read.rest);
        assert.equal(rest.getType(), type);
        assert.equal(rest.getUrn(), "urn:e");
        assert.equal(rest.hasProperties(), false);
        assert.equal(rest.hasProvider(), false);
        assert.equal(rest.hasOptions(), true);
      }),
      { numRuns: 200 },
    );
  });

  it("unwraps secrets at any depth and leaves other values as sent", () => {
    assert.deepEqual(unwrapSecrets({ a: [secretValue({ b: secretValue("x") })], c: null, d: 1 }), {
      a: [{ b: "x" }],
      c: null,
      d: 1,
    });
  });

  it("sees the Analyze handler of the installed @pulumi/policy when a pack starts (else the entry falls back)", () => {
    // A pack starts in its own process (it prints its port and serves until killed).
    const script = `
      const { watchAnalyzerRequests } = require("./engine/wire/analyze-requests");
      const { AnalyzeInputs } = require("./engine/wire/analyze-inputs");
      const watch = watchAnalyzerRequests(new AnalyzeInputs());
      const { PolicyPack } = require("@pulumi/policy");
      new PolicyPack("watch-test", { policies: [{ name: "p", description: "d", validateStack: () => undefined }] });
      watch.stop();
      process.stderr.write("seen=" + watch.seen() + "\\n");
      process.exit(0);`;
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60000,
    });
    assert.match(child.stderr, /seen=true/);
  });

  it("reports that it saw nothing when the gRPC library cannot be found", () => {
    const watch = watchAnalyzerRequests(new AnalyzeInputs(), "no-such-module-here");
    watch.stop();
    assert.equal(watch.seen(), false);
  });
});
