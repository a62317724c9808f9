/**
 * The program's own @pulumi/pulumi, as `pulumi preview` uses it: how it registers TypeScript,
 * and whether everything the program loads registers through it. The offline check installs
 * the engine simulator on that one copy; `pulumi preview` connects every copy to the engine.
 */
import * as fs from "fs";
import * as path from "path";
import { OWN_DIRECTORIES, ROOT } from "./package-root";
import { UsageError } from "./program";

interface TsUtils {
  /** From @pulumi/pulumi 3.x releases of 2024 on: the ts-node and typescript to load. */
  typeScriptRequireStrings?(): { tsnodeRequire: string; typescriptRequire: string };
  loadTypeScriptCompilerOptions?(tsConfigPath: string): Record<string, unknown>;
}

interface TsNode {
  register(options: Record<string, unknown>): unknown;
}

/**
 * Registers ts-node as the program's @pulumi/pulumi does for `pulumi preview` (cmd/run): its
 * ts-node and typescript (the program's, else the SDK's vendored ones), the program's
 * tsconfig.json, type-checking unless asked not to (--skip-typecheck, PULUMI_NODEJS_TRANSPILE_ONLY
 * or the tsconfig's noCheck). Older SDKs (3.92 and before: no `typeScriptRequireStrings`)
 * require the `ts-node` their cmd/run resolves and register it with es6/commonjs defaults.
 */
export function registerTypeScript(programDir: string, pulumiDir: string, typeCheck: boolean): void {
  const tsutils = require(path.join(pulumiDir, "tsutils")) as TsUtils;
  if (typeof tsutils.loadTypeScriptCompilerOptions !== "function")
    throw new UsageError(
      `${programDir}: its @pulumi/pulumi (${pulumiDir}) has no TypeScript loader the offline check knows; upgrade @pulumi/pulumi, or check the stack with pulumi preview --policy-pack`,
    );
  const tsConfigPath = path.resolve(programDir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
  const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = !typeCheck || (transpileOnlyEnv ? transpileOnlyEnv === "true" : !!compilerOptions.noCheck);
  if (typeof tsutils.typeScriptRequireStrings !== "function") {
    // cmd/run/run.ts of those releases: require("ts-node") from cmd/run, in the program's directory.
    const tsNode = require(require.resolve("ts-node", { paths: [path.join(pulumiDir, "cmd", "run")] })) as TsNode;
    const previous = process.cwd();
    process.chdir(programDir);
    try {
      tsNode.register({
        transpileOnly,
        project: tsConfigPath,
        skipProject: !fs.existsSync(tsConfigPath),
        compilerOptions: {
          target: "es6",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: "true",
          ...compilerOptions,
        },
      });
    } finally {
      process.chdir(previous);
    }
    return;
  }
  const names = tsutils.typeScriptRequireStrings();
  // The names are found from the program's @pulumi/pulumi (bare, else its vendored copies' paths):
  // resolved there too, not from this package, which may sit in another node_modules tree.
  const fromPulumi = (name: string) => (path.isAbsolute(name) ? name : require.resolve(name, { paths: [pulumiDir] }));
  const tsnodeRequire = fromPulumi(names.tsnodeRequire);
  const typescriptRequire = fromPulumi(names.typescriptRequire);
  const typescriptVersion = String((require(typescriptRequire) as { version: string }).version)
    .split(".")
    .map(Number);
  const nodeNext = typescriptVersion[0] > 4 || (typescriptVersion[0] === 4 && typescriptVersion[1] >= 7);
  const tsNode = require(tsnodeRequire) as TsNode;
  tsNode.register({
    compiler: typescriptRequire,
    transpileOnly,
    project: tsConfigPath,
    skipProject: !fs.existsSync(tsConfigPath),
    cwd: programDir,
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: true,
      ...compilerOptions,
    },
  });
}

/** The well-known types this process's own messages (the pack client's) are built on. */
const OWN_WELL_KNOWN_TYPES = ["struct_pb", "empty_pb", "any_pb", "timestamp_pb", "duration_pb", "wrappers_pb"];

/**
 * google-protobuf's generated well-known types (struct_pb.js and the others) define their
 * classes on a global `proto.google.protobuf` namespace and look each other up there when they
 * run. A program with its own copy of google-protobuf (its @pulumi/pulumi's) redefines them when
 * it loads them, and this process's own messages, the ones it talks to the pack with, would then
 * read a Struct half with the program's copy and fail ("Assertion failed"). Pulumi runs the
 * program and the engine in separate processes; here this process's own classes are put back
 * once the program has run (those of the modules this process has loaded).
 */
