/**
 * Where each resource is declared in the program: the stack is captured when the resource's
 * constructor registers it, so SARIF results point at the line that declares the offending
 * resource (ts-node maps the frames back to the program's .ts files).
 */
import * as path from "path";

export interface SourceLocation {
  /** Absolute path of the program file. */
  file: string;
  line: number;
  column: number;
}

/** `runtime/resource` of @pulumi/pulumi: every resource constructor calls its `registerResource`. */
interface ResourceRuntime {
  registerResource: (resource: { urn?: unknown }, ...rest: unknown[]) => unknown;
}

interface UrnOutput {
  apply(callback: (urn: string) => void): unknown;
}

/** A V8 stack frame line: `    at fn (/path/file.ts:12:5)` or `    at /path/file.ts:12:5`. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * The first frame of the program itself: a file outside every node_modules and outside
 * fargate-preflight's own code (a component of ours is reported at the line that uses it).
 */
export function declarationSite(stack: string, ownDirectories: readonly string[]): SourceLocation | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = match[1].startsWith("file://") ? new URL(match[1]).pathname : match[1];
    if (!path.isAbsolute(file) || file.split(path.sep).includes("node_modules")) continue;
    if (ownDirectories.some((directory) => file.startsWith(directory + path.sep))) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * Wraps the program's `registerResource` to note each resource's declaration site by URN.
 * Returns the map, filled in as URNs resolve. `pulumiDirectory` is the program's own
 * @pulumi/pulumi; `ownDirectories` are fargate-preflight's code directories.
 */
export function recordDeclarationSites(
  pulumiDirectory: string,
  ownDirectories: readonly string[],
): Map<string, SourceLocation> {
  const sites = new Map<string, SourceLocation>();
  const runtime = require(path.join(pulumiDirectory, "runtime", "resource")) as ResourceRuntime;
  const register = runtime.registerResource;
  runtime.registerResource = function (this: unknown, resource, ...rest) {
    const stackHolder: { stack?: string } = {};
    const previousLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    Error.captureStackTrace(stackHolder);
    Error.stackTraceLimit = previousLimit;
    const result = register.call(this, resource, ...rest);
    const site = declarationSite(stackHolder.stack ?? "", ownDirectories);
    const urn = resource.urn as UrnOutput | undefined;
    if (site && urn && typeof urn.apply === "function") urn.apply((value) => void sites.set(value, site));
    return result;
  };
  return sites;
}
