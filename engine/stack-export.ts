/**
 * The one reader of what `pulumi stack export` writes (the engine's deployment format:
 * pulumi/pulumi sdk/go/common/apitype, `UntypedDeployment` / `DeploymentV3`), as the engine
 * would send a deployed stack to a pack. The command reads it for `--state` (the stack to
 * check) and `--context` (what a StackReference reads); the pack for `context.stackExports`
 * and `context.stackReferences`.
 *
 * Shape: `{ version, deployment: { resources: [{ urn, type, id, inputs, outputs, parent,
 * dependencies, propertyDependencies, delete }], pending_operations: [{ resource, type }] } }`.
 * Secrets are `{ <sig>: SECRET_SIGNATURE, ciphertext }` in a default export and
 * `{ <sig>: SECRET_SIGNATURE, plaintext }` (the value's JSON text) with `--show-secrets`.
 */
import { isRecord } from "../model/record";
import { droppedKey } from "../model/own";
import { jsonNotValidReason } from "../model/json-syntax";
import { SECRET_SIGNATURE, SIGNATURE_KEY, UNKNOWN } from "../model/unknown";
import { checkNestingDepth, InputLimitError } from "./input-limits";
import type { Properties, StackResource } from "./stack-resource";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The deployment versions the CLI writes (apitype: 1 to 3). */
const VERSIONS = { min: 1, max: 3 } as const;

/**
 * Keys of the export format itself (pulumi/pulumi sdk/go/common/apitype/core.go: the
 * deployment, its manifest, resources and pending operations): a syntax error's path shows
 * these, and `<key>` for any other key, which is the data's own and may be a secret.
 */
const EXPORT_KEYS = new Set([
  "version",
  "deployment",
  "manifest",
  "time",
  "magic",
  "plugins",
  "secrets_providers",
  "metadata",
  "resources",
  "pending_operations",
  "resource",
  "urn",
  "custom",
  "delete",
  "id",
  "type",
  "inputs",
  "outputs",
  "parent",
  "protect",
  "external",
  "dependencies",
  "initErrors",
  "provider",
  "propertyDependencies",
  "pendingReplacement",
  "additionalSecretOutputs",
  "aliases",
  "customTimeouts",
  "retainOnDelete",
  "deletedWith",
  "created",
  "modified",
]);

/** What a bad export is refused with; the message names the input. */
export class StackExportError extends Error {}

/** A resource whose last operation was interrupted: it may or may not exist. */
export interface PendingOperation {
  urn: string;
  type: string;
  operation: string;
}

export interface StackExport {
  /** `project/stack` from the root stack resource's URN, when it has one. */
  stack?: string;
  /** The root stack's outputs (what a StackReference reads), secrets shown as their values (unknown when encrypted). */
  outputs: Properties;
  /** Outputs that hold a secret-marked value: a StackReference reads them as secrets. */
  secretOutputNames: string[];
  /**
   * Every resource but the old copies being deleted (the root stack too), as the engine sends a
   * deployed resource: inputs and outputs merged with `id`, secrets kept in their wrappers
   * (`{ <sig>, value }`, unknown when the export encrypts them), parents, dependencies.
   */
  resources: StackResource[];
  /** `aws:region` of the default AWS provider, when the export has one. */
  region?: string;
  pending: PendingOperation[];
  /** How many secret values the export encrypts (a default export): they read as unknown. */
  encryptedSecrets: number;
  /** Every value the export shows that it marks secret (outputs and resources alike): never printed. */
  secrets: unknown[];
}

/**
 * A secret as the engine hands it to a pack (`{ <sig>, value }`): a shown one with its value,
 * an encrypted one (or a plaintext that is not JSON) with an unknown value.
 */
function wrappedSecrets(value: unknown, counts: { encrypted: number }): unknown {
  if (Array.isArray(value)) return value.map((item) => wrappedSecrets(item, counts));
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    let shown: unknown = UNKNOWN;
    if (typeof value.plaintext === "string") {
      try {
        shown = wrappedSecrets(JSON.parse(value.plaintext), counts);
      } catch {
        // Unreadable plaintext: its text is secret all the same, and its value unknown.
      }
    } else if ("value" in value) shown = wrappedSecrets(value.value, counts);
    else counts.encrypted++;
    return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: shown };
  }
  // JSON.parse keeps a "__proto__" key as data; google-protobuf drops it from the engine's requests, and so does this.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !droppedKey(key))
      .map(([key, item]) => [key, wrappedSecrets(item, counts)]),
  );
}

/** The value with its secret wrappers removed; each shown secret value is pushed to `secrets`. */
function revealed(value: unknown, secrets: unknown[]): unknown {
  if (Array.isArray(value)) return value.map((item) => revealed(item, secrets));
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    const shown = revealed(value.value, secrets);
    if (shown !== UNKNOWN) secrets.push(shown);
    return shown;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealed(item, secrets)]));
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → project/stack. */
function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? `${match[2]}/${match[1]}` : undefined;
}

function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

