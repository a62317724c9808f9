/**
 * Issue 21, case 6: bad files were internal errors, not bad input. A 0.6 KB YAML alias bomb in
 * Pulumi.<stack>.yaml ran for minutes at 2 GiB and ended in exit 3; 10^6-deep JSON in --state
 * or --context ended in "Maximum call stack size exceeded" (exit 3); multi-GB files were read
 * whole before being refused. Each is now refused fast with exit 2, naming the file and the limit.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzerClient";
import {
  checkExpandedSize,
  checkNestingDepth,
  InputLimitError,
  MAX_NESTING_DEPTH,
  readBoundedText,
} from "../../engine/input-limits";
import { appStack } from "../context/support";
import { ruleIdOf } from "../support/findings";
import { ensureBuilt } from "../support/built";
import { REPO_ROOT } from "../support/paths";

const BIN = path.join(REPO_ROOT, "bin", "fargate-preflight.js");
const GiB = 1024 * 1024 * 1024;

/** Nine aliases of nine aliases, nine levels deep: 9^9 (387 million) values once expanded, in 0.6 KB. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((name, index) => {
    const previous = "abcdefghi"[index];
    return `${name}: &${name} [${new Array(9).fill(`*${previous}`).join(",")}]`;
  }),
  "config:",
  "  app:bomb: *i",
  "",
].join("\n");

const deepJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** A stack export whose one resource holds a value nested `depth` deep. */
const deepExport = (depth: number) =>
  `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:prod::net::aws:ec2/vpc:Vpc::v","type":"aws:ec2/vpc:Vpc","outputs":{"tags":${deepJson(depth)}}}]}}`;

let scratch: string;
const file = (name: string, content: string | { sparseBytes: number }) => {
  const target = path.join(scratch, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (typeof content === "string") fs.writeFileSync(target, content);
  else {
    // A sparse file: its size without writing gigabytes.
    fs.writeFileSync(target, "");
    fs.truncateSync(target, content.sparseBytes);
  }
  return target;
};

/** A program directory whose Pulumi.yaml and Pulumi.dev.yaml are given. */
function program(name: string, project: string, stack: string): string {
  file(`${name}/Pulumi.yaml`, project);
  file(`${name}/Pulumi.dev.yaml`, stack);
  file(`${name}/index.ts`, "export {};\n");
  return path.join(scratch, name);
}

interface Run {
  code: number | null;
  stderr: string;
  ms: number;
  /** Peak resident memory of the command, MiB. */
  peakMiB: number;
}

/** Runs the command as users do (the compiled CLI), recording its peak memory. */
function check(...args: string[]): Run {
  const rss = path.join(scratch, `rss-${Math.random().toString(36).slice(2)}`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ["--require", path.join(scratch, "rss.js"), BIN, "check", ...args, "--quiet"],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 30000,
      env: { ...process.env, RSS_FILE: rss },
    },
  );
  const peakMiB = fs.existsSync(rss) ? Number(fs.readFileSync(rss, "utf8")) / 1024 : Infinity;
  return { code: run.status, stderr: run.stderr, ms: Date.now() - started, peakMiB };
}

/** Exit 2 within five seconds, bounded memory, and the message names the file and the limit. */
function refused(run: Run, names: string, limit: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.ok(run.ms < 5000, `took ${run.ms} ms`);
  assert.ok(run.peakMiB < 400, `peak memory ${run.peakMiB.toFixed(0)} MiB`);
  assert.ok(run.stderr.includes(names), run.stderr);
  assert.match(run.stderr, limit);
}

