/**
 * Where a Pulumi program is and what config it runs with, read the way the CLI reads them:
 * `Pulumi.yaml` (runtime, main) and `Pulumi.<stack>.yaml` (config).
 */
import { isRecord } from "../model";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import {
  checkExpandedSize,
  checkNestingDepth,
  InputLimitError,
  MAX_CONFIG_BYTES,
  readBoundedText,
} from "../engine/input-limits";

export class UsageError extends Error {}

/** A usage error in one option's value: the message names the option and what it takes, so the usage is not repeated. */
export class OptionValueError extends UsageError {}

export interface ProgramInfo {
  directory: string;
  project: string;
  /** The file to load (Pulumi.yaml `main`, else index.ts / index.js). */
  entry: string;
  /**
   * Stack config as the engine hands it to a program (`PULUMI_CONFIG`): `namespace:key` → string,
   * lists and objects as JSON text (what `config.requireObject` parses).
   */
  config: Record<string, string>;
  /** Keys whose values are `secure:` ciphertext, which cannot be decrypted offline. */
  secretKeys: string[];
  /** Pulumi.yaml `runtime.options.typescript` (default true, as for `pulumi preview`). */
  typescript: boolean;
  /** Pulumi.<stack>.yaml, when the stack has one. */
  stackFile?: string;
}

/**
 * A YAML file within the input limits (policies/input-limits.ts): its size before reading, its
 * nesting before parsing, and its values once aliases are expanded before anything walks them
 * (a 0.6 KB alias bomb ran for minutes in JSON.stringify of a config value, issue 21).
 */
function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readBoundedText(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof InputLimitError) throw new UsageError(error.message);
    throw new UsageError(
      `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    checkNestingDepth(text, file, "yaml");
    parsed = yaml.load(text);
    checkExpandedSize(parsed, file);
  } catch (error) {
    if (error instanceof InputLimitError) throw new UsageError(error.message);
    throw new UsageError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/** What a program reads for a `secure:` value offline: a marker, never the ciphertext. */
export const OFFLINE_SECRET = "fargate-preflight-offline-secret";

/** One config value as the engine passes it: strings as they are, everything else as JSON. */
export function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `key` → `project:key` for keys without a namespace, as the CLI does. */
function namespaced(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Stack config: the project's declared values and defaults (Pulumi.yaml `config:`), overridden
 * by Pulumi.<stack>.yaml. Values of every YAML type are kept; `secure:` values are replaced by
 * a marker and reported.
 */
export function readStackConfig(
  projectConfig: unknown,
  stackConfig: unknown,
  project: string,
): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  if (isRecord(projectConfig)) {
    for (const [key, declared] of Object.entries(projectConfig)) {
      // `key: value`, or `key: { type, default | value, secret }`.
      const value =
        isRecord(declared) && ("default" in declared || "value" in declared || "type" in declared)
          ? (declared.value ?? declared.default)
          : declared;
      if (value !== undefined && value !== null) config[namespaced(key, project)] = configText(value);
    }
  }
  if (isRecord(stackConfig)) {
    for (const [key, value] of Object.entries(stackConfig)) {
      const name = namespaced(key, project);
      if (isRecord(value) && typeof value.secure === "string" && Object.keys(value).length === 1) {
        config[name] = OFFLINE_SECRET;
        secretKeys.push(name);
      } else if (value !== null && value !== undefined) {
        config[name] = configText(value);
      }
    }
  }
  return { config, secretKeys };
}

export function readProgram(directory: string, stack: string): ProgramInfo {
  const resolved = path.resolve(directory);
  const found = fs.statSync(resolved, { throwIfNoEntry: false });
  if (!found?.isDirectory()) {
    const what = found ? "not a directory" : "no such directory";
    throw new UsageError(`${directory}: ${what} (expected a Pulumi program directory with a Pulumi.yaml)`);
  }
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((name) => path.join(resolved, name)).find(fs.existsSync);
  if (!projectFile) throw new UsageError(`${directory}: no Pulumi.yaml (expected a Pulumi program directory)`);
  const project = readYaml(projectFile);
  const runtime = isRecord(project.runtime) ? project.runtime.name : project.runtime;
  if (runtime !== "nodejs")
    throw new UsageError(
      `${directory}: runtime ${String(runtime)} is not supported offline (nodejs only); use --state with a stack export instead`,
    );
  const options = isRecord(project.runtime) && isRecord(project.runtime.options) ? project.runtime.options : {};
  const mainDirectory = typeof project.main === "string" ? path.resolve(resolved, project.main) : resolved;
  const entry = [mainDirectory, path.join(mainDirectory, "index.ts"), path.join(mainDirectory, "index.js")].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (!entry) throw new UsageError(`${directory}: no index.ts or index.js in ${mainDirectory}`);
  const name = String(project.name ?? path.basename(resolved));
  const stackFile = ["yaml", "yml"].map((ext) => path.join(resolved, `Pulumi.${stack}.${ext}`)).find(fs.existsSync);
  const stackConfig = stackFile ? readYaml(stackFile).config : undefined;
  const { config, secretKeys } = readStackConfig(project.config, stackConfig, name);
  return {
    directory: resolved,
    project: name,
    entry,
    config,
    secretKeys,
    stackFile,
    typescript: options.typescript !== false && options.typescript !== "false",
  };
}