function propertyDependenciesOf(value: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!isRecord(value)) return result;
  for (const [key, urns] of Object.entries(value))
    if (Array.isArray(urns) && !droppedKey(key)) result[key] = strings(urns);
  return result;
}

function pendingOperations(value: unknown): PendingOperation[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((operation): PendingOperation[] => {
    const resource = isRecord(operation) ? operation.resource : undefined;
    if (!isRecord(resource) || typeof resource.urn !== "string") return [];
    const kind = isRecord(operation) && typeof operation.type === "string" ? operation.type : "unknown";
    return [{ urn: resource.urn, type: typeof resource.type === "string" ? resource.type : "", operation: kind }];
  });
}

/** What JSON calls the kind of `value` (an array is not an "object" here, nor null). */
function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

type ResourceEntry = Record<string, unknown> & { urn: string; type: string };

/** The resource entry at `index`, refused unless its urn and type are strings (naming the first field that is not, and what it is). */
function resourceEntry(entry: unknown, index: number, where: string): ResourceEntry {
  const at = `${where}: deployment.resources[${index}]`;
  if (!isRecord(entry))
    throw new StackExportError(`${at} is ${jsonKind(entry)}; expected an object with a urn and a type`);
  for (const field of ["urn", "type"] as const) {
    const value = entry[field];
    if (value === undefined) throw new StackExportError(`${at} has no ${field}`);
    if (typeof value !== "string")
      throw new StackExportError(`${at}.${field} is ${jsonKind(value)}; expected a string`);
  }
  return entry as ResourceEntry;
}

/** An export already parsed from JSON. `where` names the input in errors (`--state prod.json`, `stack acme/network/prod`). */
export function readStackExport(document: unknown, where: string): StackExport {
  const deployment = isRecord(document) ? document.deployment : undefined;
  const raw = isRecord(deployment) ? (deployment.resources ?? []) : undefined;
  if (!isRecord(document) || !isRecord(deployment) || !Array.isArray(raw))
    throw new StackExportError(
      `${where}: expected the JSON that \`pulumi stack export\` writes ({ "version": 3, "deployment": { "resources": [...] } })`,
    );
  const version = document.version;
  if (version !== undefined && (typeof version !== "number" || version < VERSIONS.min || version > VERSIONS.max))
    throw new StackExportError(
      `${where}: deployment version ${JSON.stringify(version)} is not supported (${VERSIONS.min} to ${VERSIONS.max})`,
    );
  const counts = { encrypted: 0 };
  const result: StackExport = {
    outputs: {},
    secretOutputNames: [],
    resources: [],
    pending: pendingOperations(deployment.pending_operations),
    encryptedSecrets: 0,
    secrets: [],
  };
  raw.forEach((item: unknown, index: number) => {
    const entry = resourceEntry(item, index, where);
    if (entry.type === ROOT_STACK_TYPE) {
      result.stack ??= stackOfUrn(entry.urn);
      if (isRecord(entry.outputs)) {
        result.outputs = revealed(wrappedSecrets(entry.outputs, counts), result.secrets) as Properties;
        // Shown or encrypted, a secret anywhere in an output makes the StackReference read it as a secret.
        result.secretOutputNames = Object.entries(entry.outputs)
          .filter(([, value]) => JSON.stringify(value).includes(SECRET_SIGNATURE))
          .map(([name]) => name);
      }
    }
    // A resource being deleted after a replacement is the old copy: the live one follows it.
    if (entry.delete === true) return;
    const inputs = isRecord(entry.inputs) ? entry.inputs : {};
    const properties = wrappedSecrets({ ...inputs, ...(isRecord(entry.outputs) ? entry.outputs : {}) }, counts);
    const resource: StackResource = {
      type: entry.type,
      urn: entry.urn,
      name: nameOfUrn(entry.urn),
      properties: properties as Properties,
      parent: typeof entry.parent === "string" && entry.parent !== "" ? entry.parent : undefined,
      dependencies: strings(entry.dependencies),
      propertyDependencies: propertyDependenciesOf(entry.propertyDependencies),
    };
    if (typeof entry.id === "string" && entry.id !== "") resource.properties.id = entry.id;
    revealed(properties, result.secrets);
    if (entry.type === "pulumi:providers:aws" && resource.name.startsWith("default") && result.region === undefined)
      if (typeof inputs.region === "string") result.region = inputs.region;
    result.resources.push(resource);
  });
  result.encryptedSecrets = counts.encrypted;
  return result;
}

/** Export text: nesting checked before parsing (its readers recurse), then read; errors name `where` and never quote the text. */
export function parseStackExport(text: string, where: string): StackExport {
  try {
    checkNestingDepth(text, where, "json");
  } catch (error) {
    if (error instanceof InputLimitError) throw new StackExportError(error.message);
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a plaintext secret: a position instead.
    throw new StackExportError(
      `${where}: not a readable JSON stack export (${jsonNotValidReason(text, "", (key) => EXPORT_KEYS.has(key))})`,
    );
  }
  return readStackExport(document, where);
}
