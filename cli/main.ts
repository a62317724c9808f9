/**
 * `fargate-preflight check <program-dir>`: runs a Pulumi program offline as a first preview,
 * with the program's own @pulumi/pulumi and @pulumi/aws as `pulumi preview` loads them, sends
 * its resources to the built policy pack over the Analyzer protocol as the engine would, and
 * prints the findings. `fargate-preflight rules` lists the rules.
 */
import * as fs from "fs";
import * as path from "path";
import type { StackResource } from "./analyzerClient";
import { analyzeLikeEngine, PolicyPackProcess, resolveFromDirectory } from "./analyzerClient";
import { recordDeclarationSites, SourceLocation } from "./declarations";
import { formatMarkdown } from "./markdown";
import { expandAll, PolicyConfigs, validatePackConfig, withPolicyProperties } from "./packConfig";
import { POLICY_NAME } from "../policies/pack";
import { editDistance } from "../policies/analysis/config-problems";
import { readProgram, UsageError } from "./program";
import { CheckReport, formatJson, formatSarif, formatText, RuleInfo, SarifLocation, toFinding } from "./report";
import { readStackExport } from "./state";
import { ContextExport, exportForStack, readContextExports, withContextConfig } from "./context";
import type { StackAnalysis } from "../policies/analysis/analyze";
import { unwrapSecrets } from "../model/unknown";

/** Exit codes, each in --help. */
export const EXIT = { pass: 0, findings: 1, badInput: 2, internal: 3 } as const;

