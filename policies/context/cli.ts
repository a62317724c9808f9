/**
 * `pulumi stack export --stack <name>` from the Pulumi CLI on PATH: during `pulumi preview`
 * that is the CLI running the preview, logged in to the same backend. Each stack is exported
 * once per pack process (the engine starts one pack process per preview), within a time limit.
 */
import { execFile } from "child_process";

export type ExportResult = { ok: true; text: string } | { ok: false; error: string };

/** Runs the export; never rejects. Output is bounded so a huge or runaway stack cannot exhaust memory. */
export function runStackExport(
  stack: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExportResult> {
  return new Promise((resolve) => {
    execFile(
      "pulumi",
      ["stack", "export", "--stack", stack],
      { timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, env, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, text: stdout });
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === "ENOENT"
            ? "no `pulumi` executable on PATH"
            : error.killed
              ? `no answer within ${timeoutMs / 1000} s (context.timeoutSeconds)`
              : `it failed: ${(stderr || error.message).trim().split("\n").slice(0, 3).join(" ")}`;
        resolve({ ok: false, error: reason });
      },
    );
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
