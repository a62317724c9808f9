/**
 * The program's own @pulumi/pulumi: TypeScript registered as that SDK's cmd/run registers it
 * (older SDKs have no `typeScriptRequireStrings`, and crashed the command with exit 3), and
 * packages that register through another copy of @pulumi/pulumi (npm nests one when the
 * program's version does not satisfy a package's range) refused instead of missed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  otherSdksError,
  packagesOnOtherSdks,
  registerTypeScript,
  restoreOwnProtobufClasses,
} from "../../cli/program-sdk";

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const manifest = (name: string, version: string, dependencies: Record<string, string> = {}) =>
  JSON.stringify({ name, version, dependencies });

describe("the program's @pulumi/pulumi", () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fargate-preflight-sdk-")));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("registers ts-node as an SDK without typeScriptRequireStrings does: its cmd/run's ts-node, es6 and commonjs", () => {
    const program = path.join(root, "program");
    const sdk = path.join(program, "node_modules", "@pulumi", "pulumi");
    write(path.join(program, "tsconfig.json"), "{}");
    write(path.join(sdk, "package.json"), manifest("@pulumi/pulumi", "3.92.0"));
    write(path.join(sdk, "tsutils.js"), "exports.loadTypeScriptCompilerOptions = () => ({ strict: true });");
    // The ts-node that cmd/run resolves records what it is registered with.
    write(path.join(sdk, "node_modules", "ts-node", "package.json"), manifest("ts-node", "7.0.1"));
    write(
      path.join(sdk, "node_modules", "ts-node", "index.js"),
      "exports.register = (options) => { global.__registered = { options, cwd: process.cwd() }; };",
    );
    fs.mkdirSync(path.join(sdk, "cmd", "run"), { recursive: true });
    const before = process.cwd();
    registerTypeScript(program, sdk, false);
    const registered = (global as unknown as { __registered: { options: Record<string, unknown>; cwd: string } })
      .__registered;
    assert.equal(process.cwd(), before);
    assert.equal(registered.cwd, program);
    assert.deepEqual(registered.options, {
      transpileOnly: true,
      project: path.join(program, "tsconfig.json"),
      skipProject: false,
      compilerOptions: { target: "es6", module: "commonjs", moduleResolution: "node", sourceMap: "true", strict: true },
    });
  });

  it("an SDK with no TypeScript loader at all is refused by name, not an internal error", () => {
    const sdk = path.join(root, "node_modules", "@pulumi", "pulumi");
    write(path.join(sdk, "tsutils.js"), "");
    assert.throws(() => registerTypeScript(root, sdk, true), /has no TypeScript loader the offline check knows/);
  });

  it("finds the packages the program loaded that resolve another @pulumi/pulumi, and names them", () => {
    const modules = path.join(root, "node_modules");
    const own = path.join(modules, "@pulumi", "pulumi");
    write(path.join(own, "package.json"), manifest("@pulumi/pulumi", "3.113.0"));
    write(path.join(own, "index.js"), "");
    const aws = path.join(modules, "@pulumi", "aws");
    write(path.join(aws, "package.json"), manifest("@pulumi/aws", "7.48.0", { "@pulumi/pulumi": "^3.142.0" }));
    write(path.join(aws, "ecs", "service.js"), "");
    const nested = path.join(aws, "node_modules", "@pulumi", "pulumi");
    write(path.join(nested, "package.json"), manifest("@pulumi/pulumi", "3.248.0"));
    const random = path.join(modules, "@pulumi", "random");
    write(path.join(random, "package.json"), manifest("@pulumi/random", "4.0.0", { "@pulumi/pulumi": "^3.0.0" }));
    write(path.join(random, "index.js"), "");
    const loaded = [path.join(aws, "ecs", "service.js"), path.join(random, "index.js"), path.join(own, "index.js")];
    const others = packagesOnOtherSdks(loaded, own);
    assert.deepEqual(others, [{ packageName: "@pulumi/aws", sdkDirectory: nested }]);
    assert.match(
      otherSdksError("prog", own, others).message,
      /the program's is 3\.113\.0, but @pulumi\/aws uses @pulumi\/pulumi 3\.248\.0 .*what the others register would be missed/,
    );
    // Loaded only through the program's copy: nothing to say.
    assert.deepEqual(packagesOnOtherSdks([path.join(random, "index.js")], own), []);
  });
});

describe("the pack client's protobuf classes after the program ran", () => {
  it("are its own again when the program's google-protobuf redefined the global well-known types", () => {
    const own = require("google-protobuf/google/protobuf/struct_pb") as Record<string, unknown>;
    const namespace = (globalThis as unknown as { proto: { google: { protobuf: Record<string, unknown> } } }).proto
      .google.protobuf;
    const saved = { Struct: namespace.Struct, Value: namespace.Value };
    try {
      // What a program's own copy of struct_pb.js does when it loads: it redefines the classes in place.
      namespace.Value = function ProgramsValue() {};
      namespace.Struct = function ProgramsStruct() {};
      restoreOwnProtobufClasses();
      assert.equal(namespace.Value, own.Value);
      assert.equal(namespace.Struct, own.Struct);
    } finally {
      Object.assign(namespace, saved);
    }
  });
});