describe("hardening: bad files are refused fast, by name (issue 21, case 6)", function () {
  this.timeout(120000);

  before(function () {
    this.timeout(600000);
    ensureBuilt(); // the command runs the compiled code
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bad-files-"));
    file(
      "rss.js",
      'process.on("exit", () => require("fs").writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n',
    );
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("limits: nesting counted outside strings, aliases counted as expanded, reads bounded before they end", () => {
    checkNestingDepth(`{"a": "${"[".repeat(5000)}", "b": "\\"[[["}`, "x", "json");
    checkNestingDepth(`a: '${"[".repeat(5000)}' # ${"{".repeat(5000)}`, "x", "yaml");
    assert.throws(
      () => checkNestingDepth(deepJson(MAX_NESTING_DEPTH + 1), "f.json", "json"),
      /f\.json: nests deeper than 1000 levels \(line 1, column 1001\)/,
    );
    checkNestingDepth(deepJson(MAX_NESTING_DEPTH), "f.json", "json");
    const shared = { x: [1, 2, 3] };
    checkExpandedSize({ a: shared, b: shared, c: [shared, shared] }, "x");
    assert.throws(() => checkExpandedSize({ bomb: "x" }, "x", 1), InputLimitError);
    assert.throws(
      () => readBoundedText("/dev/zero", 1024, "/dev/zero"),
      /\/dev\/zero: larger than the 0\.0 MiB this reads/,
    );
  });

  it("a YAML alias bomb in Pulumi.<stack>.yaml or Pulumi.yaml: exit 2, the file and the alias limit named", () => {
    assert.ok(ALIAS_BOMB.length < 700, `${ALIAS_BOMB.length} bytes`);
    const inStack = program("bomb-stack", "name: bomb\nruntime: nodejs\n", ALIAS_BOMB);
    refused(check(inStack), "Pulumi.dev.yaml", /aliases expand to more than 1,000,000 values/);
    const inProject = program("bomb-project", `name: bomb\nruntime: nodejs\n${ALIAS_BOMB}`, "config: {}\n");
    refused(check(inProject), "Pulumi.yaml", /aliases expand to more than 1,000,000 values/);
    const deepYaml = program(
      "deep-yaml",
      "name: deep\nruntime: nodejs\n",
      `config:\n  app:deep: ${deepJson(1_000_000)}\n`,
    );
    refused(check(deepYaml), "Pulumi.dev.yaml", /nests deeper than 1000 levels/);
  });

  it("10^6-deep JSON in --state, --context and --config: exit 2, the file and the depth limit named", () => {
    const deep = file("deep.json", deepExport(1_000_000));
    refused(check("--state", deep), deep, /nests deeper than 1000 levels/);
    refused(
      check("--state", file("state.json", deepExport(3)), "--context", deep),
      `--context ${deep}`,
      /nests deeper than 1000 levels/,
    );
    const config = file("config.json", `{"fargate-preflight": {"levels": ${deepJson(1_000_000)}}}`);
    refused(check("--state", deep, "--config", config), `--config ${config}`, /nests deeper than 1000 levels/);
  });

  it("multi-GB files: refused by their size before a byte is read, exit 2 within 5 s and bounded memory", () => {
    const huge = file("huge.json", { sparseBytes: 1.5 * GiB });
    refused(check("--state", huge), huge, /larger than the 500\.0 MiB this reads \(1\.5 GiB\)/);
    refused(
      check("--state", file("small.json", deepExport(3)), "--context", huge),
      `--context ${huge}`,
      /larger than the 500\.0 MiB/,
    );
    refused(check("--state", huge, "--config", huge), `--config ${huge}`, /larger than the 16\.0 MiB/);
    const hugeYaml = program("huge-yaml", "name: huge\nruntime: nodejs\n", "");
    fs.truncateSync(path.join(hugeYaml, "Pulumi.dev.yaml"), 3 * GiB);
    refused(check(hugeYaml), "Pulumi.dev.yaml", /larger than the 16\.0 MiB this reads \(3\.0 GiB\)/);
  });

  it("over gRPC, the built pack notes a huge or deep context.stackExports file and goes on", async () => {
    const huge = file("pack-huge.json", { sparseBytes: 1.5 * GiB });
    const deep = file("pack-deep.json", deepExport(1_000_000));
    const pack = await PolicyPackProcess.start(path.join(REPO_ROOT, "policy-pack"), {
      env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }) },
    });
    try {
      await pack.configure({ "fargate-preflight": { properties: { context: { stackExports: [huge, deep] } } } });
      const started = Date.now();
      const diagnostics = await pack.analyzeStack(appStack("deployed"));
      assert.ok(Date.now() - started < 5000);
      const notes = diagnostics
        .filter((d) => ruleIdOf(d) === "FARGATE-CONTEXT")
        .map((d) => d.message)
        .join("\n");
      assert.match(notes, /pack-huge\.json: larger than the 500\.0 MiB this reads \(1\.5 GiB\)/);
      assert.match(notes, /pack-deep\.json: nests deeper than 1000 levels/);
    } finally {
      await pack.stop();
    }
  });
});
