/** Shared fixtures of the context tests: the app stack as recorded, the network exports, the stand-in CLI. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { StackResource } from "../../engine/stack-resource";
import { readPackConfig } from "../../policies/config/pack-config";
import { withContext } from "../../policies/context";
import type { ExportResult } from "../../policies/context/cli";
import type { ContextDeps } from "../../policies/context/sources";
import { evaluateStack, LeveledFinding } from "../../policies/evaluate";
import { REPO_ROOT } from "../support/paths";

export const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "app-stack-network-export");
export const BROKEN_EXPORT = path.join(EXAMPLE_DIR, "network-broken.json");
export const WORKING_EXPORT = path.join(EXAMPLE_DIR, "network-working.json");
/** Put first on PATH: its `pulumi` prints the export FARGATE_PREFLIGHT_TEST_EXPORTS maps a stack name to. */
export const STAND_IN_BIN = path.join(__dirname, "bin");
export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";

export type Form = "preview" | "deployed";

const recorded = new Map<Form, StackResource[]>();

/** The app stack of the example as the engine sends it (a child process: the mocks are process-wide). */
export function appStack(form: Form): StackResource[] {
  let resources = recorded.get(form);
  if (!resources) {
    const text = execFileSync(
      process.execPath,
      [
        require.resolve("ts-node/dist/bin"),
        "--transpile-only",
        path.join(__dirname, "record-app.ts"),
        form,
        WORKING_EXPORT,
      ],
      { encoding: "utf8", cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    resources = JSON.parse(text) as StackResource[];
    recorded.set(form, resources);
  }
  return resources.map((resource) => structuredClone(resource));
}

/** Deps of loadContext that read files from disk and answer `pulumi stack export` from a map (no process). */
export function fakeDeps(
  exportsByName: Record<string, string | ExportResult> = {},
  calls: string[] = [],
  describe: ContextDeps["describe"] = async () => ({ ok: false, error: "no AWS in tests" }),
  describeRoles: ContextDeps["describeRoles"] = async () => ({ ok: false, error: "no AWS in tests" }),
): ContextDeps {
  return {
    describe,
    describeRoles,
    readFile: (file) => fs.readFileSync(file, "utf8"),
    cwd: REPO_ROOT,
    exportStack: async (name) => {
      calls.push(name);
      const target = exportsByName[name];
      if (target === undefined) return { ok: false, error: `it failed: error: no stack named '${name}' found` };
      if (typeof target !== "string") return target;
      return { ok: true, text: fs.readFileSync(target, "utf8") };
    },
  };
}

/** The pack's analysis in process, with context as the pack gathers it. */
export async function findingsWithContext(
  resources: readonly StackResource[],
  context: Record<string, unknown> | undefined,
  deps: ContextDeps = fakeDeps(),
): Promise<LeveledFinding[]> {
  const config = readPackConfig({ region: REGION, accountId: ACCOUNT, ...(context ? { context } : {}) });
  const merged = await withContext([...resources], config, deps);
  return evaluateStack(merged.resources, config, { context: merged.context });
}

/** `level RULE` of each finding, sorted. */
export function levelsAndRules(findings: readonly LeveledFinding[]): string[] {
  return findings.map((finding) => `${finding.level} ${finding.ruleId}`).sort();
}
