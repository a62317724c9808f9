/**
 * Running a Pulumi program offline as a first preview (or a deployed stack) would run it: the
 * program's stack config and region, its own @pulumi/pulumi and @pulumi/aws, TypeScript as
 * `pulumi preview` registers it, and the engine simulator (engine/simulator) recording what
 * the engine would send the pack.
 */
import * as path from "path";
import type { StackResource } from "../engine/stack-resource";
import { isRegionName } from "../model/partition";
import type { SimulationSettings, StackForm } from "../engine/simulator";
import { outputsUndefinedWith, SDK_RESOLVING_UNKNOWN_ANSWERS } from "../engine/simulator/states";
import { editDistance } from "../policies/config/config-problems";
import { stackConfigOf } from "../policies/config/pack-config";
import { declaredAccount } from "../policies/analysis/providers";
import type { Options } from "./arguments";
import { ContextExport, exportForStack } from "./context";
import { recordDeclarationSites, SourceLocation } from "./declarations";
import { OWN_DIRECTORIES, ROOT } from "./package-root";
import { ProgramInfo, readProgram, UsageError } from "./program";
import { secretTextOf, setSecretText } from "./printed";
import { installAwsxStandIns, NotCheckedError } from "../engine/simulator/awsx";
import { otherSdksError, packagesOnOtherSdks, registerTypeScript, restoreOwnProtobufClasses } from "./program-sdk";

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

/** A failed program, reported as `pulumi preview` reports it (type errors without a stack). */
function programFailure(shownDir: string, error: unknown): UsageError {
  const failure = error as Error;
  if (failure?.name === "TSError") {
    return new UsageError(
      `${shownDir}: the program has TypeScript errors (pulumi preview stops on them too; --skip-typecheck runs it anyway):\n${failure.message}`,
    );
  }
  return new UsageError(`${shownDir}: the program failed: ${programStack(error)}`);
}

/**
 * An error's text with the frames of the program's own code: those of Node's module loader,
 * ts-node, the Pulumi SDK and this command say nothing about the program and are left out.
 */