const FORMATS = ["text", "json", "sarif", "markdown"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: fargate-preflight check <program-dir> [options]
       fargate-preflight check --state <stack-export.json> [options]
       fargate-preflight rules
       fargate-preflight --help | --version

check runs the Pulumi program offline (no cloud credentials, no Pulumi CLI) as a
first 'pulumi preview' would see it, with the program's own @pulumi/pulumi and
@pulumi/aws (run npm install in the program first), and checks every ECS Fargate
service with the fargate-preflight policy pack. TypeScript programs are
type-checked first, as 'pulumi preview' does.

options of check:
  --state <file>          check a 'pulumi stack export' file instead (a deployed stack)
  --deployed              run the program as if already deployed (every id known)
  --format <f>            text (default), json, sarif or markdown on stdout
  --json-file <file>      also write the JSON report to a file
  --sarif-file <file>     also write SARIF 2.1.0 to a file (for code scanning)
  --markdown-file <file>  also write the Markdown report to a file (for a PR comment)
  --config <file>         policy pack config (JSON), as for 'pulumi preview --policy-pack-config'
  --context <file>        a 'pulumi stack export' of a stack the program reads (repeatable): it
                          answers the program's StackReference, and its resources join the
                          stack's as deployed facts (pack config context.stackExports)
  --stack <name>          stack whose Pulumi.<stack>.yaml config to use (default: dev)
  --region <region>       AWS region when the stack config has no aws:region (else AWS_REGION, AWS_DEFAULT_REGION)
  --account <id>          the stack's AWS account id: the mocks answer with it and the pack
                          gets it as accountId (default: the mocks answer 123456789012 and
                          the pack is not told the account)
  --skip-typecheck        run a TypeScript program without type-checking it
  --quiet                 no progress on stderr

exit codes:
  0  passed: no mandatory finding
  1  mandatory findings
  2  bad input: usage, program, config, state file, or a program that fails or has type errors
  3  internal error of fargate-preflight (please report it)`;

interface Options {
  programDir?: string;
  state?: string;
  deployed: boolean;
  format: Format;
  jsonFile?: string;
  sarifFile?: string;
  markdownFile?: string;
  config?: string;
  context: string[];
  stack: string;
  region?: string;
  account: string;
  /** --account was given: the user states the stack's account, so the pack is told it too (accountId). */
  accountGiven: boolean;
  typeCheck: boolean;
  quiet: boolean;
}

type Command = { kind: "help" } | { kind: "version" } | { kind: "rules" } | { kind: "check"; options: Options };

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError("missing command");
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return { kind: "help" };
  if (command === "--version" || command === "-v") return { kind: "version" };
  if (command === "rules") {
    if (rest.some((arg) => arg === "--help" || arg === "-h")) return { kind: "help" };
    if (rest.length > 0) throw new UsageError(`rules takes no arguments (got ${rest.join(" ")})`);
    return { kind: "rules" };
  }
  if (command !== "check") throw new UsageError(`unknown command ${command}`);
  const options: Options = {
    deployed: false,
    format: "text",
    stack: "dev",
    account: "123456789012",
    accountGiven: false,
    typeCheck: true,
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
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`--format: expected ${FORMATS.join(", ")}, got ${format}`);
        options.format = format as Format;
        break;
      }
      case "--json-file":
        options.jsonFile = value();
        break;
      case "--sarif-file":
        options.sarifFile = value();
        break;
      case "--markdown-file":
        options.markdownFile = value();
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
        options.accountGiven = true;
        if (!/^\d{12}$/.test(options.account)) throw new UsageError(`--account: expected a 12-digit account id`);
        break;
      case "--skip-typecheck":
        options.typeCheck = false;
        break;
      case "--quiet":
        options.quiet = true;
        break;
      case "--help":
      case "-h":
        return { kind: "help" };
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        if (options.programDir)
          throw new UsageError(`one program directory only (got ${options.programDir} and ${arg})`);
        options.programDir = arg;
    }
  }
  if (!options.programDir && !options.state) throw new UsageError("give a program directory or --state <file>");
  if (options.programDir && options.state) throw new UsageError("give a program directory or --state, not both");
  return { kind: "check", options };
}

/** fargate-preflight's own root: the directory of its package.json (dist/cli/.. /.. installed, cli/.. in a clone). */
export function packageRoot(from = __dirname): string {
  for (let directory = from; ; directory = path.dirname(directory)) {
    const manifest = path.join(directory, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "fargate-preflight")
      return directory;
    if (path.dirname(directory) === directory) throw new Error(`no fargate-preflight package.json above ${from}`);
  }
}

const ROOT = packageRoot();
/** The built, self-contained pack (npm run build); the same directory users pass to --policy-pack. */
export const PACK_DIR = path.join(ROOT, "policy-pack");
/** fargate-preflight's own code: frames there are skipped when locating a resource's declaration. */
const OWN_DIRECTORIES = ["dist", "cli", "components", "model", "policies"].map((name) => path.join(ROOT, name));

function version(): string {
  return String(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
}

function readConfigFile(file: string | undefined, ruleIds: readonly string[]): PolicyConfigs {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--config ${file}: not readable JSON (${(error as Error).message})`);
  }
  const checked = validatePackConfig(parsed, ruleIds);
  if (!checked.configs)
    throw new UsageError(`--config ${file}:\n${checked.problems.map((problem) => `  ${problem}`).join("\n")}`);
  return expandAll(checked.configs);
}

/** The program's own copy of a package, resolved from the program directory as Node resolves it. */
function programPackageDirectory(name: string, programDir: string, shownDir: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [programDir] }));
  } catch {
    throw new UsageError(
      `${shownDir}: cannot find ${name} from the program directory; run npm install there (the check loads the program's own ${name}, as pulumi preview does)`,
    );
  }
}

interface TsUtils {
  typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
  loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
}

/**
 * Registers ts-node as the program's @pulumi/pulumi does for `pulumi preview` (cmd/run): its
 * ts-node and typescript (the program's, else the SDK's vendored ones), the program's
 * tsconfig.json, type-checking unless asked not to (--skip-typecheck, PULUMI_NODEJS_TRANSPILE_ONLY
 * or the tsconfig's noCheck).
 */
