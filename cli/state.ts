/**
 * Resources of a `pulumi stack export` file, as the engine sends a deployed stack to a pack.
 * Reads what the CLI really writes: versions 1-3, the stack and provider resources, resources
 * pending deletion (left out: they are being replaced), pending operations (reported), and
 * secrets in both forms: `ciphertext` (default export) and `plaintext` (`--show-secrets`).
 */
import * as fs from "fs";
import type { StackResource } from "./analyzerClient";
import { UsageError } from "./program";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../model/unknown";

/** The engine's marker of a secret value, and of a value not known yet (sdk/go/common/resource/properties.go). */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface StackExport {
  resources: StackResource[];
  /** `aws:region` of the default AWS provider, when the export has one. */
  region?: string;
  /** Things the reader should know (encrypted secrets, pending operations). */
  warnings: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Secrets as the engine hands them to a pack (`{sig, value}`): a plaintext secret with its
 * value; a ciphertext one with an unknown value, since it cannot be decrypted offline.
 */
function decodeSecrets(value: unknown, counts: { encrypted: number }): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeSecrets(item, counts));
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    if (typeof value.plaintext === "string") {
      let decoded: unknown;
      try {
        decoded = JSON.parse(value.plaintext);
      } catch {
        decoded = value.plaintext;
      }
      return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: decodeSecrets(decoded, counts) };
    }
    if ("value" in value) return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: decodeSecrets(value.value, counts) };
    counts.encrypted++;
    return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: UNKNOWN_VALUE };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeSecrets(item, counts)]));
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

export function parseStackExport(parsed: unknown, file: string): StackExport {
  if (!isRecord(parsed) || !isRecord(parsed.deployment))
    throw new UsageError(`${file}: expected the output of \`pulumi stack export\` (no "deployment" object)`);
  if (parsed.version !== undefined && (typeof parsed.version !== "number" || parsed.version < 1 || parsed.version > 3))
    throw new UsageError(`${file}: deployment version ${JSON.stringify(parsed.version)} is not supported (1 to 3)`);
  const deployment = parsed.deployment;
  // A stack that was never deployed exports no resources at all.
  const raw = deployment.resources ?? [];
  if (!Array.isArray(raw)) throw new UsageError(`${file}: deployment.resources must be an array`);
  const counts = { encrypted: 0 };
  const resources: StackResource[] = [];
  let region: string | undefined;
  raw.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry.urn !== "string" || typeof entry.type !== "string")
      throw new UsageError(`${file}: deployment.resources[${index}] has no urn or type`);
    if (entry.delete === true) return; // The old copy of a replaced resource, about to be deleted.
    const inputs = isRecord(entry.inputs) ? entry.inputs : {};
    const outputs = isRecord(entry.outputs) ? entry.outputs : {};
    const properties = decodeSecrets({ ...inputs, ...outputs }, counts) as Record<string, unknown>;
    if (typeof entry.id === "string" && entry.id !== "") properties.id = entry.id;
    if (entry.type === "pulumi:providers:aws" && nameOf(entry.urn).startsWith("default") && !region) {
      if (typeof inputs.region === "string") region = inputs.region;
    }
    const propertyDependencies: Record<string, string[]> = {};
    if (isRecord(entry.propertyDependencies)) {
      for (const [key, value] of Object.entries(entry.propertyDependencies))
        if (Array.isArray(value)) propertyDependencies[key] = value.map(String);
    }
    resources.push({
      type: entry.type,
      urn: entry.urn,
      name: nameOf(entry.urn),
      properties,
      parent: typeof entry.parent === "string" && entry.parent !== "" ? entry.parent : undefined,
      dependencies: Array.isArray(entry.dependencies) ? entry.dependencies.map(String) : [],
      propertyDependencies,
    });
  });
  const warnings: string[] = [];
  if (counts.encrypted > 0)
    warnings.push(
      `${counts.encrypted} secret value${counts.encrypted === 1 ? " is" : "s are"} encrypted in ${file}, so checked as unknown; export with \`pulumi stack export --show-secrets\` to check them`,
    );
  const pending = Array.isArray(deployment.pending_operations) ? deployment.pending_operations : [];
  if (pending.length > 0) {
    const described = pending
      .map((operation: unknown) =>
        isRecord(operation) && isRecord(operation.resource) ? `${operation.type} ${operation.resource.urn}` : "?",
      )
      .join(", ");
    warnings.push(
      `${file} has ${pending.length} pending operation${pending.length === 1 ? "" : "s"} from an interrupted update (${described}): those resources may not match the cloud; run \`pulumi refresh\` and export again`,
    );
  }
  return { resources, region, warnings };
}

export function readStackExport(file: string): StackExport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read the stack export (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not a readable JSON stack export (${(error as Error).message})`);
  }
  return parseStackExport(parsed, file);
}
