/**
 * A stack export's facts as context: the resources of the types the stack model reads, as
 * deployed facts of another stack (secrets shown as their values, unknown when encrypted),
 * marked with where they come from. The export itself is read by engine/stack-export.ts, the
 * same reader the command uses for `--state`.
 */
import { UNKNOWN, unwrapSecrets } from "../../model";
import { parseStackExport, PendingOperation, StackExport, StackExportError } from "../../engine/stack-export";
import type { Properties, StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";

/** Types the stack model reads; everything else in a context export is left out (it is never looked at). */
export const CONTEXT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(T));

/** What one source of outside facts gives the model. */
export interface ExportedFacts {
  /** `project/stack` of the export's root stack resource, when it has one. */
  stack?: string;
  /** The stack's outputs (what a StackReference reads). */
  outputs: Properties;
  /** Outputs that hold a secret-marked value: a StackReference reads them as secrets. */
  secretOutputNames: string[];
  /** Resources of the types the analysis reads, with their origin. */
  resources: StackResource[];
  /** Resources whose last operation was interrupted: they may or may not exist. */
  pending: PendingOperation[];
  /** Every value the export shows that it marks secret: never printed. */
  secrets: unknown[];
}

export class ContextInputError extends Error {}

/** The context view of an export; `origin` is what every verdict built on these facts will say. */
export function exportedFacts(exported: StackExport, origin: string): ExportedFacts {
  const resources = exported.resources
    .filter((resource) => CONTEXT_TYPES.has(resource.type))
    .map((resource): StackResource => {
      const secrets: unknown[] = [];
      const properties = unwrapSecrets(resource.properties, secrets) as Properties;
      const shown = secrets.filter((secret) => secret !== UNKNOWN);
      return {
        type: resource.type,
        urn: resource.urn,
        name: resource.name,
        properties,
        parent: resource.parent,
        dependencies: resource.dependencies,
        // Deployed state, not a plan: without property dependencies the pack never "settles" a value
        // of it as if the program had left it unset (an encrypted secret stays unknown).
        propertyDependencies: {},
        origin,
        ...(shown.length > 0 ? { secrets: shown } : {}),
      };
    });
  return {
    stack: exported.stack,
    outputs: exported.outputs,
    secretOutputNames: exported.secretOutputNames,
    resources,
    pending: exported.pending,
    secrets: exported.secrets,
  };
}

/** Export text as context; a bad export is a ContextInputError naming `where`. */
export function parseContextExport(text: string, where: string, origin: string): ExportedFacts {
  try {
    return exportedFacts(parseStackExport(text, where), origin);
  } catch (error) {
    if (error instanceof StackExportError) throw new ContextInputError(error.message);
    throw error;
  }
}
