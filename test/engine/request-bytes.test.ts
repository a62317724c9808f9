import { strict as assert } from "assert";
import { createRequire } from "module";
import * as fc from "fast-check";
import type * as grpcTypes from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { encodeAnalyzeStackRequest, secretValue, toAnalyzeRequest, toAnalyzerResource } from "../../cli/analyzerClient";
import { AnalyzeInputs } from "../../engine/wire/analyze-inputs";
import { ARCHIVE_SIGNATURE, ASSET_SIGNATURE, SIGNATURE_KEY } from "../../model/unknown";
import { splitAnalyzeStackRequest } from "../../engine/wire/request-bytes";
import { watchAnalyzerRequests } from "../../engine/wire/analyze-requests";
import { MalformedWireError, WireFormatError } from "../../engine/wire/protobuf-wire";
import { wireFormatProblem } from "../../engine/wire/wire-check";
import type { StackResource } from "../../engine/stack-resource";

/** A resource as the test sends it (the same shape the pack reads). */
type SentResource = StackResource;
import { natStack, referenceStack } from "../fixtures/stacks";
import { leaf, propertyValue } from "../support/property-values";
import { withCmkParameter } from "../fixtures/variants";
import { throughPulumiPolicy } from "../support/pulumi-policy-oracle";

/**
 * Equal, and with keys in the same order (google-protobuf iterates map keys sorted). The reader
 * also keeps the secret-marked values aside (`secrets`, which @pulumi/policy drops):
 * test/reliability/hardening-secrets.test.ts holds those.
 */
function assertSame(actual: StackResource[], expected: StackResource[]): void {
  const withoutSecrets = actual.map(({ secrets: _secrets, ...resource }) => resource);
  assert.deepStrictEqual(withoutSecrets, expected);
  assert.equal(JSON.stringify(withoutSecrets), JSON.stringify(expected));
}

function stackOf(...resources: SentResource[]): Uint8Array {
  return encodeAnalyzeStackRequest(resources);
}

const resource = (
  urn: string,
  properties: Record<string, unknown>,
  extra: Partial<SentResource> = {},
): SentResource => ({
  type: "aws:ec2/securityGroup:SecurityGroup",
  urn,
  name: urn.split("::").pop() ?? urn,
  properties,
  dependencies: [],
  propertyDependencies: {},
  ...extra,
});

// --- Encoding by hand what google-protobuf will not write: map entries out of order and repeated. ---
function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push(value % 0x80 | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return bytes;
}
const delimited = (field: number, body: Uint8Array) =>
  Uint8Array.from([...varint((field << 3) | 2), ...varint(body.length), ...body]);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

/** A Struct whose entries are written in the given order, repeats included (as Go's encoder may). */
function structInOrder(entries: [string, unknown][]): Uint8Array {
  // Serialised Structs concatenate to one Struct with the entries of each, in order.
  return concat(...entries.map(([key, value]) => Struct.fromJavaScript({ [key]: value } as never).serializeBinary()));
}

/** An AnalyzeStackRequest of one resource with these raw property bytes. */
function requestWithProperties(urn: string, properties: Uint8Array): Uint8Array {
  const head = new analyzerPb.AnalyzerResource();
  head.setType("aws:ec2/vpc:Vpc");
  head.setUrn(urn);
  head.setName("v");
  head.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return delimited(1, concat(head.serializeBinary(), delimited(2, properties)));
}

