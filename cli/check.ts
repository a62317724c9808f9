/**
 * `fargate-preflight check` and `rules`: reads the pack config and the stack (a program run
 * offline, or a stack export), starts the built pack as the engine does, sends it the stack
 * over the Analyzer protocol and prints the reports.
 */
import * as fs from "fs";
import * as path from "path";
import { analyzeLikeEngine, PolicyPackProcess, resolveFromDirectory } from "./analyzerClient";
import { formatMarkdown } from "./markdown";
import { expandAll, PolicyConfigs, validatePackConfig, withPolicyProperties } from "./packConfig";
import { POLICY_NAME } from "../policies/pack";
import { STAND_IN_ACCOUNT_KEY } from "../policies/config/pack-config";
import { UsageError } from "./program";
import { CheckReport, formatJson, formatSarif, formatText, RuleInfo, SarifLocation, toReportedFinding } from "./report";
import { readStateFile } from "./state";
import { readContextExports, withContextConfig } from "./context";
import { acknowledgedReports, evaluateInProcess, withParts, withRunningService } from "./in-process";
import type { Acknowledgement } from "../policies/config/pack-config";
import { jsonNotValidReason } from "../model/json-syntax";
import { checkNestingDepth, InputLimitError, MAX_CONFIG_BYTES, readBoundedText } from "../engine/input-limits";
import { scrub, secretTextOf, setSecretText } from "./printed";
import { EXIT, type Options } from "./arguments";
import { PACK_DIR, ROOT } from "./package-root";
import { recordProgram, type Recorded, offlineBlindSpots } from "./run-program";
import { checkOutputPaths, outputFilesOf, type ReportKind, writeOutputFiles } from "./output-files";

