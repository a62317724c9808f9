/**
 * `fargate-preflight check <program-dir>`: runs a Pulumi program offline as a first preview,
 * sends its resources to the policy pack over the Analyzer protocol exactly as
 * `pulumi preview --policy-pack` would, and prints the findings.
 * Exit codes: 0 no mandatory finding, 1 mandatory findings, 2 usage or input errors.
 */
import * as fs from "fs";
import * as path from "path";
import type { StackResource } from "./analyzerClient";
import { PolicyPackProcess } from "./analyzerClient";
import { CheckReport, formatJson, formatSarif, formatText, RuleInfo, toFinding } from "./report";
import { readProgram, UsageError } from "./program";
import { readStackExport } from "./state";
import { ContextExport, exportForStack, readContextExports, withContextConfig } from "./context";

const USAGE = `usage: fargate-preflight check <program-dir> [options]
       fargate-preflight check --state <stack-export.json> [options]

Runs the Pulumi program offline (no cloud credentials, no Pulumi CLI) as a first
'pulumi preview' would see it, and checks every ECS Fargate service with the
fargate-preflight policy pack.

options:
  --state <file>        check a 'pulumi stack export' file instead (a deployed stack)
  --deployed            run the program as if already deployed (every id known)
  --format <f>          text (default), json or sarif on stdout
  --json-file <file>    also write the JSON report to a file
  --sarif-file <file>   also write SARIF 2.1.0 to a file (for code scanning)
  --config <file>       policy pack config (JSON), as for 'pulumi preview --policy-pack-config'
  --context <file>      a 'pulumi stack export' of a stack the program reads (repeatable): it answers
                        the program's StackReference, and its resources join the stack's as
                        deployed facts (pack config context.stackExports)
  --stack <name>        stack whose Pulumi.<stack>.yaml config to use (default: dev)
  --region <region>     AWS region when the stack config has no aws:region
  --account <id>        AWS account id the mocks answer with (default: 123456789012)
  --quiet               no progress on stderr`;

interface Options {
  programDir?: string;
  state?: string;
  deployed: boolean;
  format: "text" | "json" | "sarif";
  jsonFile?: string;
  sarifFile?: string;
  config?: string;
  context: string[];
  stack: string;
  region?: string;
  account: string;
  quiet: boolean;
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command !== "check") throw new UsageError(command ? `unknown command ${command}` : "missing command");
  const options: Options = {
    deployed: false,
    format: "text",
    stack: "dev",
    account: "123456789012",
    quiet: false,
    context: [],
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "--state":
        options.state = value();
        break;
      case "--deployed":
        options.deployed = true;
        break;
      case "--format": {
        const format = value();
        if (format !== "text" && format !== "json" && format !== "sarif")
          throw new UsageError(`--format: expected text, json or sarif, got ${format}`);
        options.format = format;
        break;
      }
      case "--json-file":
        options.jsonFile = value();
        break;
      case "--sarif-file":
        options.sarifFile = value();
        break;
      case "--config":
        options.config = value();
        break;
      case "--context":
        options.context.push(value());
        break;
      case "--stack":
        options.stack = value();
        break;
      case "--region":
        options.region = value();
        break;
      case "--account":
        options.account = value();
        if (!/^\d{12}$/.test(options.account)) throw new UsageError(`--account: expected a 12-digit account id`);
        break;
      case "--quiet":
        options.quiet = true;
        break;
      case "--help":
      case "-h":
        throw new UsageError("");
      default:
        if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
        if (options.programDir)
          throw new UsageError(`one program directory only (got ${options.programDir} and ${arg})`);
        options.programDir = arg;
    }
  }
  if (!options.programDir && !options.state) throw new UsageError("give a program directory or --state <file>");
  if (options.programDir && options.state) throw new UsageError("give a program directory or --state, not both");
  return options;
}

const PACK_DIR = path.join(__dirname, "..", "policies");

function readPackConfigFile(
  file: string | undefined,
): Record<string, { enforcementLevel?: "mandatory" | "advisory" | "disabled"; properties?: Record<string, unknown> }> {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--config ${file}: not readable JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null)
    throw new UsageError(`--config ${file}: expected an object of policy name → config`);
  // The format of --policy-pack-config: { "<policy>": "<level>" | { "enforcementLevel"?: ..., ...properties } }.
  const result: ReturnType<typeof readPackConfigFile> = {};
  for (const [policy, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === "string") result[policy] = { enforcementLevel: value as "mandatory" };
    else if (typeof value === "object" && value !== null) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      result[policy] = { enforcementLevel: enforcementLevel as "mandatory" | undefined, properties };
    }
  }
  return result;
}

