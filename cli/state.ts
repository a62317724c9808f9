/**
 * `--state <file>`: a `pulumi stack export` checked as the engine would send that deployed stack
 * to a pack (engine/stack-export.ts reads it: versions 1-3, resources pending deletion left
 * out, secrets in their wrappers), with what the reader should know said as warnings: encrypted
 * secrets (checked as unknown) and pending operations.
 */
import type { StackResource } from "../engine/stack-resource";
import { parseStackExport, readStackExport, StackExportError } from "../engine/stack-export";
import { InputLimitError, MAX_EXPORT_BYTES, readBoundedText } from "../engine/input-limits";
import { UsageError } from "./program";

export interface StateFile {
  resources: StackResource[];
  /** `aws:region` of the default AWS provider, when the export has one. */
  region?: string;
  /** Things the reader should know (encrypted secrets, pending operations). */
  warnings: string[];
}

/** An export already parsed from JSON (a bad one is a UsageError naming `file`). */
export function stateOf(document: unknown, file: string): StateFile {
  let exported;
  try {
    exported = readStackExport(document, file);
  } catch (error) {
    if (error instanceof StackExportError) throw new UsageError(error.message);
    throw error;
  }
  return stateFileOf(exported, file);
}

function stateFileOf(exported: ReturnType<typeof readStackExport>, file: string): StateFile {
  const warnings: string[] = [];
  const encrypted = exported.encryptedSecrets;
  if (encrypted > 0)
    warnings.push(
      `${encrypted} secret value${encrypted === 1 ? " is" : "s are"} encrypted in ${file}, so checked as unknown; export with \`pulumi stack export --show-secrets\` to check them`,
    );
  const pending = exported.pending;
  if (pending.length > 0) {
    const described = pending.map((operation) => `${operation.operation} ${operation.urn}`).join(", ");
    warnings.push(
      `${file} has ${pending.length} pending operation${pending.length === 1 ? "" : "s"} from an interrupted update (${described}): those resources may not match the cloud; run \`pulumi refresh\` and export again`,
    );
  }
  return { resources: exported.resources, region: exported.region, warnings };
}

/** The export in `file`: size checked before it is read, nesting before it is parsed (engine/input-limits.ts). */
export function readStateFile(file: string): StateFile {
  let text: string;
  try {
    text = readBoundedText(file, MAX_EXPORT_BYTES);
  } catch (error) {
    if (error instanceof InputLimitError) throw new UsageError(error.message);
    throw new UsageError(`${file}: cannot read the stack export (${(error as Error).message})`);
  }
  try {
    return stateFileOf(parseStackExport(text, file), file);
  } catch (error) {
    if (error instanceof StackExportError) throw new UsageError(error.message);
    throw error;
  }
}
