/**
 * The README's set-up is `npm ci`, then one command: in a clone where nothing is built yet, the
 * command builds dist/ and policy-pack/ first. Played in a temporary folder holding the real
 * bin/fargate-preflight.js beside a package.json whose `build` script writes a minimal build, so
 * what is tested is the command's own decision (when to build, where its output goes), in
 * about a second instead of a real build's fifteen.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../support/paths";

/** A build that writes what the command looks for, and says so on stdout (which must reach stderr). */
const FAKE_BUILD = [
  "const fs = require('fs');",
  "fs.mkdirSync('dist/cli', { recursive: true });",
  "fs.mkdirSync('policy-pack', { recursive: true });",
  'fs.writeFileSync(\'dist/cli/main.js\', \'exports.main = async (argv) => { process.stdout.write("report " + argv.join(" ") + "\\\\n"); return 0; };\');',
  "fs.writeFileSync('policy-pack/package.json', '{}');",
  "console.log('built (fake)');",
].join("\n");

function clone(options: { sources: boolean }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fp-first-run-"));
  fs.mkdirSync(path.join(root, "bin"));
  fs.copyFileSync(path.join(REPO_ROOT, "bin", "fargate-preflight.js"), path.join(root, "bin", "fargate-preflight.js"));
  fs.writeFileSync(path.join(root, "fake-build.js"), FAKE_BUILD);
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "fp-first-run", version: "0.0.0", scripts: { build: "node fake-build.js" } }),
  );
  if (options.sources) fs.writeFileSync(path.join(root, "tsconfig.build.json"), "{}");
  return root;
}

function runBin(root: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(root, "bin", "fargate-preflight.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

describe("the command's first run in a fresh clone", () => {
  const made: string[] = [];
  after(() => made.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it("builds dist/ and policy-pack/ first, with the build's output on stderr and only the report on stdout", () => {
    const root = clone({ sources: true });
    made.push(root);
    const first = runBin(root, ["rules"]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, "report rules\n");
    assert.match(first.stderr, /first run in this clone: building dist\/ and policy-pack\/ \(npm run build\)/);
    assert.match(first.stderr, /built \(fake\)/);
    assert.ok(fs.existsSync(path.join(root, "policy-pack", "package.json")));

    const second = runBin(root, ["rules"]);
    assert.deepEqual([second.status, second.stdout, second.stderr], [0, "report rules\n", ""]);
  });

  it("never builds in an installed package (no sources): it names the missing build and exits 3", () => {
    const root = clone({ sources: false });
    made.push(root);
    const run = runBin(root, ["rules"]);
    assert.equal(run.status, 3);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /dist\/cli\/main\.js is missing: run npm run build/);
    assert.ok(!fs.existsSync(path.join(root, "dist")));
  });

  it("exits 3 naming the failed build when the build fails", () => {
    const root = clone({ sources: true });
    made.push(root);
    fs.writeFileSync(path.join(root, "fake-build.js"), "process.exit(4);");
    const run = runBin(root, ["rules"]);
    assert.equal(run.status, 3);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /the build failed \(exit \d+\): run npm run build in /);
  });
});
