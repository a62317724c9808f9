/**
 * Limits on the files the command and the pack read (stack exports, config files, pack
 * config), checked before any reader could exhaust memory, time or the call stack (issue 21:
 * a 0.6 KB YAML alias bomb ran for minutes, a 10^6-deep JSON file overflowed the stack, a
 * multi-GB file was read whole before it was refused). Each is far above what a real file
 * reaches, so only a broken or hostile file meets one; the error names the file and the limit.
 */
import * as fs from "fs";

/**
 * A stack export (`--state`, `--context`, `context.stackExports`, `pulumi stack export`):
 * 500 MiB, just under V8's longest string (2^29 - 24 UTF-16 units, about 512 MiB), beyond
 * which the text cannot be held at all. A 50,000-resource export is a few hundred MB.
 */
export const MAX_EXPORT_BYTES = 500 * 1024 * 1024;

/** Pulumi.yaml, Pulumi.<stack>.yaml and the pack config (`--config`): real ones are a few KB. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Nesting of arrays and objects: Pulumi property values, IAM documents and configs nest
 * tens of levels; the readers that walk them recurse, and Node's stack holds about 10,000 frames.
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * Values of a YAML document once its aliases are expanded: a config file has hundreds; an
 * alias bomb (nine aliases of nine aliases...) has billions, and every reader that walks the
 * document (JSON.stringify of a config value) walks them all.
 */
export const MAX_YAML_VALUES = 1_000_000;

/** An input over a limit; `message` names the input and the limit. */
export class InputLimitError extends Error {}

const MIB = 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= 1024 * MIB ? `${(bytes / (1024 * MIB)).toFixed(1)} GiB` : `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * The text of `file`, refused when it has more than `maxBytes`: a regular file by its size
 * before a byte is read, anything else (a pipe, a device) once `maxBytes` have been read, so
 * memory never holds more than the limit.
 */
export function readBoundedText(file: string, maxBytes: number, shown = file): string {
  const fd = fs.openSync(file, "r");
  try {
    const stat = fs.fstatSync(fd);
    const over = () =>
      new InputLimitError(
        `${shown}: larger than the ${sizeText(maxBytes)} this reads${stat.isFile() ? ` (${sizeText(stat.size)})` : ""}; refused without reading it whole`,
      );
    if (stat.isFile() && stat.size > maxBytes) throw over();
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, 8 * MIB));
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw over();
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/** Line and column (from 1) of a character offset, for messages that name a place without quoting it. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export type Syntax = "json" | "yaml";

/**
 * Throws when arrays and objects of `text` nest deeper than `maxDepth`: one pass over the text,
 * brackets counted outside quoted strings (and YAML comments), so no parser or reader is ever
 * handed a document that would take it off the end of the stack. For YAML, brackets inside
 * plain scalars count too: a bound that only a file with a thousand of them open at once meets.
 */
export function checkNestingDepth(text: string, shown: string, syntax: Syntax, maxDepth = MAX_NESTING_DEPTH): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (syntax === "yaml" && code === 39 /* ' */) {
      // '' inside a single-quoted scalar is a quote: the loop simply reopens at it.
      for (i++; i < text.length && text.charCodeAt(i) !== 39; i++);
    } else if (syntax === "yaml" && code === 35 /* # */ && (i === 0 || /\s/.test(text[i - 1]))) {
      for (; i < text.length && text.charCodeAt(i) !== 10; i++);
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > maxDepth) {
        const { line, column } = lineAndColumn(text, i);
        throw new InputLimitError(
          `${shown}: nests deeper than ${maxDepth} levels (line ${line}, column ${column}); refused before parsing it`,
        );
      }
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
}

/**
 * Throws when `value` (a parsed YAML document, whose aliases are shared objects) expands to
 * more than `maxValues` values, as a reader walking it as a tree would meet them. Counted over
 * the distinct objects only (each object's expanded size once), so the count itself is cheap.
 */
export function checkExpandedSize(value: unknown, shown: string, maxValues = MAX_YAML_VALUES): void {
  const sizes = new Map<object, number>();
  const tooMany = () =>
    new InputLimitError(
      `${shown}: its aliases expand to more than ${maxValues.toLocaleString("en")} values (an alias bomb?); refused`,
    );
  // Children before parents, iteratively: the document's depth was bounded before it was parsed.
  const pending: { node: object; expanded: boolean }[] = [];
  const open = new Set<object>();
  const push = (node: unknown) => {
    if (typeof node !== "object" || node === null || sizes.has(node)) return;
    // A node inside itself expands without end (js-yaml refuses such aliases; this does not rely on it).
    if (open.has(node)) throw tooMany();
    pending.push({ node, expanded: false });
  };
  const childrenOf = (node: object): unknown[] => (Array.isArray(node) ? node : Object.values(node));
  push(value);
  while (pending.length > 0) {
    const top = pending[pending.length - 1];
    if (sizes.has(top.node)) {
      pending.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      open.add(top.node);
      childrenOf(top.node).forEach(push);
      continue;
    }
    pending.pop();
    open.delete(top.node);
    let size = 1;
    for (const child of childrenOf(top.node))
      size += typeof child === "object" && child !== null ? (sizes.get(child) ?? maxValues + 1) : 1;
    if (size > maxValues) throw tooMany();
    sizes.set(top.node, size);
  }
}