async function recordProgram(
  options: Options,
  progress: (text: string) => void,
  context: readonly ContextExport[],
): Promise<{ resources: StackResource[]; target: string; config: Record<string, string>; entry: string }> {
  const program = readProgram(options.programDir!, options.stack);
  const config = { ...program.config };
  if (options.region) config["aws:region"] ??= options.region;
  if (!config["aws:region"])
    throw new UsageError(`${options.programDir}: no aws:region in Pulumi.${options.stack}.yaml; pass --region`);
  progress(
    `running ${path.relative(process.cwd(), program.entry) || program.entry} offline (${options.deployed ? "deployed" : "first preview"})...`,
  );
  // Config and mocks must be in place before the program loads @pulumi/aws.
  const pulumi = await import("@pulumi/pulumi");
  const { recordWithMocks } = await import("./mocks");
  const resources = await recordWithMocks(
    {
      form: options.deployed ? "deployed" : "preview",
      region: config["aws:region"],
      accountId: options.account,
      stackOutputs: (stack) => exportForStack(context, stack)?.outputs,
    },
    program.project,
    options.stack,
  );
  for (const [key, value] of Object.entries(config)) pulumi.runtime.setConfig(key, value);
  const previousDirectory = process.cwd();
  process.chdir(program.directory);
  try {
    require(program.entry);
    await pulumi.runtime.disconnect();
  } catch (error) {
    throw new UsageError(`${options.programDir}: the program failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    process.chdir(previousDirectory);
  }
  return { resources, target: options.programDir!, config, entry: program.entry };
}

/**
 * What an offline run cannot see: components implemented by a provider plugin (awsx and other
 * multi-language components) register no children under mocks, so their resources are not
 * checked here; `pulumi preview --policy-pack` sees them all.
 */
export function offlineBlindSpots(resources: readonly StackResource[]): string[] {
  const parents = new Set(resources.map((resource) => resource.parent).filter((parent): parent is string => !!parent));
  const warnings = resources
    .filter(
      (resource) =>
        !/^(aws|pulumi|fargate-preflight):/.test(resource.type) && !resource.type.startsWith("pulumi:providers:"),
    )
    .filter((resource) => !parents.has(resource.urn))
    .map(
      (resource) =>
        `${resource.type} ${resource.name} is a component implemented by a provider plugin: offline it creates no resources, so what it would create is not checked (run \`pulumi preview --policy-pack\` for those)`,
    );
  if (!resources.some((resource) => resource.type === "aws:ecs/service:Service")) {
    warnings.push("no aws.ecs.Service was registered: there is no Fargate service to check");
  }
  return warnings;
}

export async function main(
  argv: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message ? `fargate-preflight: ${(error as Error).message}\n\n` : ""}${USAGE}\n`,
    );
    return 2;
  }
  const progress = (text: string) => {
    if (!options.quiet) process.stderr.write(`${text}\n`);
  };
  let pack: PolicyPackProcess | undefined;
  try {
    const context = readContextExports(options.context);
    const packConfig = withContextConfig(readPackConfigFile(options.config), context, "fargate-preflight");
    const recorded = options.state
      ? {
          resources: readStackExport(options.state),
          target: options.state,
          config: options.region ? { "aws:region": options.region } : {},
          entry: options.state,
        }
      : await recordProgram(options, progress, context);
    progress(`starting the policy pack in ${path.relative(process.cwd(), PACK_DIR)} as the engine does...`);
    pack = await PolicyPackProcess.start(PACK_DIR, {
      env: {
        PULUMI_CONFIG: JSON.stringify(recorded.config),
        PULUMI_STACK: options.stack,
        PULUMI_DRY_RUN: String(!options.state && !options.deployed),
      },
    });
    const info = await pack.getAnalyzerInfo();
    if (Object.keys(packConfig).length > 0) await pack.configure(packConfig);
    for (const warning of offlineBlindSpots(recorded.resources)) process.stderr.write(`warning: ${warning}\n`);
    progress(`analysing ${recorded.resources.length} resources...`);
    const diagnostics = await pack.analyzeStack(recorded.resources);
    const report: CheckReport = {
      target: recorded.target,
      form: options.state || options.deployed ? "deployed" : "preview",
      resourceCount: recorded.resources.length,
      findings: diagnostics.map(toFinding),
    };
    const { RULES } = await import("../policies/rules");
    const rules: RuleInfo[] = RULES.map((rule) => ({ id: rule.id, description: rule.description, fix: rule.fix }));
    const artifact = options.state ?? path.relative(process.cwd(), recorded.entry);
    const sarif = () => formatSarif(report, rules, artifact.split(path.sep).join("/"), info.version);
    if (options.jsonFile) fs.writeFileSync(options.jsonFile, `${formatJson(report)}\n`);
    if (options.sarifFile) fs.writeFileSync(options.sarifFile, `${sarif()}\n`);
    if (options.format === "json") write(`${formatJson(report)}\n`);
    else if (options.format === "sarif") write(`${sarif()}\n`);
    else write(`${formatText(report)}\n`);
    return report.findings.some((finding) => finding.level === "mandatory") ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fargate-preflight: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await pack?.stop();
  }
}
