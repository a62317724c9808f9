/** Reading `pulumi stack export` documents, and the generated example exports staying what the network program declares. */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import Ajv = require("ajv");
import { CONFIG_SCHEMA, readPackConfig } from "../../policies/config/pack-config";
import { CONTEXT_CONFIG_SNIPPET } from "../../policies/analysis/context-advice";
import { ContextInputError, exportedFacts, parseContextExport } from "../../policies/context/export";
import { readStackExport as readExport } from "../../engine/stack-export";

/** An export document read as context. */
const readStackExport = (document: unknown, where: string, origin: string) =>
  exportedFacts(readExport(document, where), origin);
import { isUnknown } from "../../model";
import { REPO_ROOT } from "../support/paths";
import { BROKEN_EXPORT, EXAMPLE_DIR, WORKING_EXPORT } from "./support";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function document(resources: unknown[], extra: Record<string, unknown> = {}) {
  return { version: 3, deployment: { manifest: {}, resources, ...extra } };
}

describe("context: reading stack exports", () => {
  it("keeps the analysed types with their origin, the root stack's outputs and its project/stack", () => {
    const parsed = parseContextExport(fs.readFileSync(BROKEN_EXPORT, "utf8"), "network-broken.json", "stack x");
    assert.equal(parsed.stack, "network/prod");
    assert.ok(Array.isArray(parsed.outputs.privateSubnetIds));
    assert.ok(parsed.resources.length > 10);
    assert.ok(parsed.resources.every((resource) => resource.origin === "stack x" && resource.type.startsWith("aws:")));
    assert.ok(!parsed.resources.some((resource) => resource.type.startsWith("fargate-preflight:")));
  });

  it("reveals secrets shown with --show-secrets and makes encrypted ones unknown, at any depth", () => {
    const parsed = readStackExport(
      document([
        {
          urn: "urn:pulumi:prod::network::aws:ec2/subnet:Subnet::a",
          type: "aws:ec2/subnet:Subnet",
          id: "subnet-1",
          outputs: {
            vpcId: { ...SIG, plaintext: JSON.stringify("vpc-1") },
            cidrBlock: { ...SIG, ciphertext: "AAABAK..." },
            tags: { Name: { ...SIG, plaintext: '"a"' } },
          },
        },
      ]),
      "f",
      "o",
    );
    const properties = parsed.resources[0].properties;
    assert.equal(properties.vpcId, "vpc-1");
    assert.ok(isUnknown(properties.cidrBlock));
    assert.deepEqual(properties.tags, { Name: "a" });
    assert.equal(properties.id, "subnet-1");
  });

  it("leaves out old copies pending deletion, and lists interrupted operations", () => {
    const subnet = { urn: "urn:pulumi:prod::network::aws:ec2/subnet:Subnet::a", type: "aws:ec2/subnet:Subnet" };
    const parsed = readStackExport(
      document(
        [
          { ...subnet, id: "subnet-old", delete: true },
          { ...subnet, id: "subnet-new" },
        ],
        {
          pending_operations: [{ resource: { ...subnet, id: "subnet-2" }, type: "creating" }],
        },
      ),
      "f",
      "o",
    );
    assert.deepEqual(
      parsed.resources.map((resource) => resource.properties.id),
      ["subnet-new"],
    );
    assert.deepEqual(parsed.pending, [{ urn: subnet.urn, type: subnet.type, operation: "creating" }]);
  });

  it("refuses what is not an export with an error naming the input and what is expected", () => {
    assert.throws(
      () => parseContextExport("{", "net.json", "o"),
      (error: Error) => {
        return error instanceof ContextInputError && /^net\.json: not a readable JSON stack export/.test(error.message);
      },
    );
    assert.throws(
      () => readStackExport({ resources: [] }, "net.json", "o"),
      /net\.json: expected the JSON that `pulumi stack export` writes/,
    );
    assert.throws(
      () => readStackExport(document([{ urn: 1 }]), "net.json", "o"),
      /deployment\.resources\[0\]\.urn is a number; expected a string/,
    );
    // An empty stack is a stack: no resources, no error.
    assert.deepEqual(readStackExport({ deployment: {} }, "net.json", "o").resources, []);
  });

  it("the config snippet in the advice is valid pack config, and context is off by default", () => {
    const snippet = JSON.parse(CONTEXT_CONFIG_SNIPPET)["fargate-preflight"];
    const validate = new Ajv().compile(CONFIG_SCHEMA);
    assert.ok(validate(snippet), JSON.stringify(validate.errors));
    assert.ok(validate({ context: { stackReferences: true, aws: true } }));
    assert.ok(!validate({ context: { stackReferences: "acme/network/prod" } }));
    assert.deepEqual(readPackConfig(undefined).context, {
      stackExports: [],
      stackReferences: false,
      aws: false,
      timeoutSeconds: 30,
    });
    assert.deepEqual(readPackConfig(snippet).context.stackReferences, ["<org>/<network-project>/<stack>"]);
  });

  it("the committed example exports are what the network program declares (generate-exports.ts)", function () {
    this.timeout(60000);
    const before = [WORKING_EXPORT, BROKEN_EXPORT].map((file) => fs.readFileSync(file, "utf8"));
    try {
      execFileSync(
        process.execPath,
        [require.resolve("ts-node/dist/bin"), "--transpile-only", `${EXAMPLE_DIR}/generate-exports.ts`],
        {
          cwd: REPO_ROOT,
          stdio: "ignore",
        },
      );
      // Compared as JSON: the committed files are also formatted by prettier.
      assert.deepEqual(
        [WORKING_EXPORT, BROKEN_EXPORT].map((file) => JSON.parse(fs.readFileSync(file, "utf8"))),
        before.map((text) => JSON.parse(text)),
      );
    } finally {
      [WORKING_EXPORT, BROKEN_EXPORT].forEach((file, index) => fs.writeFileSync(file, before[index]));
    }
  });
});
