/**
 * Issue 21, case 2: keys that are names of Object.prototype. The wire reader stored a Struct key
 * `__proto__` with `record[key] = value`, which set the record's prototype (google-protobuf drops
 * the key), so a service whose networkConfiguration held `"__proto__": {assignPublicIp: true}`
 * lost its mandatory FARGATE-PUBLIC-IP; the context-export reader did the same; managed-policy
 * names were looked up on a plain object, so `policy/constructor` counted as a shipped document.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { encodeAnalyzeStackRequest, PolicyPackProcess } from "../../cli/analyzerClient";
import { stateOf as parseStateFile } from "../../cli/state";
import { exportedFacts } from "../../policies/context/export";
import { readStackExport } from "../../engine/stack-export";
import { readPackConfig } from "../../policies/config/pack-config";
import { evaluateStack } from "../../policies/evaluate";
import { splitAnalyzeStackRequest } from "../../engine/wire/request-bytes";
import type { StackResource } from "../../engine/stack-resource";

/** A resource as the test sends it (the same shape the pack reads). */
type SentResource = StackResource;
import { managedPolicyDocument } from "../../model/managed-policies";
import { ACCOUNT, publicStack, REGION, referenceStack } from "../fixtures/stacks";
import { diagnosticPairs, pairs } from "../support/findings";
import { leaf } from "../support/property-values";
import { startBuiltPack } from "../support/built";
import { throughPulumiPolicy } from "../support/pulumi-policy-oracle";

const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];

/**
 * The request for `resources`, where every key written `__protX__` becomes `__proto__`: google-protobuf's
 * encoder cannot write that key (its map drops it), the engine's Go encoder can. Same length, so every
 * length prefix stays right.
 */
function withProtoKeys(resources: readonly SentResource[]): Buffer {
  const bytes = Buffer.from(encodeAnalyzeStackRequest(resources));
  const placeholder = Buffer.from("__protX__");
  let replaced = 0;
  for (let at = bytes.indexOf(placeholder); at !== -1; at = bytes.indexOf(placeholder, at + 1)) {
    bytes.write("__proto__", at);
    replaced++;
  }
  assert.ok(replaced > 0, "the request holds the placeholder key");
  return bytes;
}

/** A public-subnet service without a public IP, whose networkConfiguration hides one behind a `__proto__` key. */
function publicIpBehindProto(): SentResource[] {
  const stack = publicStack("deployed", false);
  stack.patch("api-service", (props) => {
    const network = props.networkConfiguration as Record<string, unknown>;
    delete network.assignPublicIp;
    network.__protX__ = { assignPublicIp: true };
    Object.defineProperty(network, "constructor", {
      value: { assignPublicIp: true },
      enumerable: true,
      configurable: true,
      writable: true,
    });
  });
  return stack.resources;
}

const inProcess = (resources: readonly StackResource[]) =>
  pairs(evaluateStack(resources, readPackConfig({ region: REGION, accountId: ACCOUNT })));