function readConfigFile(file: string | undefined, ruleIds: readonly string[]): PolicyConfigs {
  if (!file) return {};
  let text: string;
  try {
    text = readBoundedText(file, MAX_CONFIG_BYTES, `--config ${file}`);
    checkNestingDepth(text, `--config ${file}`, "json");
  } catch (error) {
    if (error instanceof InputLimitError) throw new UsageError(error.message);
    throw new UsageError(
      `--config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Where, not the text around it (JSON.parse's message quotes it).
    throw new UsageError(`--config ${file}: not readable JSON (${jsonNotValidReason(text, "", () => true)})`);
  }
  const checked = validatePackConfig(parsed, ruleIds);
  if (!checked.configs)
    throw new UsageError(`--config ${file}:\n${checked.problems.map((problem) => `  ${problem}`).join("\n")}`);
  return expandAll(checked.configs);
}

/** SARIF locations relative to the working directory (the repository root in CI), else as file URIs. */
function sarifUri(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  return `file://${path.resolve(file).split(path.sep).join("/")}`;
}

export async function listRules(write: (text: string) => void): Promise<number> {
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

/**
 * The account the offline answers use (getCallerIdentity, and so the ARNs the program builds):
 * --account, else the pack config's accountId, else the placeholder. The program and the pack
 * must agree on it, as they do under a real preview; told one account while the program built
 * its grants in the placeholder's, the pack would report every account-scoped grant as missing.
 */
function answeringAccount(options: Options, config: PolicyConfigs): string {
  if (options.accountGiven) return options.account;
  const stated = config[POLICY_NAME]?.properties?.accountId;
  return typeof stated === "string" && /^\d{12}$/.test(stated) ? stated : options.account;
}

/**
 * The stack config as the pack gets it (`PULUMI_CONFIG`): when the offline answers used a
 * stand-in account, it says so, so that the pack never takes the account a component built its
 * policies with for the stack's.
 */
function packStackConfig(recorded: Recorded): Record<string, string> {
  if (!recorded.standInAccountId) return recorded.config;
  return { ...recorded.config, [STAND_IN_ACCOUNT_KEY]: recorded.standInAccountId };
}

/**
 * A config acknowledgement that matches no finding of this stack: maybe a typo, a resource
 * renamed or a finding fixed. Noted by the command, never reported by the pack, because one pack
 * config serves every stack of a policy group (policies/pack-findings.ts).
 */
function unmatchedNote(acknowledgement: Acknowledgement): string {
  return `the acknowledgement of ${acknowledgement.rule} on ${acknowledgement.resource} matches no finding of this stack`;
}

/**
 * The ids of resources outside the stack in the findings are, offline, ones the run made up for
 * what a lookup returned (`pulumi preview` shows the account's real ones): said once, so no one
 * looks for them in their account.
 */
export function standInNote(
  standInIds: ReadonlyMap<string, string> | undefined,
  findings: readonly { message: string }[],
): string | undefined {
  if (!standInIds || standInIds.size === 0) return undefined;
  const byLookup = new Map<string, string[]>();
  for (const [id, lookup] of standInIds)
    if (findings.some((finding) => finding.message.includes(id)))
      byLookup.set(lookup, [...(byLookup.get(lookup) ?? []), id]);
  if (byLookup.size === 0) return undefined;
  const parts = [...byLookup].map(([lookup, ids]) => `${ids.join(", ")} (from ${lookup})`);
  return `${parts.join("; ")}: ids the offline run made up for what the lookups return; pulumi preview shows your account's real ones`;
}

/**
 * Offline, getCallerIdentity and the ARNs built from it answer with a stand-in account when no
 * account was stated or declared: said when a finding shows it, so no one takes it for theirs.
 */
export function standInAccountNote(
  standInAccountId: string | undefined,
  findings: readonly { message: string }[],
): string | undefined {
  if (!standInAccountId || !findings.some((finding) => finding.message.includes(standInAccountId))) return undefined;
  return `${standInAccountId} in the findings is the account the offline run answered getCallerIdentity with (no account was stated); pass --account or set accountId in the pack config to check with yours`;
}

export async function check(options: Options, write: (text: string) => void): Promise<number> {
  const progress = (text: string) => {
    if (!options.quiet) process.stderr.write(`${text}\n`);
  };
  const outputFiles = outputFilesOf(options);
  checkOutputPaths(outputFiles);
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
    const exported = readStateFile(options.state);
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
    const account = answeringAccount(options, packConfig);
    recorded = await recordProgram(
      { ...options, account },
      progress,
      context,
      options.accountGiven || account !== options.account,
    );
  }
  setSecretText(secretTextOf(recorded.resources, context));
  progress(`starting the policy pack in ${path.relative(process.cwd(), PACK_DIR) || PACK_DIR} as the engine does...`);
  const pack = await PolicyPackProcess.start(PACK_DIR, {
    env: {
      PULUMI_CONFIG: JSON.stringify(packStackConfig(recorded)),
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
      process.stderr.write(`warning: ${scrub(warning)}\n`);
    progress(`analysing ${recorded.resources.length} resources...`);
    const diagnostics = await analyzeLikeEngine(pack, recorded.resources);
    // The command's own run of the pack's evaluation: the parts of each finding (JSON, Markdown),
    // the findings acknowledgements silenced, which no diagnostic carries, and the config's
    // acknowledgements that match nothing here. The pack's diagnostics stay what it reports.
    const inProcess = await evaluateInProcess(
      recorded.resources,
      packConfig[POLICY_NAME]?.properties,
      packStackConfig(recorded),
    );
    const notes = inProcess.unmatched.map((unmatched) => scrub(unmatchedNote(unmatched)));
    // Scrubbed before anything is read from them or escaped for JSON, SARIF or Markdown.
    const reported = diagnostics.map((diagnostic) =>
      toReportedFinding({ ...diagnostic, message: scrub(diagnostic.message) }),
    );
    const madeUp = standInNote(recorded.standInIds, reported);
    if (madeUp) notes.unshift(scrub(madeUp));
    const account = standInAccountNote(recorded.standInAccountId, reported);
    if (account) notes.unshift(scrub(account));
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    const report: CheckReport = {
      target: recorded.target,
      form: options.state || options.deployed ? "deployed" : "preview",
      resourceCount: recorded.resources.length,
      findings: withRunningService(withParts(reported, inProcess.findings), inProcess.analysis),
      acknowledged: acknowledgedReports(inProcess.acknowledged, scrub),
      notes,
    };
    const rules: RuleInfo[] = RULES.map((rule) => ({ id: rule.id, description: rule.description, fix: rule.fix }));
    const locate = (urn: string): SarifLocation => {
      const site = recorded.sites.get(urn);
      return site
        ? { uri: sarifUri(site.file), startLine: site.line, startColumn: site.column }
        : { uri: sarifUri(recorded.entry) };
    };
    const sarif = () => formatSarif(report, rules, info.version, locate);
    const markdown = () => {
      // The table shows what the analysis derived from secret-marked definitions too.
      setSecretText(secretTextOf(recorded.resources, context, inProcess.analysis));
      return scrub(formatMarkdown(report, inProcess.analysis, scrub));
    };
    // JSON and SARIF are built from scrubbed findings only; text is scrubbed again as a whole.
    const formatted = (kind: ReportKind) =>
      kind === "json" ? formatJson(report) : kind === "sarif" ? sarif() : markdown();
    const failedWrites = writeOutputFiles(outputFiles, formatted);
    write(`${options.format === "text" ? scrub(formatText(report, !options.quiet)) : formatted(options.format)}\n`);
    // A report asked for and not written is bad input (the path), said after the report itself.
    for (const failure of failedWrites) process.stderr.write(`fargate-preflight: ${scrub(failure)}\n`);
    if (failedWrites.length > 0) return EXIT.badInput;
    return report.findings.some((finding) => finding.level === "mandatory") ? EXIT.findings : EXIT.pass;
  } finally {
    await pack.stop();
  }
}