describe("AnalyzeStack resources read from the request bytes", () => {
  it("equal @pulumi/policy's resources for the fixture stacks, preview and deployed", async () => {
    for (const form of ["preview", "deployed"] as const) {
      const resources = [
        ...referenceStack(form).resources,
        ...natStack(form).resources.map((r) => ({ ...r, urn: `${r.urn}-nat` })),
        ...withCmkParameter(referenceStack(form)).resources.map((r) => ({ ...r, urn: `${r.urn}-cmk` })),
      ];
      const bytes = stackOf(...resources);
      const read = splitAnalyzeStackRequest(Buffer.from(bytes));
      assert.equal(read.resources.length, resources.length);
      assertSame(read.resources, await throughPulumiPolicy(bytes));
      assert.equal(read.rest.length, 0);
    }
  });

  it("keep links only to resources of the request, every property-dependency key, and the parent only when sent", async () => {
    const bytes = stackOf(
      resource("urn:a", { x: 1 }, { parent: "urn:b", dependencies: ["urn:b", "urn:gone"] }),
      resource(
        "urn:b",
        {},
        { parent: "urn:gone", propertyDependencies: { z: ["urn:gone"], a: ["urn:a", "urn:gone"] } },
      ),
    );
    const read = splitAnalyzeStackRequest(Buffer.from(bytes)).resources;
    assertSame(read, await throughPulumiPolicy(bytes));
    assert.equal(read[0].parent, "urn:b");
    assert.deepEqual(read[0].dependencies, ["urn:b"]);
    assert.equal(read[1].parent, undefined);
    assert.deepEqual(Object.entries(read[1].propertyDependencies), [
      ["a", ["urn:a"]],
      ["z", []],
    ]);
  });

  it("equal @pulumi/policy's on generated properties: secrets at any depth, unknowns, unicode, numbers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string({ maxLength: 8 }), propertyValue, { maxKeys: 6 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (all) => {
          const bytes = stackOf(...all.map((properties, i) => resource(`urn:${i}`, properties)));
          assertSame(splitAnalyzeStackRequest(Buffer.from(bytes)).resources, await throughPulumiPolicy(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("sort map entries written out of order, the last of a repeated key winning, as google-protobuf does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("b", "a", "10", "9", "__proto__", "é", "Z"), leaf), { maxLength: 12 }),
        async (entries) => {
          const bytes = requestWithProperties("urn:v", structInOrder(entries));
          assertSame(splitAnalyzeStackRequest(Buffer.from(bytes)).resources, await throughPulumiPolicy(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keep assets and archives as sent (no reader of the model reads them)", () => {
    const asset = { [SIGNATURE_KEY]: ASSET_SIGNATURE, text: "hello" };
    const archive = { [SIGNATURE_KEY]: ARCHIVE_SIGNATURE, path: "./app" };
    const read = splitAnalyzeStackRequest(Buffer.from(stackOf(resource("urn:f", { code: archive, file: asset }))));
    assert.deepEqual(read.resources[0].properties, { code: archive, file: asset });
  });

  it("refuse what @pulumi/policy refuses, so the well-formed request is decoded as before", () => {
    const refused: [string, Uint8Array][] = [
      [
        "an unknown signature",
        stackOf(resource("urn:r", { ref: { [SIGNATURE_KEY]: "5cf8f73096256a8f31e491e813e4eb8e" } })),
      ],
      [
        "a secret without a value",
        stackOf(resource("urn:s", { s: { [SIGNATURE_KEY]: secretValue(1)[SIGNATURE_KEY] } })),
      ],
      [
        "a Value with no kind",
        requestWithProperties(
          "urn:k",
          delimited(1, concat(delimited(1, Buffer.from("k")), delimited(2, new Uint8Array()))),
        ),
      ],
      [
        "a resource without properties",
        delimited(
          1,
          new analyzerPb.AnalyzerResource()
            .setUrn("urn:p")
            .setOptions(new analyzerPb.AnalyzerResourceOptions())
            .serializeBinary(),
        ),
      ],
      [
        "a resource without options",
        delimited(1, new analyzerPb.AnalyzerResource().setUrn("urn:o").setProperties(new Struct()).serializeBinary()),
      ],
    ];
    for (const [what, bytes] of refused) {
      assert.throws(
        () => splitAnalyzeStackRequest(Buffer.from(bytes)),
        (error) => error instanceof WireFormatError && !(error instanceof MalformedWireError),
        what,
      );
      assert.equal(wireFormatProblem(bytes, "AnalyzeStackRequest"), undefined, what);
    }
  });

  it("find bytes that are not the wire format malformed, so no decoder is handed them (issue 21)", () => {
    const malformed: [string, Uint8Array][] = [
      ["truncated bytes", stackOf(resource("urn:t", { long: "x".repeat(300) })).subarray(0, 200)],
      ["a group wire type on the resources field", Uint8Array.from([0x0b])],
      [
        "a double past the end",
        requestWithProperties(
          "urn:d",
          delimited(1, concat(delimited(1, Buffer.from("n")), Uint8Array.from([0x12, 2, 0x11, 1]))),
        ),
      ],
      ["a length prefix of 2^31", Uint8Array.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3])],
      ["field number 0", Uint8Array.from([0x02, 0])],
    ];
    for (const [what, bytes] of malformed) {
      assert.throws(() => splitAnalyzeStackRequest(Buffer.from(bytes)), MalformedWireError, what);
      assert.notEqual(wireFormatProblem(bytes, "AnalyzeStackRequest"), undefined, what);
    }
  });

  it("pass the request's other fields to google-protobuf untouched", () => {
    // A field this version of the protocol does not know (the engine may be newer) is kept for google-protobuf.
    const unknownField = Uint8Array.from([0x7a, 1, 0x41]); // field 15, length 1
    const bytes = concat(stackOf(resource("urn:a", {})), unknownField);
    const split = splitAnalyzeStackRequest(Buffer.from(bytes));
    assert.deepEqual([...split.rest], [...unknownField]);
    assert.equal(split.resources.length, 1);
  });

  it("are what the pack gets on a gRPC server of the installed @pulumi/policy, which gets no resources and no inputs itself (all of them for well-formed bytes the reader refuses; malformed bytes fail the call)", async () => {
    const grpc = createRequire(require.resolve("@pulumi/policy"))("@grpc/grpc-js") as typeof grpcTypes;
    const store = new AnalyzeInputs();
    const watch = watchAnalyzerRequests(store);
    const server = new grpc.Server();
    let policySaw = -1;
    let packSaw: StackResource[] | undefined;
    let analyzeSaw: analyzerPb.AnalyzeRequest | undefined;
    try {
      server.addService(analyzerGrpc.AnalyzerService, {
        analyze: (
          call: grpcTypes.ServerUnaryCall<analyzerPb.AnalyzeRequest, unknown>,
          callback: grpcTypes.sendUnaryData<unknown>,
        ) => {
          analyzeSaw = call.request;
          callback(null, new analyzerPb.AnalyzeResponse());
        },
        analyzeStack: (
          call: grpcTypes.ServerUnaryCall<analyzerPb.AnalyzeStackRequest, unknown>,
          callback: grpcTypes.sendUnaryData<unknown>,
        ) => {
          policySaw = call.request.getResourcesList().length;
          packSaw = watch.stackResources();
          callback(null, new analyzerPb.AnalyzeResponse());
        },
      });
    } finally {
      watch.stop();
    }
    assert.equal(watch.seen(), true);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    try {
      const resources = referenceStack("preview").resources;
      const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const endpoint = resources.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs)!;
      await new Promise<void>((resolve, reject) =>
        client.analyze(toAnalyzeRequest(endpoint), (error) => (error ? reject(error) : resolve())),
      );
      assert.equal(analyzeSaw?.getUrn(), endpoint.urn);
      assert.equal(analyzeSaw?.hasProperties(), false);
      const expected = new AnalyzeInputs();
      expected.record(endpoint.type, endpoint.urn, endpoint.inputs!);
      const attached = (inputs: AnalyzeInputs) =>
        inputs.attach({ ...endpoint, properties: {}, dependencies: [], propertyDependencies: {} }).inputs;
      assert.ok(attached(store));
      assert.deepEqual(attached(store), attached(expected));
      const request = new analyzerPb.AnalyzeStackRequest();
      request.setResourcesList(resources.map(toAnalyzerResource));
      await new Promise<void>((resolve, reject) =>
        client.analyzeStack(request, (error) => (error ? reject(error) : resolve())),
      );
      assert.equal(policySaw, 0);
      assert.deepEqual(
        packSaw?.map((r) => r.urn),
        resources.map((r) => r.urn),
      );
      assert.equal(watch.stackResources(), undefined, "kept only while the call is handled");
      // Bytes the reader refuses (a signature @pulumi/policy does not know) reach @pulumi/policy whole, as without the hook.
      const refused = new analyzerPb.AnalyzeStackRequest();
      refused.setResourcesList([
        toAnalyzerResource(resource("urn:plain", { x: "1" })),
        toAnalyzerResource(resource("urn:odd", { ref: { [SIGNATURE_KEY]: "5cf8f73096256a8f31e491e813e4eb8e" } })),
      ]);
      const bytes = Buffer.from(refused.serializeBinary());
      assert.throws(() => splitAnalyzeStackRequest(bytes), WireFormatError);
      const rawCall = (method: string, body: Buffer) =>
        new Promise<void>((resolve, reject) =>
          client.makeUnaryRequest(
            method,
            (b: Buffer) => b,
            (b: Buffer) => b,
            body,
            (error) => (error ? reject(error) : resolve()),
          ),
        );
      await rawCall("/pulumirpc.Analyzer/AnalyzeStack", bytes);
      assert.equal(policySaw, 2);
      assert.equal(packSaw, undefined);
      // Malformed bytes fail the call at once, and neither the pack nor @pulumi/policy is handed anything.
      policySaw = -1;
      await assert.rejects(
        rawCall("/pulumirpc.Analyzer/AnalyzeStack", Buffer.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x08, 1])),
        {
          code: grpc.status.INVALID_ARGUMENT,
        },
      );
      assert.equal(policySaw, -1);
      client.close();
    } finally {
      server.forceShutdown();
    }
  });
});
