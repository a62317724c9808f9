/**
 * The package as a new user gets it: `npm pack`, installed into a fresh project with its own
 * package.json, @pulumi/pulumi and @pulumi/aws (offline, from the npm cache), then
 * `npx fargate-preflight check` on a broken and a working stack of the user's program, and the
 * shipped policy-pack/ started as the engine starts it, answering AnalyzeStack.
 */
import { strict as assert } from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../cli/analyzerClient";
import { referenceStack } from "./fixtures/stacks";
import { diagnosticPairs } from "./support/findings";
import { installNewUserProject, installPackCopy, NewUserProject } from "./support/newuser";
import { REPO_ROOT } from "./support/paths";

const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "newuser");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function npx(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["--no-install", "fargate-preflight", ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  return (
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}

describe("the package installed from its tarball into a new user's project", function () {
  this.timeout(600000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-preflight-newuser-"));
  let tarball: string;
  let files: string[];
  let project: NewUserProject;

  before(() => {
    // `npm pack` runs prepack (npm run build), as a publish does.
    execFileSync("npm", ["pack", "--pack-destination", work, "--loglevel=error"], { cwd: REPO_ROOT, stdio: "ignore" });
    tarball = path.join(work, fs.readdirSync(work).find((name) => name.endsWith(".tgz"))!);
    files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((name) => name.replace(/^package\//, ""));
    const directory = path.join(work, "app");
    fs.mkdirSync(directory);
    for (const name of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, name), path.join(directory, name));
    project = installNewUserProject(directory, tarball);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("ships compiled JavaScript, type declarations, the built pack, the docs the README links, and no sources", () => {
    for (const file of [
      "LICENSE",
      "RULES.md",
      "SECURITY.md",
      "docs/components.md",
      "bin/fargate-preflight.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      "dist/policies/pack.d.ts",
      "policy-pack/PulumiPolicy.yaml",
      "policy-pack/package.json",
      "policy-pack/lib/policies/index.js",
    ])
      assert.ok(files.includes(file), `${file} is missing from the tarball`);
    const sources = files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
    assert.deepEqual(sources, []);
    assert.deepEqual(
      files.filter((file) =>
        /^(scripts|test|examples|provider|bench|components|policies|model|engine|cli)\//.test(file),
      ),
      [],
    );
  });

  it("installs without install scripts, with @pulumi/* as peers the user's project provides", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(project.packageDir, "package.json"), "utf8"));
    for (const script of ["preinstall", "install", "postinstall"]) assert.equal(manifest.scripts?.[script], undefined);
    for (const name of ["@pulumi/aws", "@pulumi/policy", "@pulumi/pulumi"])
      assert.ok(manifest.peerDependencies[name], name);
    // Any other peer is optional: a user who does not use the feature needing it installs nothing more.
    for (const name of Object.keys(manifest.peerDependencies).filter((peer) => !peer.startsWith("@pulumi/")))
      assert.equal(manifest.peerDependenciesMeta?.[name]?.optional, true, `${name} must be an optional peer`);
    for (const name of ["@pulumi/aws", "@pulumi/policy", "@pulumi/pulumi"])
      assert.equal(manifest.dependencies[name], undefined, `${name} must not be a dependency`);
    // One copy of each: the project's.
    assert.ok(!fs.existsSync(path.join(project.packageDir, "node_modules", "@pulumi")));
  });

  it("check exits 1 on the broken stack, naming the missing Secrets Manager path, with the declaring line in SARIF", async () => {
    const sarifFile = path.join(work, "broken.sarif");
    const run = await npx(project.directory, ["check", ".", "--stack", "broken", "--sarif-file", sarifFile]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /\[mandatory\] FARGATE-SECRETS-NETWORK {2}\(aws:ecs\/service:Service: app\)/);
    assert.match(run.stderr, /type-checked/);
    assert.match(run.stderr, /node_modules\/fargate-preflight\/policy-pack/);
    const result = JSON.parse(fs.readFileSync(sarifFile, "utf8")).runs[0].results.find(
      (candidate: { ruleId: string }) => candidate.ruleId === "FARGATE-SECRETS-NETWORK",
    );
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: "index.ts" },
      region: { startLine: lineOf(path.join(FIXTURE, "index.ts"), 'new aws.ecs.Service("app"'), startColumn: 1 },
    });
  });

  it("check exits 0 on the working stack (its endpoint list is a YAML list in the stack config)", async () => {
    const run = await npx(project.directory, ["check", ".", "--stack", "working", "--format", "json", "--quiet"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.findings.filter((finding: { level: string }) => finding.level === "mandatory"),
      [],
    );
  });

  it("check runs a program of another node_modules tree with its own ts-node (a monorepo's package)", async () => {
    // This repository's examples have ts-node in their tree; the user's project has none.
    const run = await npx(project.directory, [
      "check",
      path.join(REPO_ROOT, "examples", "secrets-endpoint-missing"),
      "--skip-typecheck",
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(
      JSON.parse(run.stdout).findings.some(
        (finding: { ruleId: string }) => finding.ruleId === "FARGATE-SECRETS-NETWORK",
      ),
    );
  });

  it("check reports a type error as pulumi preview does, exit 2, and --skip-typecheck runs the program anyway", async () => {
    const copy = path.join(project.directory, "typo");
    fs.mkdirSync(copy);
    for (const name of ["Pulumi.yaml", "Pulumi.working.yaml", "tsconfig.json"])
      fs.copyFileSync(path.join(project.directory, name), path.join(copy, name));
    const source = fs.readFileSync(path.join(project.directory, "index.ts"), "utf8");
    fs.writeFileSync(path.join(copy, "index.ts"), source.replace("desiredCount: 1,", 'desiredCount: "one",'));
    const typed = await npx(project.directory, ["check", "typo", "--stack", "working", "--quiet"]);
    assert.equal(typed.code, 2, typed.stderr);
    assert.match(
      typed.stderr,
      /the program has TypeScript errors \(pulumi preview stops on them too; --skip-typecheck runs it anyway\):\n.*\n\S*index\.ts\(\d+,\d+\): error TS2322/,
    );
    assert.doesNotMatch(typed.stderr, /\n\s+at /);
    const skipped = await npx(project.directory, [
      "check",
      "typo",
      "--stack",
      "working",
      "--quiet",
      "--skip-typecheck",
    ]);
    assert.notEqual(skipped.code, 2, skipped.stderr);
  });

  it("the README's own-pack import (fargate-preflight/policies) type-checks under Pulumi's usual moduleResolution node", () => {
    const file = path.join(project.directory, "own-pack.ts");
    fs.writeFileSync(
      file,
      [
        'import { fargatePreflightPolicies, RULES } from "fargate-preflight/policies";',
        'export const policies = fargatePreflightPolicies({ rules: RULES.filter((rule) => rule.id !== "FARGATE-UNKNOWN") });',
        "",
      ].join("\n"),
    );
    const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
    const result = spawnSync(
      process.execPath,
      [
        tsc,
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "--module",
        "commonjs",
        "--moduleResolution",
        "node",
        "--types",
        "node",
        file,
      ],
      { cwd: project.directory, encoding: "utf8" },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it("the shipped policy-pack/ starts as the engine starts it, on the project's @pulumi/policy, and answers AnalyzeStack", async () => {
    // Where scripts find it when node_modules is hoisted elsewhere: the README's command, run in the project
    // (not require.resolve here, which would resolve this repository's own package by its name).
    const packDir = execFileSync(
      process.execPath,
      ["-p", "path.dirname(require.resolve('fargate-preflight/policy-pack/package.json'))"],
      { cwd: project.directory, encoding: "utf8" },
    ).trim();
    assert.equal(packDir, path.join(project.packageDir, "policy-pack"));
    assert.ok(
      require.resolve("@pulumi/policy", { paths: [packDir] }).startsWith(path.join(project.directory, "node_modules")),
    );
    const started = Date.now();
    const pack = await PolicyPackProcess.start(packDir, {
      env: {
        PULUMI_STACK: "dev",
        PULUMI_PROJECT: "shop",
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
      },
    });
    const coldStartMs = Date.now() - started;
    try {
      const info = await pack.getAnalyzerInfo();
      assert.equal(info.name, "fargate-preflight");
      const diagnostics = await pack.analyzeStack(
        referenceStack("preview").remove("secretsmanager-endpoint").resources,
      );
      assert.deepEqual(
        diagnosticPairs(diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory")),
        ["FARGATE-SECRETS-NETWORK api-service"],
      );
      // A precompiled pack is not type-checked at start: well under the TypeScript pack's 5-6 s.
      assert.ok(coldStartMs < 15000, `cold start ${coldStartMs} ms`);
    } finally {
      await pack.stop();
    }
  });

  it("policy-pack/ alone, installed from its own package.json as after `pulumi policy publish`, answers AnalyzeStack", async () => {
    // Under the OS temp directory, with no node_modules above it: only its own dependencies serve.
    const published = path.join(work, "published-pack");
    installPackCopy(path.join(project.packageDir, "policy-pack"), published);
    assert.ok(require.resolve("@pulumi/policy", { paths: [published] }).startsWith(published));
    const pack = await PolicyPackProcess.start(published, {
      env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }) },
    });
    try {
      const diagnostics = await pack.analyzeStack(
        referenceStack("deployed").remove("secretsmanager-endpoint").resources,
      );
      assert.deepEqual(
        diagnosticPairs(diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory")),
        ["FARGATE-SECRETS-NETWORK api-service"],
      );
    } finally {
      await pack.stop();
    }
  });
});
