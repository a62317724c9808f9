/**
 * Where a Pulumi program is and what config it runs with, read the way the CLI reads them:
 * `Pulumi.yaml` (runtime, main) and `Pulumi.<stack>.yaml` (config).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

export class UsageError extends Error {}

export interface ProgramInfo {
  directory: string;
  project: string;
  /** The file to load (Pulumi.yaml `main`, else index.ts / index.js). */
  entry: string;
  /** Stack config as `namespace:key` → string (`aws:region` → `eu-west-1`). */
  config: Record<string, string>;
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const parsed = yaml.load(fs.readFileSync(file, "utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
}

export function readProgram(directory: string, stack: string): ProgramInfo {
  const resolved = path.resolve(directory);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
    throw new UsageError(`${directory}: no such directory (expected a Pulumi program directory with a Pulumi.yaml)`);
  }
  const projectFile = path.join(resolved, "Pulumi.yaml");
  if (!fs.existsSync(projectFile))
    throw new UsageError(`${directory}: no Pulumi.yaml (expected a Pulumi program directory)`);
  const project = readYaml(projectFile);
  const runtime =
    typeof project.runtime === "object" && project.runtime !== null
      ? (project.runtime as { name?: string }).name
      : project.runtime;
  if (runtime !== "nodejs")
    throw new UsageError(
      `${directory}: runtime ${String(runtime)} is not supported offline (nodejs only); use --state with a stack export instead`,
    );
  const mainDirectory = typeof project.main === "string" ? path.resolve(resolved, project.main) : resolved;
  const entry = [mainDirectory, path.join(mainDirectory, "index.ts"), path.join(mainDirectory, "index.js")].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (!entry) throw new UsageError(`${directory}: no index.ts or index.js in ${mainDirectory}`);
  const config: Record<string, string> = {};
  const stackFile = path.join(resolved, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(stackFile)) {
    const values = readYaml(stackFile).config;
    if (typeof values === "object" && values !== null) {
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
          config[key] = String(value);
      }
    }
  }
  return { directory: resolved, project: String(project.name ?? path.basename(resolved)), entry, config };
}
