/**
 * `--context <file>` of the offline command: exports of the stacks the program reads through
 * StackReference. They answer the program's StackReference reads under the mocks (what
 * `pulumi preview` would read from the backend) and are passed to the pack as
 * `context.stackExports`, the same way the pack is configured under `pulumi preview`.
 */
import * as path from "path";
import { ContextInputError, parseContextExport } from "../policies/context/export";
import { withPolicyProperties } from "./packConfig";
import { UsageError } from "./program";
import { InputLimitError, MAX_EXPORT_BYTES, readBoundedText } from "../engine/input-limits";

export interface ContextExport {
  file: string;
  /** project/stack of the export's root stack resource. */
  stack?: string;
  outputs: Record<string, unknown>;
  /** The values the export marks secret (shown with --show-secrets): the command never prints them. */
  secrets: unknown[];
  /** Outputs holding a secret: the program's StackReference reads them as secrets, as under pulumi preview. */
  secretOutputNames: string[];
}

export function readContextExports(files: readonly string[]): ContextExport[] {
  return files.map((file) => {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = readBoundedText(absolute, MAX_EXPORT_BYTES, `--context ${file}`);
    } catch (error) {
      if (error instanceof InputLimitError) throw new UsageError(error.message);
      throw new UsageError(`--context ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
    try {
      const parsed = parseContextExport(text, `--context ${file}`, "");
      return {
        file: absolute,
        stack: parsed.stack,
        outputs: parsed.outputs,
        secrets: parsed.secrets,
        secretOutputNames: parsed.secretOutputNames,
      };
    } catch (error) {
      if (error instanceof ContextInputError) throw new UsageError(error.message);
      throw error;
    }
  });
}

/**
 * The export a StackReference name means: `acme/network/prod` and `network/prod` both match an
 * export of project network, stack prod (an export does not record its organization).
 */
export function exportForStack(exports: readonly ContextExport[], name: string): ContextExport | undefined {
  return exports.find(
    (candidate) =>
      candidate.stack !== undefined &&
      (name === candidate.stack || name.endsWith(`/${candidate.stack}`) || name === candidate.stack.split("/")[1]),
  );
}

/** The pack config with the exports added to context.stackExports of the mandatory policy. */
export function withContextConfig<C extends Record<string, { properties?: Record<string, unknown> }>>(
  config: C,
  exports: readonly ContextExport[],
  policy: string,
): C {
  if (exports.length === 0) return config;
  return withPolicyProperties(config, policy, (properties) => {
    const context = (
      typeof properties.context === "object" && properties.context !== null ? properties.context : {}
    ) as { stackExports?: string[] };
    return {
      ...properties,
      context: { ...context, stackExports: [...(context.stackExports ?? []), ...exports.map((e) => e.file)] },
    };
  });
}
