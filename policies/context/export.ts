/**
 * Reads what `pulumi stack export` writes (format: pulumi/pulumi sdk/go/common/apitype,
 * `UntypedDeployment` / `DeploymentV3`) into the pack's own resource shape, so a network
 * stack's resources join the app stack's as deployed facts.
 *
 * Shape: `{ version, deployment: { resources: [{ urn, type, id, inputs, outputs, parent,
 * dependencies, propertyDependencies }], pending_operations: [{ resource, type }] } }`.
 * Secrets are `{ <sig>: "1b47061264138c4ac30d75fd1eb44270", ciphertext }` (or `plaintext`, a
 * JSON text, with `--show-secrets`).
 */
import { UNKNOWN } from "../../model";
import type { Properties, StackResource } from "../stack/resources";
import { T } from "../stack/types";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../model/unknown";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** Types the stack model reads; everything else in a context export is left out (it is never looked at). */
export const CONTEXT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(T));

export interface StackExport {
  /** `project/stack` from the root stack resource's URN, when it has one. */
  stack?: string;
  /** The stack's outputs (what a StackReference reads). */
  outputs: Properties;
  /** Resources of the types the analysis reads, with their origin. */
  resources: StackResource[];
  /** Resources whose last operation was interrupted: they may or may not exist. */
  pending: { urn: string; type: string; operation: string }[];
}

export class ContextInputError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A secret the export cannot show is unknown; a shown one is its value. Recurses into objects and arrays. */
export function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    if (typeof value.plaintext === "string") {
      try {
        return revealSecrets(JSON.parse(value.plaintext));
      } catch {
        return UNKNOWN;
      }
    }
    return "value" in value ? revealSecrets(value.value) : UNKNOWN;
  }
  const result: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) result[key] = revealSecrets(element);
  return result;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → project/stack. */
function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? `${match[2]}/${match[1]}` : undefined;
}

function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The resources of an export. `where` names the input in errors ("network.json", "stack
 * acme/network/prod"); `origin` is what every verdict built on these facts will say.
 */
export function readStackExport(document: unknown, where: string, origin: string): StackExport {
  const deployment = isRecord(document) ? document.deployment : undefined;
  const resources = isRecord(deployment) ? deployment.resources : undefined;
  if (!isRecord(deployment) || !(Array.isArray(resources) || resources === undefined)) {
    throw new ContextInputError(
      `${where}: expected the JSON that \`pulumi stack export\` writes ({ "version": 3, "deployment": { "resources": [...] } })`,
    );
  }
  const result: StackExport = { outputs: {}, resources: [], pending: [] };
  (resources ?? []).forEach((raw: unknown, index: number) => {
    if (!isRecord(raw) || typeof raw.urn !== "string" || typeof raw.type !== "string") {
      throw new ContextInputError(`${where}: deployment.resources[${index}] has no urn or type`);
    }
    if (raw.type === ROOT_STACK_TYPE) {
      result.stack ??= stackOfUrn(raw.urn);
      if (isRecord(raw.outputs)) result.outputs = revealSecrets(raw.outputs) as Properties;
      return;
    }
    // A resource being deleted after a replacement is the old copy: the live one follows it.
    if (raw.delete === true || !CONTEXT_TYPES.has(raw.type)) return;
    const props = revealSecrets({
      ...(isRecord(raw.inputs) ? raw.inputs : {}),
      ...(isRecord(raw.outputs) ? raw.outputs : {}),
    }) as Properties;
    if (typeof raw.id === "string" && raw.id !== "") props.id = raw.id;
    result.resources.push({
      type: raw.type,
      urn: raw.urn,
      name: nameOfUrn(raw.urn),
      props,
      parent: typeof raw.parent === "string" ? raw.parent : undefined,
      dependencies: strings(raw.dependencies),
      // Deployed state, not a plan: without property dependencies the pack never "settles" a value
      // of it as if the program had left it unset (an encrypted secret stays unknown).
      propertyDependencies: {},
      origin,
    });
  });
  const pending = deployment.pending_operations;
  if (Array.isArray(pending)) {
    for (const operation of pending) {
      const resource = isRecord(operation) ? operation.resource : undefined;
      if (!isRecord(resource) || typeof resource.urn !== "string" || typeof resource.type !== "string") continue;
      result.pending.push({
        urn: resource.urn,
        type: resource.type,
        operation: isRecord(operation) && typeof operation.type === "string" ? operation.type : "unknown",
      });
    }
  }
  return result;
}

/** Parses export text; a clear error naming the input when it is not JSON. */
export function parseStackExport(text: string, where: string, origin: string): StackExport {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ContextInputError(`${where}: not JSON (${(error as Error).message})`);
  }
  return readStackExport(document, where, origin);
}