function registerTypeScript(programDir: string, pulumiDir: string, typeCheck: boolean): void {
  const tsutils = require(path.join(pulumiDir, "tsutils")) as TsUtils;
  const names = tsutils.typeScriptRequireStrings();
  // The names are found from the program's @pulumi/pulumi (bare, else its vendored copies' paths):
  // resolved there too, not from this package, which may sit in another node_modules tree.
  const fromPulumi = (name: string) => (path.isAbsolute(name) ? name : require.resolve(name, { paths: [pulumiDir] }));
  const tsnodeRequire = fromPulumi(names.tsnodeRequire);
  const typescriptRequire = fromPulumi(names.typescriptRequire);
  const tsConfigPath = path.resolve(programDir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
  const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = !typeCheck || (transpileOnlyEnv ? transpileOnlyEnv === "true" : !!compilerOptions.noCheck);
  const typescriptVersion = String((require(typescriptRequire) as { version: string }).version)
    .split(".")
    .map(Number);
  const nodeNext = typescriptVersion[0] > 4 || (typescriptVersion[0] === 4 && typescriptVersion[1] >= 7);
  const tsNode = require(tsnodeRequire) as { register(options: Record<string, unknown>): unknown };
  tsNode.register({
    compiler: typescriptRequire,
    transpileOnly,
    project: tsConfigPath,
    skipProject: !fs.existsSync(tsConfigPath),
    cwd: programDir,
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: true,
      ...compilerOptions,
    },
  });
}

/** A failed program, reported as `pulumi preview` reports it (type errors without a stack). */
function programFailure(shownDir: string, error: unknown): UsageError {
  const failure = error as Error;
  if (failure?.name === "TSError") {
    return new UsageError(
      `${shownDir}: the program has TypeScript errors (pulumi preview stops on them too; --skip-typecheck runs it anyway):\n${failure.message}`,
    );
  }
  return new UsageError(`${shownDir}: the program failed: ${failure?.stack ?? String(error)}`);
}

interface Recorded {
  resources: StackResource[];
  target: string;
  config: Record<string, string>;
  /** The file findings fall back to in SARIF. */
  entry: string;
  sites: Map<string, SourceLocation>;
  warnings: string[];
}

async function recordProgram(
  options: Options,
  progress: (text: string) => void,
  context: readonly ContextExport[] = [],
): Promise<Recorded> {
  const shownDir = options.programDir!;
  const program = readProgram(shownDir, options.stack);
  const config = { ...program.config };
  // Like pulumi, a stack without a config file runs on the project's config alone: say so, since a typo in --stack looks the same.
  if (!program.stackFile)
    progress(
      `note: ${shownDir} has no Pulumi.${options.stack}.yaml: stack ${options.stack} runs on the project's config only`,
    );
  if (options.region) config["aws:region"] ??= options.region;
  // The AWS provider takes its region from the environment when the config has none (its
  // `region` setting: AWS_REGION, then AWS_DEFAULT_REGION), and so does @pulumi/aws's `aws.config.region`.
  const environmentRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!config["aws:region"] && environmentRegion) {
    config["aws:region"] = environmentRegion;
    progress(`note: region ${environmentRegion} from ${process.env.AWS_REGION ? "AWS_REGION" : "AWS_DEFAULT_REGION"}`);
  }
  if (!config["aws:region"]) {
    const typo = Object.keys(config).find((key) => key !== "aws:region" && editDistance(key, "aws:region") <= 2);
    const where = program.stackFile
      ? `no aws:region in ${path.basename(program.stackFile)}`
      : `no Pulumi.${options.stack}.yaml (is --stack ${options.stack} right?), no aws:region in the project's config`;
    throw new UsageError(
      `${shownDir}: ${where} and no AWS_REGION or AWS_DEFAULT_REGION; pass --region` +
        (typo ? ` (the config has ${typo}: did you mean aws:region?)` : ""),
    );
  }
  const pulumiDir = programPackageDirectory("@pulumi/pulumi", program.directory, shownDir);
  programPackageDirectory("@pulumi/aws", program.directory, shownDir);
  const typescript = program.typescript && /\.tsx?$/.test(program.entry);
  progress(
    `running ${path.relative(process.cwd(), program.entry) || program.entry} offline (${options.deployed ? "deployed" : "first preview"}${typescript && options.typeCheck ? ", type-checked" : ""})...`,
  );
  const pulumiModule = require(pulumiDir) as typeof import("@pulumi/pulumi");
  if (typescript) registerTypeScript(program.directory, pulumiDir, options.typeCheck);
  const sites = recordDeclarationSites(pulumiDir, OWN_DIRECTORIES);
  // Mocks and config must be in place before the program loads @pulumi/aws.
  const { recordWithMocks, finishRecording } = await import("./mocks");
  const resources = await recordWithMocks(
    pulumiModule,
    {
      form: options.deployed ? "deployed" : "preview",
      region: config["aws:region"],
      accountId: options.account,
      stackOutputs: (stack) => exportForStack(context, stack)?.outputs,
    },
    program.project,
    options.stack,
  );
  pulumiModule.runtime.setAllConfig(config, program.secretKeys);
  // Errors thrown in the program's callbacks surface as unhandled rejections: they are the program's failures.
  const asyncFailures: unknown[] = [];
  const onFailure = (error: unknown) => void asyncFailures.push(error);
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  const previousDirectory = process.cwd();
  process.chdir(program.directory);
  try {
    require(program.entry);
    await pulumiModule.runtime.disconnect();
  } catch (error) {
    await finishRecording(resources); // a lookup the mocks cannot answer explains the failure best
    throw programFailure(shownDir, error);
  } finally {
    process.chdir(previousDirectory);
    process.off("unhandledRejection", onFailure);
    process.off("uncaughtException", onFailure);
  }
  await finishRecording(resources);
  if (asyncFailures.length > 0) throw programFailure(shownDir, asyncFailures[0]);
  const warnings = program.secretKeys.map(
    (key) => `config ${key} is a secret (secure:), which cannot be decrypted offline: the program sees a placeholder`,
  );
  return { resources, target: shownDir, config, entry: program.entry, sites, warnings };
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