export function restoreOwnProtobufClasses(): void {
  const namespace = (globalThis as { proto?: { google?: { protobuf?: Record<string, unknown> } } }).proto?.google
    ?.protobuf;
  if (!namespace) return;
  for (const name of OWN_WELL_KNOWN_TYPES) {
    let file: string;
    try {
      file = require.resolve(`google-protobuf/google/protobuf/${name}.js`);
    } catch {
      continue;
    }
    const loaded = require.cache[file];
    if (loaded) Object.assign(namespace, loaded.exports as Record<string, unknown>);
  }
}

/** fargate-preflight's own modules that only the check loads (its components are the program's). */
const CHECK_ONLY = OWN_DIRECTORIES.filter((directory) => path.basename(directory) !== "components").map(
  (directory) => directory + path.sep,
);
const DIST_COMPONENTS = path.join(ROOT, "dist", "components") + path.sep;

/** A package the program loaded that registers through another @pulumi/pulumi than the program's. */
export interface OtherSdk {
  packageName: string;
  sdkDirectory: string;
}

/**
 * The packages among the modules loaded during the run (`loaded`) that declare @pulumi/pulumi
 * (a dependency or peer) and resolve it to another copy than `pulumiDir`: npm nests a second
 * copy when the program's version does not satisfy a package's range.
 */
export function packagesOnOtherSdks(loaded: Iterable<string>, pulumiDir: string): OtherSdk[] {
  const own = fs.realpathSync(pulumiDir);
  const roots = new Map<string, string | undefined>();
  const rootOf = (file: string): string | undefined => {
    const visited: string[] = [];
    let root: string | undefined;
    for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
      if (roots.has(directory)) {
        root = roots.get(directory);
        break;
      }
      visited.push(directory);
      if (fs.existsSync(path.join(directory, "package.json"))) {
        root = directory;
        break;
      }
      if (path.dirname(directory) === directory) break;
    }
    for (const directory of visited) roots.set(directory, root);
    return root;
  };
  const found = new Map<string, OtherSdk>();
  const checked = new Set<string>();
  for (const file of loaded) {
    if (CHECK_ONLY.some((prefix) => file.startsWith(prefix)) && !file.startsWith(DIST_COMPONENTS)) continue;
    const root = rootOf(file);
    if (!root || checked.has(root)) continue;
    checked.add(root);
    let manifest: { name?: string; dependencies?: object; peerDependencies?: object };
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as typeof manifest;
    } catch {
      continue;
    }
    if (manifest.name === "@pulumi/pulumi") continue;
    const declares = [manifest.dependencies, manifest.peerDependencies].some(
      (deps) => deps !== undefined && Object.prototype.hasOwnProperty.call(deps, "@pulumi/pulumi"),
    );
    if (!declares) continue;
    let resolved: string;
    try {
      resolved = fs.realpathSync(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] })));
    } catch {
      continue;
    }
    if (resolved !== own) found.set(root, { packageName: manifest.name ?? root, sdkDirectory: resolved });
  }
  return [...found.values()];
}

const versionAt = (directory: string) =>
  String((JSON.parse(fs.readFileSync(path.join(directory, "package.json"), "utf8")) as { version?: unknown }).version);

/** The refusal for a program whose packages register through several copies of @pulumi/pulumi. */
export function otherSdksError(shownDir: string, pulumiDir: string, others: readonly OtherSdk[]): UsageError {
  const listed = others
    .slice(0, 3)
    .map((other) => `${other.packageName} uses @pulumi/pulumi ${versionAt(other.sdkDirectory)} (${other.sdkDirectory})`)
    .join("; ");
  return new UsageError(
    `${shownDir}: the program's packages use more than one copy of @pulumi/pulumi: the program's is ${versionAt(pulumiDir)}, but ${listed}${others.length > 3 ? ` and ${others.length - 3} more` : ""}. ` +
      "pulumi preview connects every copy to the engine; the offline check runs the program's own, so what the others register would be missed. " +
      "Install one @pulumi/pulumi version every package accepts (npm install @pulumi/pulumi@latest, then npm ls @pulumi/pulumi shows one copy), or check the stack with pulumi preview --policy-pack",
  );
}
