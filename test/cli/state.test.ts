/** `--state` reads what `pulumi stack export` really writes. */
import { UNKNOWN } from "../../model";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStateFile, stateOf } from "../../cli/state";

const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
import { UsageError } from "../../cli/program";

const SIG = "4dabf18193072939515e22adb298388d";
const STACK = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod";
const PROVIDER = "urn:pulumi:prod::shop::pulumi:providers:aws::default_7_48_0";
const SECRET = "urn:pulumi:prod::shop::aws:secretsmanager/secretVersion:SecretVersion::db";

/** The shape of a real export: stack, default provider, resources, secrets, pending operations. */
function exported(secret: unknown, extra: Record<string, unknown> = {}) {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-24T10:00:00Z", magic: "abc", version: "v3.200.0" },
      secrets_providers: { type: "service", state: { url: "https://api.pulumi.com", owner: "acme" } },
      resources: [
        { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        {
          urn: PROVIDER,
          custom: true,
          id: "9b4c0f5e",
          type: "pulumi:providers:aws",
          inputs: { region: "eu-west-1", skipCredentialsValidation: "false", version: "7.48.0" },
          outputs: { region: "eu-west-1" },
        },
        {
          urn: SECRET,
          custom: true,
          id: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf|v1",
          type: "aws:secretsmanager/secretVersion:SecretVersion",
          inputs: { secretId: "db", secretString: secret },
          outputs: { secretId: "db", secretString: secret, arn: "arn:aws:secretsmanager:eu-west-1:1:secret:db" },
          parent: STACK,
          provider: `${PROVIDER}::9b4c0f5e`,
          dependencies: [],
          propertyDependencies: { secretId: [] },
        },
      ],
      ...extra,
    },
  };
}

describe("--state: pulumi stack export files", () => {
  it("keeps the stack and provider resources, and takes the region from the default AWS provider", () => {
    const state = stateOf(exported({ [SIG]: SECRET_SIGNATURE, plaintext: '"hunter2"' }), "prod.json");
    assert.deepEqual(
      state.resources.map((resource) => resource.type),
      ["pulumi:pulumi:Stack", "pulumi:providers:aws", "aws:secretsmanager/secretVersion:SecretVersion"],
    );
    assert.equal(state.region, "eu-west-1");
    assert.equal(state.resources[2].parent, STACK);
    assert.equal(state.resources[2].properties.id, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf|v1");
  });

  it("decodes plaintext secrets (--show-secrets) to the engine's secret form with their value", () => {
    const state = stateOf(exported({ [SIG]: SECRET_SIGNATURE, plaintext: '{"user":"app"}' }), "prod.json");
    assert.deepEqual(state.resources[2].properties.secretString, { [SIG]: SECRET_SIGNATURE, value: { user: "app" } });
    assert.deepEqual(state.warnings, []);
  });

  it("keeps ciphertext secrets as secrets of unknown value, and says how to check them", () => {
    const state = stateOf(exported({ [SIG]: SECRET_SIGNATURE, ciphertext: "v1:AAAA" }), "prod.json");
    assert.deepEqual(state.resources[2].properties.secretString, { [SIG]: SECRET_SIGNATURE, value: UNKNOWN });
    assert.match(state.warnings[0], /1 secret value is encrypted in prod\.json.*--show-secrets/);
  });

  it("reports pending operations and leaves out resources pending deletion", () => {
    const document = exported("plain", {
      pending_operations: [{ resource: { urn: "urn:pulumi:prod::shop::aws:ec2/vpc:Vpc::main" }, type: "creating" }],
    });
    (document.deployment.resources as Record<string, unknown>[]).push({
      urn: SECRET,
      custom: true,
      delete: true,
      type: "aws:secretsmanager/secretVersion:SecretVersion",
      outputs: {},
    });
    const state = stateOf(document, "prod.json");
    assert.equal(state.resources.length, 3);
    assert.match(
      state.warnings[0],
      /1 pending operation .*creating urn:pulumi:prod::shop::aws:ec2\/vpc:Vpc::main.*pulumi refresh/,
    );
  });

  it("reads a stack never deployed (no resources) and refuses what is not an export", () => {
    assert.deepEqual(stateOf({ version: 3, deployment: { manifest: {} } }, "new.json").resources, []);
    assert.throws(() => stateOf({ resources: [] }, "x.json"), UsageError);
    assert.throws(() => stateOf({ version: 4, deployment: {} }, "x.json"), /version 4 is not supported/);
    assert.throws(() => stateOf({ deployment: { resources: [{ id: "x" }] } }, "x.json"), /\[0\] has no urn/);
  });

  it("a resource whose urn or type is not a string: says which field, and what it is instead", () => {
    const refusal = (entry: unknown) => {
      try {
        stateOf({ deployment: { resources: [entry] } }, "x.json");
      } catch (error) {
        assert.ok(error instanceof UsageError);
        return error.message;
      }
      assert.fail("accepted");
    };
    assert.equal(
      refusal({ urn: STACK, type: 5 }),
      "x.json: deployment.resources[0].type is a number; expected a string",
    );
    assert.equal(refusal({ urn: null, type: 5 }), "x.json: deployment.resources[0].urn is null; expected a string");
    assert.equal(
      refusal({ urn: STACK, type: ["t"] }),
      "x.json: deployment.resources[0].type is an array; expected a string",
    );
    assert.equal(refusal({ type: "pulumi:pulumi:Stack" }), "x.json: deployment.resources[0] has no urn");
    assert.equal(
      refusal("urn:pulumi:x"),
      "x.json: deployment.resources[0] is a string; expected an object with a urn and a type",
    );
  });

  it("a truncated export: the file, the position and the value it ends in, schema keys named", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "state-")), "prod.json");
    const text = JSON.stringify(exported({ [SIG]: SECRET_SIGNATURE, plaintext: '"hunter2"' }), undefined, 2);
    // Cut inside the secret resource's inputs, after its secretId.
    fs.writeFileSync(file, text.slice(0, text.indexOf('"secretString"')));
    assert.throws(
      () => readStateFile(file),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.ok(
          error.message.startsWith(
            `${file}: not a readable JSON stack export (the text ends where an object key should be at line `,
          ),
          error.message,
        );
        assert.ok(error.message.endsWith(", in the value of deployment.resources[2].inputs)"), error.message);
        return true;
      },
    );
  });
});