/** SARIF locations relative to the working directory (the repository root in CI), else as file URIs. */
function sarifUri(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  return `file://${path.resolve(file).split(path.sep).join("/")}`;
}

/** The pack's analysis run in process on the same resources, for the Markdown table and flowcharts. */
export async function analyseInProcess(
  resources: readonly StackResource[],
  properties: Record<string, unknown> | undefined,
  region: string | undefined,
): Promise<StackAnalysis> {
  const { analyzeStack } = await import("../policies/analysis/analyze");
  const { readPackConfig } = await import("../policies/analysis/config");
  return analyzeStack(
    resources.map((resource) => ({
      type: resource.type,
      urn: resource.urn,
      name: resource.name,
      props: unwrapSecrets(resource.properties) as Record<string, unknown>,
      parent: resource.parent,
      dependencies: resource.dependencies ?? [],
      propertyDependencies: resource.propertyDependencies ?? {},
      // What Analyze showed the pack, when the resource has it: the pack settles a first preview with it.
      inputs: resource.inputs ? (unwrapSecrets(resource.inputs) as Record<string, unknown>) : undefined,
    })),
    readPackConfig(properties),
    region,
  );
}

async function listRules(write: (text: string) => void): Promise<number> {
  const { EVALUATION_FINDINGS, RULES } = await import("../policies/rules");
  const width = Math.max(...[...RULES, ...EVALUATION_FINDINGS].map((rule) => rule.id.length));
  for (const rule of RULES) write(`${rule.id.padEnd(width)}  ${rule.defaultLevel.padEnd(9)}  ${rule.description}\n`);
  write("\nFindings of the evaluation itself (their levels are fixed):\n");
  for (const finding of EVALUATION_FINDINGS) write(`${finding.id.padEnd(width)}  ${finding.description}\n`);
  return EXIT.pass;
}

/** --account states the stack's account: the pack gets it as accountId unless --config already sets one. */
function withStatedAccount(config: PolicyConfigs, options: Options): PolicyConfigs {
  if (!options.accountGiven) return config;
  return withPolicyProperties(config, POLICY_NAME, (properties) => ({ accountId: options.account, ...properties }));
}

