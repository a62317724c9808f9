/**
 * Issue 21, case 5: `context.timeoutSeconds` was not a limit. At the limit the `pulumi stack
 * export` child got SIGTERM only, and the pack waited for it to exit and close its pipes: a
 * CLI that ignores SIGTERM (or a plugin it started that holds its stdout) held the preview.
 * Now the pack answers at the limit and the CLI is killed for good after a short grace period.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzerClient";
import { runStackExport } from "../../policies/context/cli";
import { appStack } from "../context/support";
import { ruleIdOf } from "../support/findings";
import { ensureBuilt } from "../support/built";
import { REPO_ROOT } from "../support/paths";

/**
 * A stand-in `pulumi` that ignores SIGTERM, prints part of an export and keeps stdout open, and
 * starts a helper that holds stdout too; both write their pids to `$STUBBORN_PIDS`.
 */
const pidFiles: string[] = [];

function stubbornPulumi(): { bin: string; pids: string } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "stubborn-pulumi-"));
  pidFiles.push(path.join(directory, "pids"));
  const bin = path.join(directory, "bin");
  fs.mkdirSync(bin);
  const script = [
    "#!/usr/bin/env node",
    '"use strict";',
    'const fs = require("fs");',
    'const { spawn } = require("child_process");',
    'process.on("SIGTERM", () => undefined);',
    'const helper = spawn(process.execPath, ["-e", "process.on(\\"SIGTERM\\", () => undefined); setInterval(() => undefined, 1000)"], { stdio: ["ignore", "inherit", "inherit"] });',
    "fs.appendFileSync(process.env.STUBBORN_PIDS, `${process.pid}\\n${helper.pid}\\n`);",
    'process.stdout.write("{\\"version\\": 3, \\"deployment\\": {");',
    "setInterval(() => undefined, 1000);",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
  return { bin, pids: path.join(directory, "pids") };
}

/** Whether `pid` still runs: a zombie (dead, waiting for its parent or init to reap it) does not. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !(fs.existsSync(stat) && / Z /.test(fs.readFileSync(stat, "utf8")));
};

/** The pids the stand-in wrote, once it has written both. */
async function pidsOf(file: string): Promise<number[]> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const pids = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number) : [];
    if (pids.length >= 2) return pids;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the stand-in never started");
}

/** Resolves when none of `pids` is alive; rejects after `withinMs`. */
async function gone(pids: number[], withinMs: number): Promise<number> {
  const started = Date.now();
  while (pids.some(alive)) {
    if (Date.now() - started > withinMs) throw new Error(`still alive after ${withinMs} ms: ${pids.filter(alive)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

describe("hardening: context.timeoutSeconds is a limit (issue 21, case 5)", function () {
  this.timeout(60000);

  // Whatever a failing run left behind (the stand-ins it started, by pid) does not outlive the tests.
  after(() => {
    for (const file of pidFiles)
      for (const pid of fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [])
        if (alive(Number(pid))) process.kill(Number(pid), "SIGKILL");
  });

  it("a stack export that ignores SIGTERM and holds its pipes: answered at the limit, gone within the limit plus 2 s", async () => {
    const stand = stubbornPulumi();
    const started = Date.now();
    const result = await runStackExport("acme/network/prod", 1000, {
      ...process.env,
      PATH: `${stand.bin}${path.delimiter}${process.env.PATH}`,
      STUBBORN_PIDS: stand.pids,
    });
    const answeredAfter = Date.now() - started;
    assert.deepEqual(result, { ok: false, error: "no answer within 1 s (context.timeoutSeconds)" });
    assert.ok(answeredAfter < 1500, `answered after ${answeredAfter} ms`);
    const pids = await pidsOf(stand.pids);
    await gone(pids, 3000 - (Date.now() - started));
  });

  it("over gRPC, the built pack answers AnalyzeStack within the limit plus 2 s, and the CLI is gone", async function () {
    this.timeout(600000);
    ensureBuilt();
    const stand = stubbornPulumi();
    const pack = await PolicyPackProcess.start(path.join(REPO_ROOT, "policy-pack"), {
      env: {
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
        PATH: `${stand.bin}${path.delimiter}${process.env.PATH}`,
        STUBBORN_PIDS: stand.pids,
      },
    });
    try {
      // The first AnalyzeStack of a pack process loads the analysis (seconds on a busy machine): not what is timed.
      await pack.analyzeStack(appStack("deployed"));
      await pack.configure({
        "fargate-preflight": { properties: { context: { stackReferences: ["acme/network/prod"], timeoutSeconds: 1 } } },
      });
      const started = Date.now();
      const diagnostics = await pack.analyzeStack(appStack("deployed"), 10000);
      const answeredAfter = Date.now() - started;
      assert.ok(answeredAfter < 3000, `answered after ${answeredAfter} ms`);
      const notes = diagnostics.filter((diagnostic) => ruleIdOf(diagnostic) === "FARGATE-CONTEXT");
      assert.ok(
        notes.some((note) => /acme\/network\/prod.*no answer within 1 s/.test(note.message)),
        notes.map((note) => note.message).join("\n"),
      );
      await gone(await pidsOf(stand.pids), 3000 - (Date.now() - started));
    } finally {
      await pack.stop();
    }
  });
});
