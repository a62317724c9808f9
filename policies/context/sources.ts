/**
 * Gathers the outside facts the pack config allows: export files and referenced stacks.
 * Every failure becomes a note naming the source and the fix; nothing here throws.
 */
import * as path from "path";
import type { ContextConfig } from "../config/pack-config";
import type { Properties, StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import type { AwsDescribeOptions, AwsDescription } from "./aws";
import { readString } from "../stack/values";
import { InputLimitError, MAX_EXPORT_BYTES, readBoundedText } from "../../engine/input-limits";
import { ExportResult, exportStackOnce } from "./cli";
import { CONTEXT_TYPES, ContextInputError, ExportedFacts, parseContextExport } from "./export";
import { ContextNote, INSTALL_SDK_FIX } from "../analysis/context-report";

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

export interface ContextSource {
  /** How verdicts name it: "stack acme/network/prod", "stack network/prod (export network.json)". */
  origin: string;
  export: ExportedFacts;
}

export interface ContextLoad {
  sources: ContextSource[];
  notes: ContextNote[];
  /** Which ways of supplying context the config turned on (for the advice when a fact is still missing). */
  configured: string[];
}

export interface ContextDeps {
  exportStack: (stack: string, timeoutMs: number) => Promise<ExportResult>;
  readFile: (file: string) => string;
  cwd: string;
  describe: (subnetIds: readonly string[], options: AwsDescribeOptions) => Promise<AwsDescription>;
  describeRoles: (roleArns: readonly string[], options: AwsDescribeOptions) => Promise<AwsDescription>;
}

const DEFAULT_DEPS: ContextDeps = {
  exportStack: exportStackOnce,
  // Refused by its size before it is read (policies/input-limits.ts).
  readFile: (file) => readBoundedText(file, MAX_EXPORT_BYTES),
  cwd: process.cwd(),
  // The AWS module (and through it the SDK) is loaded only when context.aws is on.
  describe: async (subnetIds, options) => (await import("./aws")).describeNetworkOnce(subnetIds, options),
  describeRoles: async (roleArns, options) => (await import("./aws-iam")).describeRolesOnce(roleArns, options),
};

/** Where the preview's AWS provider points: region and profile of the stack config the engine passes. */
export interface AwsTarget {
  region?: string;
  profile?: string;
}

export function awsTargetFromEnv(env: NodeJS.ProcessEnv = process.env): AwsTarget {
  for (const variable of ["PULUMI_CONFIG", "PULUMI_NODEJS_CONFIG"]) {
    try {
      const config = JSON.parse(env[variable] ?? "") as Record<string, unknown>;
      return {
        region: typeof config["aws:region"] === "string" ? config["aws:region"] : undefined,
        profile: typeof config["aws:profile"] === "string" ? config["aws:profile"] : undefined,
      };
    } catch {
      // Not set, or not JSON: try the next one.
    }
  }
  return {};
}

/** Role ARNs the task definitions name (execution and task role) that no role of the stack or of the context so far is. */
export function outsideRoleArns(stackResources: readonly StackResource[], known: readonly StackResource[]): string[] {
  const have = new Set(
    known.filter((resource) => resource.type === T.role).map((resource) => resource.properties.arn as unknown),
  );
  const arns = new Set<string>();
  for (const resource of stackResources) {
    if (resource.type !== T.taskDefinition) continue;
    for (const key of ["executionRoleArn", "taskRoleArn"]) {
      const arn = resource.properties[key];
      if (typeof arn === "string" && /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(arn) && !have.has(arn)) arns.add(arn);
    }
  }
  return [...arns].sort();
}

/** Subnet ids the services name that no resource of the stack or of the context so far is. */
export function outsideSubnetIds(stackResources: readonly StackResource[], known: readonly StackResource[]): string[] {
  const have = new Set(
    known.filter((resource) => resource.type === T.subnet).map((resource) => resource.properties.id as unknown),
  );
  const ids = new Set<string>();
  for (const resource of stackResources) {
    if (resource.type !== T.service) continue;
    const network = resource.properties.networkConfiguration;
    const subnets = typeof network === "object" && network !== null ? (network as Properties).subnets : undefined;
    for (const id of Array.isArray(subnets) ? subnets : [])
      if (typeof id === "string" && id.startsWith("subnet-") && !have.has(id)) ids.add(id);
  }
  return [...ids].sort();
}

/** Names of the stacks the request's StackReference resources read (their `name` input). */
export function referencedStacks(resources: readonly StackResource[]): string[] {
  const names = new Set<string>();
  for (const resource of resources) {
    if (resource.type !== STACK_REFERENCE_TYPE) continue;
    const name = readString(resource.properties, "name");
    names.add(typeof name === "string" ? name : resource.name);
  }
  return [...names];
}

/** An export whose interrupted operations touch what the analysis reads cannot be trusted as a whole. */
function pendingNote(source: ContextSource): ContextNote | undefined {
  const relevant = source.export.pending.filter((operation) => CONTEXT_TYPES.has(operation.type));
  if (relevant.length === 0) return undefined;
  const listed = relevant
    .slice(0, 5)
    .map((operation) => `${operation.operation} ${operation.urn.slice(operation.urn.lastIndexOf("::") + 2)}`);
  return {
    message:
      `${source.origin} has ${relevant.length} interrupted operation${relevant.length > 1 ? "s" : ""} (${listed.join(", ")}${relevant.length > 5 ? ", ..." : ""}): ` +
      `those resources may or may not exist, so none of its facts are used. Fix: run \`pulumi refresh\` (or \`pulumi cancel\`) on that stack, then export it again`,
  };
}

function addSource(load: ContextLoad, source: ContextSource): void {
  const note = pendingNote(source);
  if (note) load.notes.push(note);
  else load.sources.push(source);
}

/** Runs one live description; its facts become a source, its failure (or a module that cannot load) a note. */
async function describeInto(
  load: ContextLoad,
  what: string,
  ids: readonly string[],
  run: () => Promise<AwsDescription>,
): Promise<void> {
  let described: AwsDescription;
  try {
    described = await run();
  } catch (error) {
    // The AWS module itself failed to load (under the engine's ts-node: its SDK types are missing).
    described = {
      ok: false,
      error: `the AWS module could not be loaded (${(error as Error).message.split("\n")[0]})`,
      fix: INSTALL_SDK_FIX,
    };
  }
  if (described.ok) {
    load.sources.push({
      origin: described.origin,
      export: { outputs: {}, secretOutputNames: [], resources: described.resources, pending: [], secrets: [] },
    });
  } else {
    load.notes.push({
      message: `context.aws: describing ${what} ${ids.join(", ")} gave no facts: ${described.error}. Fix: ${described.fix ?? "give the preview's identity read access to them (ec2:Describe*, iam:Get*/List* on the roles)"}, or export the stack that holds them to a file`,
    });
  }
}

export async function loadContext(
  config: ContextConfig,
  stackResources: readonly StackResource[],
  deps: ContextDeps = DEFAULT_DEPS,
  aws: AwsTarget = awsTargetFromEnv(),
): Promise<ContextLoad> {
  const load: ContextLoad = { sources: [], notes: [], configured: [] };
  if (config.stackExports.length > 0) load.configured.push("context.stackExports");
  for (const file of config.stackExports) {
    const resolved = path.resolve(deps.cwd, file);
    let text: string;
    try {
      text = deps.readFile(resolved);
    } catch (error) {
      if (error instanceof InputLimitError) {
        load.notes.push({ message: `context.stackExports: ${error.message}` });
        continue;
      }
      load.notes.push({
        message: `context.stackExports: cannot read ${resolved} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); relative paths are read from the policy pack's directory, so give an absolute path`,
      });
      continue;
    }
    try {
      const parsed = parseContextExport(text, resolved, "");
      const origin = `stack ${parsed.stack ?? "?"} (${path.basename(resolved)})`;
      for (const resource of parsed.resources) resource.origin = origin;
      addSource(load, { origin, export: parsed });
    } catch (error) {
      if (!(error instanceof ContextInputError)) throw error;
      load.notes.push({ message: `context.stackExports: ${error.message}` });
    }
  }
  if (config.stackReferences !== false) {
    load.configured.push("context.stackReferences");
    const names = new Set([
      ...(Array.isArray(config.stackReferences) ? config.stackReferences : []),
      ...referencedStacks(stackResources),
    ]);
    if (names.size === 0) {
      load.notes.push({
        message:
          'context.stackReferences is true but the pack was sent no StackReference: `pulumi preview` does not send read resources (StackReference, .get) to policy packs. Fix: name the stacks, e.g. "stackReferences": ["acme/network/prod"]',
      });
    }
    const timeoutMs = config.timeoutSeconds * 1000;
    const results = await Promise.all(
      [...names].map(async (name) => [name, await deps.exportStack(name, timeoutMs)] as const),
    );
    for (const [name, result] of results) {
      if (!result.ok) {
        load.notes.push({
          message: `\`pulumi stack export --stack ${name}\` gave no facts: ${result.error}. Facts of stack ${name} stay unknown. Fix: make the stack readable by the identity running the preview, or export it to a file and list it in context.stackExports`,
        });
        continue;
      }
      try {
        addSource(load, {
          origin: `stack ${name}`,
          export: parseContextExport(result.text, `stack ${name}`, `stack ${name}`),
        });
      } catch (error) {
        if (!(error instanceof ContextInputError)) throw error;
        load.notes.push({ message: `\`pulumi stack export --stack ${name}\`: ${error.message}` });
      }
    }
  }
  if (config.aws) {
    load.configured.push("context.aws");
    const known = [...stackResources, ...load.sources.flatMap((source) => source.export.resources)];
    const subnetIds = outsideSubnetIds(stackResources, known);
    const roleArns = outsideRoleArns(stackResources, known);
    if (roleArns.length > 0)
      await describeInto(load, "roles", roleArns, () =>
        deps.describeRoles(roleArns, {
          region: aws.region ?? "us-east-1",
          profile: aws.profile,
          timeoutMs: config.timeoutSeconds * 1000,
        }),
      );
    if (subnetIds.length > 0 && !aws.region) {
      load.notes.push({
        message:
          "context.aws: no region to describe in (set aws:region in the stack config, or region in the pack config)",
      });
    } else if (subnetIds.length > 0) {
      await describeInto(load, "subnets", subnetIds, () =>
        deps.describe(subnetIds, {
          region: aws.region!,
          profile: aws.profile,
          timeoutMs: config.timeoutSeconds * 1000,
        }),
      );
    }
  }
  return load;
}