describe("hardening: keys named like Object.prototype's (issue 21, case 2)", function () {
  this.timeout(120000);

  it("the wire reader reads such keys as google-protobuf does, at any depth, with any value (property)", async () => {
    const value = fc.oneof(
      leaf,
      fc.dictionary(fc.constantFrom("assignPublicIp", "a", ...PROTOTYPE_NAMES), leaf, { maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("__protX__", "constructor", "toString", "b", "valueOf"), value), {
          minLength: 1,
          maxLength: 5,
        }),
        async (entries) => {
          const properties = {
            nested: { ...Object.fromEntries(entries), __protX__: { deep: true } },
            ...Object.fromEntries(entries),
          };
          const bytes = withProtoKeys([
            {
              type: "aws:ec2/vpc:Vpc",
              urn: "urn:v",
              name: "v",
              properties,
              dependencies: ["urn:v"],
              propertyDependencies: { __protX__: ["urn:v"] },
            },
          ]);
          const read = splitAnalyzeStackRequest(bytes).resources;
          assert.deepStrictEqual(read, await throughPulumiPolicy(bytes));
          assert.equal(Object.getPrototypeOf(read[0].properties), Object.prototype);
          assert.equal(Object.getPrototypeOf(read[0].propertyDependencies), Object.prototype);
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });

  it("managed-policy names such as constructor are not shipped documents", () => {
    for (const name of PROTOTYPE_NAMES)
      assert.equal(managedPolicyDocument(`arn:aws:iam::aws:policy/${name}`), undefined, name);
    assert.ok(managedPolicyDocument("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
  });

  it("export and state readers take no prototype from a file's `__proto__` key", () => {
    const subnet = {
      urn: "urn:pulumi:prod::network::aws:ec2/subnet:Subnet::a",
      type: "aws:ec2/subnet:Subnet",
      id: "subnet-1",
      outputs: JSON.parse('{"vpcId":"vpc-1","__proto__":{"mapPublicIpOnLaunch":true}}'),
      propertyDependencies: JSON.parse('{"__proto__":["urn:x"]}'),
    };
    const document = { version: 3, deployment: { resources: [subnet] } };
    const context = exportedFacts(readStackExport(document, "network.json"), "stack network").resources[0];
    const state = parseStateFile(document, "state.json").resources[0];
    for (const read of [context.properties, state.properties, state.propertyDependencies]) {
      assert.equal(Object.getPrototypeOf(read), Object.prototype);
      assert.equal((read as Record<string, unknown>).mapPublicIpOnLaunch, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(read, "__proto__"), false);
    }
  });

  it("a resource type named like an Object.prototype member finds no reader and breaks nothing", () => {
    const resources = [
      ...referenceStack("deployed").resources,
      ...PROTOTYPE_NAMES.map((type) => ({
        type,
        urn: `urn:pulumi:dev::shop::${type}::odd`,
        name: "odd",
        properties: {},
      })),
    ];
    const findings = evaluateStack(
      resources.map((r) => ({ ...r, dependencies: [], propertyDependencies: {} })),
      readPackConfig({ region: REGION, accountId: ACCOUNT }),
    );
    assert.deepEqual(
      findings.filter((finding) => finding.level === "mandatory").map((finding) => finding.ruleId),
      [],
    );
  });

  describe("over gRPC, the built pack started as the engine starts it", () => {
    let pack: PolicyPackProcess;

    before(async function () {
      this.timeout(600000);
      pack = await startBuiltPack({ accountId: ACCOUNT });
    });
    after(async () => pack?.stop());

    it("a `__proto__` key hiding assignPublicIp: true gets google-protobuf's verdict, FARGATE-PUBLIC-IP", async () => {
      const bytes = withProtoKeys(publicIpBehindProto());
      const expected = inProcess(await throughPulumiPolicy(bytes));
      assert.ok(expected.includes("FARGATE-PUBLIC-IP api-service"), expected.join(", "));
      const diagnostics = await pack.analyzeStackEncoded(bytes);
      assert.deepEqual(diagnosticPairs(diagnostics), expected);
    });

    it("an attached AWS managed policy named like an Object.prototype member is unknown, as any policy not shipped", async () => {
      const stack = referenceStack("deployed").remove("exec-policy");
      stack.patch("exec-role", (props) => {
        props.managedPolicyArns = ["arn:aws:iam::aws:policy/NotShipped"];
      });
      const withPolicy = (name: string): SentResource[] =>
        JSON.parse(JSON.stringify(stack.resources).split("policy/NotShipped").join(`policy/${name}`));
      const notShipped = await pack.analyzeStack(withPolicy("NotShipped"));
      assert.ok(notShipped.length > 0);
      for (const name of PROTOTYPE_NAMES.filter((candidate) => candidate !== "__proto__")) {
        const diagnostics = await pack.analyzeStack(withPolicy(name));
        assert.deepEqual(
          diagnostics.map((diagnostic) => [
            diagnostic.enforcementLevel,
            diagnostic.message.split(name).join("NotShipped"),
          ]),
          notShipped.map((diagnostic) => [diagnostic.enforcementLevel, diagnostic.message]),
          name,
        );
      }
    });
  });
});
