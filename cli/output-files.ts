/**
 * The report files of `check` (--json-file, --sarif-file, --markdown-file): their paths are
 * checked before anything runs, so a typo costs no run; a write that still fails at the end
 * (permissions, a full disk) is said with the option and the path, and the other reports and
 * stdout are still written.
 */
import * as fs from "fs";
import * as path from "path";
import type { Options } from "./arguments";
import { UsageError } from "./program";

export type ReportKind = "json" | "sarif" | "markdown";

export interface OutputFile {
  kind: ReportKind;
  /** The option that named it, as the user typed it (`--json-file`). */
  option: string;
  file: string;
}

/** The report files the options ask for, in the order they are written. */
export function outputFilesOf(options: Options): OutputFile[] {
  const requested: [ReportKind, string, string | undefined][] = [
    ["json", "--json-file", options.jsonFile],
    ["sarif", "--sarif-file", options.sarifFile],
    ["markdown", "--markdown-file", options.markdownFile],
  ];
  return requested.flatMap(([kind, option, file]) => (file === undefined ? [] : [{ kind, option, file }]));
}

/** What is at `target`: its stats, "missing" (also when a folder on the way is a file), or the error code. */
function lookAt(target: string): fs.Stats | "missing" | string {
  try {
    return fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : code;
  }
}

/** What is wrong with writing a report to `file`, or undefined when it can be tried. */
function pathProblem(file: string): string | undefined {
  const folder = path.dirname(file);
  const parent = lookAt(path.resolve(folder));
  if (parent === "missing")
    return `its folder ${folder} does not exist; expected a file in an existing folder (create the folder first)`;
  if (typeof parent === "string")
    return `its folder ${folder} cannot be read (${parent}); expected a file in a folder this can write to`;
  if (!parent.isDirectory()) return `${folder} is not a folder; expected a file in an existing folder`;
  const existing = lookAt(path.resolve(file));
  if (typeof existing === "object" && existing.isDirectory())
    return "is a directory; expected the path of a file to write the report to";
  return undefined;
}

/** Refuses (UsageError, exit 2) report paths that cannot be written, every one named, before anything runs. */
export function checkOutputPaths(files: readonly OutputFile[]): void {
  const problems: string[] = [];
  files.forEach((output, index) => {
    const problem = pathProblem(output.file);
    if (problem) problems.push(`${output.option} ${output.file}: ${problem}`);
    // Two reports into one file: the later would overwrite the earlier without a word.
    const earlier = files.slice(0, index).find((other) => path.resolve(other.file) === path.resolve(output.file));
    if (earlier)
      problems.push(
        `${output.option} ${output.file}: ${earlier.option} names the same file; expected one file per report`,
      );
  });
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
}

/**
 * Writes each report to its file; a failed write does not stop the others. Returns one message
 * per failure, naming the option, the path and the reason.
 */
export function writeOutputFiles(files: readonly OutputFile[], content: (kind: ReportKind) => string): string[] {
  const failures: string[] = [];
  for (const output of files) {
    // Built outside the try: a report that cannot be built is a defect, not a failed write.
    const text = `${content(output.kind)}\n`;
    try {
      fs.writeFileSync(output.file, text);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).message ?? String(error);
      failures.push(`${output.option} ${output.file}: the report could not be written (${reason})`);
    }
  }
  return failures;
}
