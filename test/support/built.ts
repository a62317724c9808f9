/**
 * The command runs the compiled code (dist/, policy-pack/), as users run it: tests that spawn it
 * rebuild first when a source is newer than the build, so they never test a stale build.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../../cli/analyzerClient";
import { REGION } from "../fixtures/stacks";
import { REPO_ROOT } from "./paths";

const SOURCES = ["index.ts", "cli", "components", "engine", "model", "policies"];
const BUILT = path.join(REPO_ROOT, "policy-pack", "package.json");

function newestSource(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith(".ts") || entry.endsWith(".yaml") ? stat.mtimeMs : 0;
  const names = fs.readdirSync(entry).filter((name) => name !== "node_modules");
  return Math.max(0, ...names.map((name) => newestSource(path.join(entry, name))));
}

let checked = false;

export function ensureBuilt(): void {
  if (checked) return;
  checked = true;
  const built = fs.existsSync(BUILT) ? fs.statSync(BUILT).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((name) => newestSource(path.join(REPO_ROOT, name))));
  if (newest > built) execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "ignore" });
}

/**
 * The built pack (rebuilt first when stale) started as the engine starts it for a stack in REGION,
 * then given the pack config `properties` when there are any. The caller stops it.
 */
export async function startBuiltPack(properties?: Record<string, unknown>): Promise<PolicyPackProcess> {
  ensureBuilt();
  const pack = await PolicyPackProcess.start(path.join(REPO_ROOT, "policy-pack"), {
    env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": REGION }) },
  });
  if (properties === undefined) return pack;
  try {
    await pack.configure({ "fargate-preflight": { properties } });
  } catch (error) {
    await pack.stop();
    throw error;
  }
  return pack;
}