export function programStack(error: unknown): string {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== "string") return String(error);
  const own = path.join(ROOT, "dist") + path.sep;
  const machinery = (line: string) =>
    /\(node:|\bnode:internal\/|[\\/]ts-node[\\/]|[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(line) ||
    line.includes(own);
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  if (firstFrame < 0) return stack;
  const frames = lines.slice(firstFrame).filter((line) => !machinery(line));
  return [...lines.slice(0, firstFrame), ...frames].join("\n");
}

/** A program run offline: what the engine would send the pack, and what the reports need. */
export interface Recorded {
  resources: StackResource[];
  target: string;
  config: Record<string, string>;
  /** The file findings fall back to in SARIF. */
  entry: string;
  sites: Map<string, SourceLocation>;
  warnings: string[];
  /** The account the offline answers used though nothing stated or declared it: not the stack's. */
  standInAccountId?: string;
  /** Ids the offline lookups made up for resources outside the stack, with the lookup of each. */
  standInIds?: ReadonlyMap<string, string>;
}

/**
 * The account the offline answers use: the one stated (--account, the pack config), else the one
 * the stack config binds the AWS provider to (it would fail on any other), else the stand-in.
 */
function answeredAccount(
  options: Options,
  config: Record<string, string>,
  stated: boolean,
): { id: string; standIn: boolean } {
  if (stated) return { id: options.account, standIn: false };
  const declared = declaredAccount(stackConfigOf(config).awsProvider ?? {});
  return declared.kind === "account" ? { id: declared.id, standIn: false } : { id: options.account, standIn: true };
}

/** The stack config the program runs with, its `aws:region` settled (--region, then the environment). */
function stackConfig(options: Options, program: ProgramInfo, progress: (text: string) => void): Record<string, string> {
  const shownDir = options.programDir!;
  const config = { ...program.config };
  // Like pulumi, a stack without a config file runs on the project's config alone: say so, since a typo in --stack looks the same.
  if (!program.stackFile)
    progress(
      `note: ${shownDir} has no Pulumi.${options.stack}.yaml: stack ${options.stack} runs on the project's config only`,
    );
  const fromConfig = config["aws:region"] !== undefined;
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
  const region = config["aws:region"];
  if (!isRegionName(region)) {
    // Caught here, the mistake names its source; later it would surface as a finding or a component's error.
    const source = fromConfig
      ? `aws:region in ${program.stackFile ? path.basename(program.stackFile) : "the project's config"}`
      : options.region
        ? "--region"
        : process.env.AWS_REGION
          ? "AWS_REGION"
          : "AWS_DEFAULT_REGION";
    throw new UsageError(`${source}: expected an AWS region name such as us-east-1, got ${JSON.stringify(region)}`);
  }
  return config;
}

/**
 * Loads the program's modules, which is when it declares its resources; resolves once every
 * registration has completed. This is the one place the program's code runs: what the
 * simulator must put in place of a package before the program requires it (stand-ins for
 * components a provider plugin implements, such as @pulumi/awsx's, engine/simulator) goes
 * here, before `require(program.entry)`.
 */
async function loadProgram(program: ProgramInfo, pulumiModule: typeof import("@pulumi/pulumi")): Promise<void> {
  const previousDirectory = process.cwd();
  process.chdir(program.directory);
  try {
    // As the SDK's cmd/run runs a CommonJS program: inside the root stack resource (which
    // registerStackTransformation needs, and every top-level resource has as parent), and an
    // exported function is the program: it is called and awaited.
    const run = pulumiModule.runtime.runInPulumiStack(async () => {
      const exported = require(program.entry) as unknown;
      return exported instanceof Function ? await (exported as () => unknown)() : exported;
    });
    // When a registration waits on something that never comes (e.g. a component whose own
    // registration failed), the event loop drains with the program unfinished: Node would exit
    // 1 with no report. beforeExit is that moment; rejecting there keeps the process alive to report.
    let onDrained = () => {};
    const drained = new Promise<never>((_, reject) => {
      onDrained = () => reject(new ProgramStalled());
      process.once("beforeExit", onDrained);
    });
    try {
      await Promise.race([run.then(() => pulumiModule.runtime.disconnect()), drained]);
    } finally {
      process.off("beforeExit", onDrained);
    }
  } finally {
    process.chdir(previousDirectory);
  }
}

/** The program's registrations never completed, and nothing was left to run. */
class ProgramStalled extends Error {
  constructor() {
    super("the program never finished: some resource registrations were still waiting when nothing was left to run");
  }
}

/** Runs the program offline under the engine simulator and returns what the engine would send the pack. */
export async function recordProgram(
  options: Options,
  progress: (text: string) => void,
  context: readonly ContextExport[] = [],
  /** `options.account` is the stack's, stated by the user (--account, the pack config's accountId). */
  accountStated = options.accountGiven,
): Promise<Recorded> {
  const shownDir = options.programDir!;
  const program = readProgram(shownDir, options.stack);
  const config = stackConfig(options, program, progress);
  const account = answeredAccount(options, config, accountStated);
  const pulumiDir = programPackageDirectory("@pulumi/pulumi", program.directory, shownDir);
  programPackageDirectory("@pulumi/aws", program.directory, shownDir);
  const typescript = program.typescript && /\.tsx?$/.test(program.entry);
  progress(
    `running ${path.relative(process.cwd(), program.entry) || program.entry} offline (${options.deployed ? "deployed" : "first preview"}${typescript && options.typeCheck ? ", type-checked" : ""})...`,
  );
  const pulumiModule = require(pulumiDir) as typeof import("@pulumi/pulumi");
  if (typescript) registerTypeScript(program.directory, pulumiDir, options.typeCheck);
  const sites = recordDeclarationSites(pulumiDir, OWN_DIRECTORIES);
  // The simulator and config must be in place before the program loads @pulumi/aws.
  const { recordWithMocks, finishRecording, lookupStandInIds } = await import("../engine/simulator");
  const settings: SimulationSettings = {
    form: options.deployed ? "deployed" : "preview",
    region: config["aws:region"],
    accountId: account.id,
    stackOutputs: (stack) => exportForStack(context, stack)?.outputs,
    stackSecretOutputNames: (stack) => exportForStack(context, stack)?.secretOutputNames ?? [],
  };
  const resources = await recordWithMocks(pulumiModule, settings, program.project, options.stack);
  // The program's @pulumi/awsx components are built offline by stand-ins; any other remote component is watched for.
  const awsx = installAwsxStandIns(program.directory, pulumiModule);
  pulumiModule.runtime.setAllConfig(config, program.secretKeys);
  // Errors thrown in the program's callbacks surface as unhandled rejections: they are the program's failures.
  const asyncFailures: unknown[] = [];
  const onFailure = (error: unknown) => void asyncFailures.push(error);
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  let failure: { error: unknown } | undefined;
  const loadedBefore = new Set(Object.keys(require.cache));
  try {
    await loadProgram(program, pulumiModule);
  } catch (error) {
    failure = { error };
  } finally {
    process.off("unhandledRejection", onFailure);
    process.off("uncaughtException", onFailure);
    awsx.uninstall();
    restoreOwnProtobufClasses();
  }
  // What was registered: its secret text is not printed in any failure either.
  setSecretText(secretTextOf(resources, context));
  // Registrations through another copy of @pulumi/pulumi never reached the simulator: no verdict on what is left.
  const others = packagesOnOtherSdks(
    Object.keys(require.cache).filter((file) => !loadedBefore.has(file)),
    pulumiDir,
  );
  if (others.length > 0) {
    await finishRecording(resources, { tolerateProgramErrors: true }).catch(() => undefined);
    throw otherSdksError(shownDir, pulumiDir, others);
  }
  // A component that was not constructed makes the stack incomplete, whatever else happened: never a verdict on it.
  const notConstructed = awsx.notConstructed();
  if (notConstructed.length > 0) {
    await finishRecording(resources, { tolerateProgramErrors: true }).catch(() => undefined);
    throw new NotCheckedError(notConstructed);
  }
  if (failure) {
    // A lookup the simulator cannot answer explains the failure best; the program's own error is reported below.
    await finishRecording(resources, { tolerateProgramErrors: true });
    // A stalled program is explained by the error that stalled it, when the program left one.
    throw programFailure(
      shownDir,
      failure.error instanceof ProgramStalled ? (asyncFailures[0] ?? failure.error) : failure.error,
    );
  }
  await finishRecording(resources);
  if (asyncFailures.length > 0) throw programFailure(shownDir, asyncFailures[0]);
  const warnings = program.secretKeys.map(
    (key) => `config ${key} is a secret (secure:), which cannot be decrypted offline: the program sees a placeholder`,
  );
  const sdkVersion = String((require(path.join(pulumiDir, "package.json")) as { version: string }).version);
  warnings.push(...undefinedOutputsWarnings(sdkVersion, settings.form, resources));
  const standInAccountId = account.standIn ? account.id : undefined;
  const standInIds = lookupStandInIds(resources);
  return { resources, target: shownDir, config, entry: program.entry, sites, warnings, standInAccountId, standInIds };
}

/**
 * A deployed run on an SDK that resolves the outputs the simulator cannot name as undefined
 * (engine/simulator states.ts, outputsUndefinedWith): the program may have read undefined there.
 */
export function undefinedOutputsWarnings(
  sdkVersion: string,
  form: StackForm,
  resources: readonly StackResource[],
): string[] {
  const affected = outputsUndefinedWith(sdkVersion, form, resources);
  if (affected.length === 0) return [];
  const named = affected.slice(0, 3).map((resource) => `${resource.type} ${resource.name}`);
  const more = affected.length > 3 ? ` and ${affected.length - 3} more` : "";
  return [
    `--deployed: the offline check cannot know every output of ${named.join(", ")}${more}; the program's @pulumi/pulumi ${sdkVersion} resolves them as undefined, where ${SDK_RESOLVING_UNKNOWN_ANSWERS} and later resolve them as unknown: upgrade it if the program reads them`,
  ];
}

/**
 * What a run found nothing to check in. (A component a provider plugin constructs is not a
 * blind spot but a refusal: recordProgram ends such a run as not checked, exit 4.)
 */
export function offlineBlindSpots(resources: readonly StackResource[]): string[] {
  return resources.some((resource) => resource.type === "aws:ecs/service:Service")
    ? []
    : ["no aws.ecs.Service was registered: there is no Fargate service to check"];
}