async function check(options: Options, write: (text: string) => void): Promise<number> {
  const progress = (text: string) => {
    if (!options.quiet) process.stderr.write(`${text}\n`);
  };
  const { RULES } = await import("../policies/rules");
  const context = readContextExports(options.context);
  const packConfig = withStatedAccount(
    withContextConfig(
      readConfigFile(
        options.config,
        RULES.map((rule) => rule.id),
      ),
      context,
      POLICY_NAME,
    ),
    options,
  );
  if (!fs.existsSync(path.join(PACK_DIR, "package.json")))
    throw new Error(`the policy pack is not built (${PACK_DIR}): run npm run build in ${ROOT}`);
  try {
    resolveFromDirectory("@pulumi/policy", PACK_DIR);
  } catch {
    throw new UsageError(
      "@pulumi/policy is not installed next to fargate-preflight: npm install --save-dev @pulumi/policy (a peer dependency)",
    );
  }
  let recorded: Recorded;
  if (options.state) {
    const exported = readStackExport(options.state);
    const region = options.region ?? exported.region;
    recorded = {
      resources: exported.resources,
      target: options.state,
      config: region ? { "aws:region": region } : {},
      entry: options.state,
      sites: new Map(),
      warnings: exported.warnings,
    };
  } else {
    recorded = await recordProgram(options, progress, context);
  }
  progress(`starting the policy pack in ${path.relative(process.cwd(), PACK_DIR) || PACK_DIR} as the engine does...`);
  const pack = await PolicyPackProcess.start(PACK_DIR, {
    env: {
      PULUMI_CONFIG: JSON.stringify(recorded.config),
      PULUMI_STACK: options.stack,
      PULUMI_DRY_RUN: String(!options.state && !options.deployed),
    },
  });
  try {
    const info = await pack.getAnalyzerInfo();
    if (Object.keys(packConfig).length > 0) {
      // The engine fills in each policy's own level when the config gives none.
      const levels = new Map(info.policies.map((policy) => [policy.name, policy.enforcementLevel]));
      await pack.configure(
        Object.fromEntries(
          Object.entries(packConfig).map(([policy, value]) => [
            policy,
            { ...value, enforcementLevel: value.enforcementLevel ?? levels.get(policy) },
          ]),
        ),
      );
    }
    for (const warning of [...recorded.warnings, ...offlineBlindSpots(recorded.resources)])
      process.stderr.write(`warning: ${warning}\n`);
    progress(`analysing ${recorded.resources.length} resources...`);
    const diagnostics = await analyzeLikeEngine(pack, recorded.resources);
    const report: CheckReport = {
      target: recorded.target,
      form: options.state || options.deployed ? "deployed" : "preview",
      resourceCount: recorded.resources.length,
      findings: diagnostics.map(toFinding),
    };
    const rules: RuleInfo[] = RULES.map((rule) => ({ id: rule.id, description: rule.description, fix: rule.fix }));
    const locate = (urn: string): SarifLocation => {
      const site = recorded.sites.get(urn);
      return site
        ? { uri: sarifUri(site.file), startLine: site.line, startColumn: site.column }
        : { uri: sarifUri(recorded.entry) };
    };
    const sarif = () => formatSarif(report, rules, info.version, locate);
    const markdown = async () =>
      formatMarkdown(
        report,
        await analyseInProcess(recorded.resources, packConfig[POLICY_NAME]?.properties, recorded.config["aws:region"]),
      );
    if (options.jsonFile) fs.writeFileSync(options.jsonFile, `${formatJson(report)}\n`);
    if (options.sarifFile) fs.writeFileSync(options.sarifFile, `${sarif()}\n`);
    if (options.markdownFile) fs.writeFileSync(options.markdownFile, `${await markdown()}\n`);
    if (options.format === "json") write(`${formatJson(report)}\n`);
    else if (options.format === "sarif") write(`${sarif()}\n`);
    else if (options.format === "markdown") write(`${await markdown()}\n`);
    else write(`${formatText(report)}\n`);
    return report.findings.some((finding) => finding.level === "mandatory") ? EXIT.findings : EXIT.pass;
  } finally {
    await pack.stop();
  }
}

export async function main(
  argv: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`fargate-preflight: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.badInput;
  }
  try {
    switch (command.kind) {
      case "help":
        write(`${USAGE}\n`);
        return EXIT.pass;
      case "version":
        write(`fargate-preflight ${version()}\n`);
        return EXIT.pass;
      case "rules":
        return await listRules(write);
      case "check":
        return await check(command.options, write);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fargate-preflight: ${error.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(
      `fargate-preflight: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`,
    );
    return EXIT.internal;
  }
}
