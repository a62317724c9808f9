/**
 * Issue 21, case 3: a 13-40 byte request whose length prefix is 2^31 or more held the pack for
 * minutes: the wire reader refused it, and the fallback handed the same bytes to google-protobuf,
 * which reads such a message one byte at a time up to the prefix. Malformed bytes now fail the
 * call at once; only well-formed bytes reach google-protobuf.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest, PolicyPackProcess } from "../../cli/analyzerClient";
import { MalformedRequest, readingBytes } from "../../engine/wire/analyze-requests";
import { readAnalyzeRequest, splitAnalyzeStackRequest } from "../../engine/wire/request-bytes";
import { REQUEST_MESSAGE, wireFormatProblem } from "../../engine/wire/wire-check";
import { referenceStack } from "../fixtures/stacks";
import { startBuiltPack } from "../support/built";

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  while (value >= 0x80n) {
    bytes.push(Number(value % 0x80n) | 0x80);
    value /= 0x80n;
  }
  bytes.push(Number(value));
  return bytes;
}

const delimited = (field: number, body: number[]) => [(field << 3) | 2, ...varint(BigInt(body.length)), ...body];

/** Length prefixes google-protobuf would read past the end of a small buffer for (2^31 and up, 10-byte varints included). */
const HUGE_LENGTHS = [
  2n ** 31n,
  2n ** 31n + 7n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 35n,
  2n ** 53n,
  2n ** 63n,
  2n ** 64n - 1n,
];

/**
 * A request whose innermost message claims `length` bytes: `path` lists the fields that lead
 * to it, each framed correctly (AnalyzeStackRequest.resources → AnalyzerResource.properties →
 * Struct entry → Value.struct_value ...), padded to `size` bytes.
 */
function lengthBomb(pathFields: readonly number[], length: bigint, size: number): Buffer {
  const [innermost, ...outer] = [...pathFields].reverse();
  let body = [(innermost << 3) | 2, ...varint(length)];
  body.push(...new Array(Math.max(0, size - body.length - 2 * outer.length)).fill(1));
  for (const field of outer) body = delimited(field, body);
  return Buffer.from(body);
}

// Paths to a nested message of each request: resources, properties, a Struct entry, its Value, a nested Struct...
const STACK_PATHS = [[1], [1, 2], [1, 2, 1], [1, 2, 1, 2], [1, 2, 1, 2, 5], [1, 5], [1, 5, 7], [1, 6, 2], [1, 9, 2]];
// An Analyze request's provider, and the inputs the capture does not keep, are stepped over unread
// (and never decoded by google-protobuf): a bomb there costs nothing and may be answered.
const ANALYZE_READ = [[2], [2, 1], [5], [5, 7]];
const ANALYZE_PATHS = [...ANALYZE_READ, [2, 1, 2], [2, 1, 2, 6], [6], [6, 2]];

const analyzeStackDecode = analyzerGrpc.AnalyzerService.analyzeStack.requestDeserialize;
const analyzeDecode = analyzerGrpc.AnalyzerService.analyze.requestDeserialize;

