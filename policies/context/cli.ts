/**
 * `pulumi stack export --stack <name>` from the Pulumi CLI on PATH: during `pulumi preview`
 * that is the CLI running the preview, logged in to the same backend. Each stack is exported
 * once per pack process (the engine starts one pack process per preview), within a time limit.
 */
import { ChildProcess, spawn } from "child_process";
import { MAX_EXPORT_BYTES } from "../../engine/input-limits";

export type ExportResult = { ok: true; text: string } | { ok: false; error: string };

/** Output is bounded so a huge or runaway stack cannot exhaust memory (the limit of an export file). */
const MAX_OUTPUT_BYTES = MAX_EXPORT_BYTES;

/**
 * How long a CLI that got SIGTERM at the time limit may take to exit before it gets SIGKILL.
 * One second: the test's bound is the limit plus two seconds (issue 21).
 */
export const KILL_GRACE_MS = 1000;

/**
 * Signals the export's process group (POSIX: the CLI runs detached, so plugins it started go
 * too), else the process alone. A process already gone is fine.
 */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (process.platform !== "win32" && child.pid !== undefined) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Already exited.
  }
}

/**
 * Runs the export; never rejects. At `timeoutMs` it answers at once, without waiting for the
 * CLI or its pipes (a CLI that ignores SIGTERM, or a plugin holding its stdout, held the whole
 * preview before, issue 21): the CLI gets SIGTERM, then SIGKILL `KILL_GRACE_MS` later.
 */
export function runStackExport(
  stack: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExportResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ChildProcess;
    try {
      child = spawn("pulumi", ["stack", "export", "--stack", stack], {
        env,
        windowsHide: true,
        stdio: ["ignore", "pipe", "pipe"],
        detached: process.platform !== "win32",
      });
    } catch (error) {
      return resolve({ ok: false, error: `it could not start: ${(error as Error).message}` });
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const stop = (reason: string) => {
      finish({ ok: false, error: reason });
      // Nothing more is read: the pipes must not keep the pack waiting.
      child.stdout?.destroy();
      child.stderr?.destroy();
      signal(child, "SIGTERM");
      setTimeout(() => signal(child, "SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop(`no answer within ${timeoutMs / 1000} s (context.timeoutSeconds)`), timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) return stop(`its output passed ${MAX_OUTPUT_BYTES / (1024 * 1024)} MiB`);
      into.push(chunk);
    };
    child.stdout?.on("data", collect(stdout));
    child.stderr?.on("data", collect(stderr));
    child.on("error", (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        error: error.code === "ENOENT" ? "no `pulumi` executable on PATH" : `it could not start: ${error.message}`,
      }),
    );
    // "close": the process has exited and its pipes are drained.
    child.on("close", (code, signalName) => {
      if (code === 0) return finish({ ok: true, text: Buffer.concat(stdout).toString("utf8") });
      const said = Buffer.concat(stderr).toString("utf8").trim().split("\n").slice(0, 3).join(" ");
      finish({
        ok: false,
        error: `it failed: ${said || (signalName ? `killed by ${signalName}` : `exit code ${code}`)}`,
      });
    });
  });
}

const cache = new Map<string, Promise<ExportResult>>();

/** One export per stack name for the life of the pack process (one preview). */
export function exportStackOnce(stack: string, timeoutMs: number): Promise<ExportResult> {
  let result = cache.get(stack);
  if (!result) {
    result = runStackExport(stack, timeoutMs);
    cache.set(stack, result);
  }
  return result;
}

/** For tests: forget what was exported. */
export function clearExportCache(): void {
  cache.clear();
}