/** The pack's deserialisers, as its hook installs them (analyze-requests.ts); built when first used. */
const stackDeserialiser = (bytes: Buffer) => deserialisers().stack(bytes);
const analyzeDeserialiser = (bytes: Buffer) => deserialisers().analyze(bytes);
const deserialisers = () => ({
  stack: readingBytes(analyzeStackDecode, "AnalyzeStack", "AnalyzeStackRequest", (bytes) => {
    const split = splitAnalyzeStackRequest(bytes);
    return { rest: split.rest, read: split.resources };
  }),
  analyze: readingBytes(analyzeDecode, "Analyze", "AnalyzeRequest", (bytes) => {
    const read = readAnalyzeRequest(bytes, () => ["routes", "ingress"]);
    return { rest: read.rest, read };
  }),
});

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = run();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe("hardening: no request holds the pack (issue 21, case 3)", function () {
  this.timeout(120000);

  it("the pack's deserialisers refuse every length bomb they read at once, at any depth and size 13-40", () => {
    for (const [paths, deserialise] of [
      [STACK_PATHS, stackDeserialiser],
      [ANALYZE_PATHS, analyzeDeserialiser],
    ] as const)
      for (const fields of paths)
        for (const length of HUGE_LENGTHS)
          for (const size of [13, 20, 27, 40]) {
            const bytes = lengthBomb(fields, length, size);
            const { value, ms } = timed(() => deserialise(bytes));
            const read = paths === STACK_PATHS || ANALYZE_READ.includes(fields);
            if (read) assert.ok(value instanceof MalformedRequest, `${fields.join(".")} ${length} ${size}`);
            assert.ok(ms < 50, `${fields.join(".")} length ${length}: ${ms} ms`);
          }
  });

  it("random bytes: every request is decoded or refused within 50 ms (property, bounded)", () => {
    const started = Date.now();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 48 }), fc.boolean(), (bytes, stack) => {
        const { value, ms } = timed(() => (stack ? stackDeserialiser : analyzeDeserialiser)(Buffer.from(bytes)));
        assert.ok(value !== undefined);
        assert.ok(ms < 50, `${Buffer.from(bytes).toString("hex")}: ${ms} ms`);
      }),
      { numRuns: 3000, seed: 21 },
    );
    assert.ok(Date.now() - started < 10000);
  });

  it("what the check lets through, google-protobuf decodes quickly: mutated real requests (property, bounded)", () => {
    const resources = referenceStack("preview").resources.slice(0, 6);
    const originals = [
      { bytes: Buffer.from(encodeAnalyzeStackRequest(resources)), message: "AnalyzeStackRequest" as const },
      ...resources.map((resource) => ({
        bytes: Buffer.from(encodeAnalyzeRequest(resource)),
        message: "AnalyzeRequest" as const,
      })),
    ];
    fc.assert(
      fc.property(
        fc.nat(originals.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "bomb")), {
          minLength: 1,
          maxLength: 4,
        }),
        (which, edits) => {
          const { message } = originals[which];
          const bytes = [...originals[which].bytes];
          for (const [at, byte, kind] of edits) {
            const index = at % (bytes.length + 1);
            if (kind === "set" && index < bytes.length) bytes[index] = byte;
            else if (kind === "insert") bytes.splice(index, 0, byte);
            else bytes.splice(index, 0, ...varint(HUGE_LENGTHS[byte % HUGE_LENGTHS.length]));
          }
          const buffer = Buffer.from(bytes);
          if (wireFormatProblem(buffer, message) !== undefined) return;
          const decode = message === "AnalyzeStackRequest" ? analyzeStackDecode : analyzeDecode;
          const { ms } = timed(() => {
            try {
              decode(buffer);
            } catch {
              // google-protobuf may still refuse what it cannot read; what matters is that it returns.
            }
          });
          assert.ok(ms < 200, `google-protobuf took ${ms} ms on bytes the check passed`);
        },
      ),
      { numRuns: 1500, seed: 21 },
    );
  });

  describe("over gRPC, the built pack started as the engine starts it", () => {
    let pack: PolicyPackProcess;
    let client: grpc.Client;

    before(async function () {
      this.timeout(600000);
      pack = await startBuiltPack();
      client = new grpc.Client(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });
    after(async () => {
      client?.close();
      await pack?.stop();
    });

    /** Sends raw bytes to a method; resolves with the gRPC status code (0: answered) and the time taken. */
    function raw(method: string, bytes: Buffer): Promise<{ code: number; ms: number; details: string }> {
      const started = Date.now();
      return new Promise((resolve) =>
        client.makeUnaryRequest(
          method,
          (body: Buffer) => body,
          (body: Buffer) => body,
          bytes,
          new grpc.Metadata(),
          { deadline: Date.now() + 5000 },
          (error) => resolve({ code: error?.code ?? 0, ms: Date.now() - started, details: error?.details ?? "" }),
        ),
      );
    }

    it("every length bomb to every method is refused within one second, naming no byte of it", async () => {
      const cases: [string, number[][]][] = [
        ["/pulumirpc.Analyzer/AnalyzeStack", STACK_PATHS],
        ["/pulumirpc.Analyzer/Analyze", ANALYZE_PATHS],
        ["/pulumirpc.Analyzer/Remediate", ANALYZE_PATHS],
        ["/pulumirpc.Analyzer/Configure", [[1], [1, 2], [1, 2, 2]]],
        ["/pulumirpc.Analyzer/ConfigureStack", [[7], [8]]],
      ];
      let slowest = 0;
      for (const [method, paths] of cases)
        for (const fields of paths)
          for (const length of [HUGE_LENGTHS[0], HUGE_LENGTHS[6]]) {
            const answer = await raw(method, lengthBomb(fields, length, 13 + ((fields.length * 7) % 28)));
            slowest = Math.max(slowest, answer.ms);
            assert.ok(answer.ms < 1000, `${method} ${fields.join(".")}: ${answer.ms} ms`);
            // The pack reads no input of a resource type it keeps none of (the engine's Analyze of a type it does not check).
            if (method.endsWith("/Analyze") && !ANALYZE_READ.slice(0, 1).includes(fields)) continue;
            assert.equal(answer.code, grpc.status.INVALID_ARGUMENT, `${method} ${fields.join(".")}: ${answer.details}`);
            assert.match(answer.details, /not protobuf's wire format \(.*at byte \d+\)/);
          }
      console.log(`      slowest refusal: ${slowest} ms`);
    });

    it("random bytes of 13-40 to Analyze and AnalyzeStack: each answered within one second, and the pack still works", async () => {
      const samples = fc.sample(fc.tuple(fc.uint8Array({ minLength: 13, maxLength: 40 }), fc.boolean()), {
        numRuns: 150,
        seed: 2131,
      });
      for (const [bytes, stack] of samples) {
        const method = stack ? "/pulumirpc.Analyzer/AnalyzeStack" : "/pulumirpc.Analyzer/Analyze";
        const answer = await raw(method, Buffer.from(bytes));
        assert.ok(answer.ms < 1000, `${method} ${Buffer.from(bytes).toString("hex")}: ${answer.ms} ms`);
      }
      const diagnostics = await pack.analyzeStack(
        referenceStack("deployed").remove("secretsmanager-endpoint").resources,
      );
      assert.ok(diagnostics.some((diagnostic) => diagnostic.message.includes("[FARGATE-SECRETS-NETWORK]")));
      assert.ok([...REQUEST_MESSAGE.keys()].includes("/pulumirpc.Analyzer/AnalyzeStack"));
    });
  });
});
