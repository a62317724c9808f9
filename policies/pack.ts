/**
 * The fargate-preflight policy for `new PolicyPack(...)`: ONE stack policy over one analysis.
 * @pulumi/policy deserialises the whole stack again for every stack policy (its server's
 * AnalyzeStack loop), so each extra policy costs as much as reading the stack; findings carry
 * their own level instead (rule levels are pack config, `levels`).
 */
import type {
  EnforcementLevel,
  Policies,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { CONFIG_SCHEMA, contextConfigured, PackConfig, readPackConfig, stackConfigDefaults } from "./analysis/config";
import { evaluateStack, LeveledFinding } from "./evaluate";
import { packConfigProblems } from "./analysis/config-problems";
import { CONFIG_PROBLEM_ID, RULES } from "./rules";
import { AnalyzeInputs } from "./stack/analyze-inputs";
import { fromPolicyResource, unwrapProperties } from "./stack/resources";
import type { StackResource } from "./stack/resources";
import type { ContextReport } from "./context/types";
import type { Rule } from "./rules/rule";

export { RULES } from "./rules";
export type { Rule, Finding } from "./rules/rule";
export { evaluateStack } from "./evaluate";
export { readPackConfig } from "./analysis/config";

export const POLICY_NAME = "fargate-preflight";

export interface PolicyOptions {
  /** Replace the rule set (an organisation's own selection; tests). */
  rules?: readonly Rule[];
  /**
   * Keep the inputs the engine sends to `Analyze` through the policy's `validateResource`
   * (default true). Off, nothing is kept unless `analyzeInputs` is fed from elsewhere (the
   * pack's entry reads the gRPC requests: stack/analyze-requests.ts), else the pack settles
   * from `propertyDependencies` alone; the benchmark uses that to price the capture.
   */
  captureAnalyzeInputs?: boolean;
  /** Where the `Analyze` inputs are kept (default: a store of this policy's own). */
  analyzeInputs?: AnalyzeInputs;
  /**
   * The resources of the AnalyzeStack call being handled when the pack's entry read them from
   * the request (stack/analyze-requests.ts); when it gives none, @pulumi/policy's are read.
   */
  stackResources?: () => StackResource[] | undefined;
}

export type PolicyWithCapture = StackValidationPolicy & { validateResource?: (args: ResourceValidationArgs) => void };

/** Keeps the `Analyze` inputs through `validateResource`: @pulumi/policy then deserialises every request for it. */
export function captureThroughResourcePolicy(policy: PolicyWithCapture, analyzeInputs: AnalyzeInputs): void {
  policy.validateResource = (args) => analyzeInputs.record(args.type, args.urn, unwrapProperties(args.props));
}

/**
 * A violation with its own level: @pulumi/policy 1.20+ takes `reportViolation({ message, urn,
 * enforcementLevel })` (ReportViolationArgs, added in pulumi/pulumi-policy bcc582f and marked
 * internal; the peer range starts at 1.21), and the engine acts on each diagnostic's level.
 * Without a level the policy's own (configured) level applies.
 */
type LeveledReport = (violation: { message: string; urn?: string; enforcementLevel?: EnforcementLevel }) => void;

/** The description first, as @pulumi/policy writes a plain report, so messages read as before. */
function report(findings: readonly LeveledFinding[], description: string, reportViolation: ReportViolation): void {
  const leveled = reportViolation as unknown as LeveledReport;
  for (const finding of findings) {
    leveled({
      message: `${description}\n[${finding.ruleId}] ${finding.message}`,
      urn: finding.urn || undefined,
      // Mandatory findings take the policy's level, so an organisation that sets the policy to advisory gets no blocking finding.
      enforcementLevel: finding.level === "advisory" ? "advisory" : undefined,
    });
  }
}

/** Outside facts, loaded only when the config asks for them: a pack without context starts no slower. */
async function withContext(
  own: StackResource[],
  config: PackConfig,
): Promise<{ resources: StackResource[]; context?: ContextReport }> {
  if (!contextConfigured(config)) return { resources: own };
  const context = await import("./context");
  return context.withContext(own, config);
}

/** A config the schema let through but that would change nothing as written: one mandatory finding on the stack. */
function configFindings(raw: Record<string, unknown>, rules: readonly Rule[]): LeveledFinding[] {
  const problems = packConfigProblems(
    raw,
    rules.map((rule) => rule.id),
    POLICY_NAME,
  );
  if (problems.length === 0) return [];
  return [
    {
      ruleId: CONFIG_PROBLEM_ID,
      urn: "",
      level: "mandatory",
      message:
        `The pack config has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} the engine's schema check lets through, so as written part of it does nothing: ${problems.join("; ")}.\n` +
        "Fix: correct the policy pack config (pulumi preview --policy-pack-config, or the policy group's config); `npx fargate-preflight check --config <file>` checks it offline.",
    },
  ];
}

const DESCRIPTION = "Every Fargate service can reach, and may use, each AWS service its tasks need at start-up.";

export function fargatePreflightPolicies(options: PolicyOptions = {}): PolicyWithCapture[] {
  // The engine calls Analyze for every resource before AnalyzeStack, in this same process.
  const analyzeInputs = options.analyzeInputs ?? new AnalyzeInputs();

  const run = async (args: StackValidationArgs, config: PackConfig): Promise<LeveledFinding[]> => {
    const sent = options.stackResources?.() ?? args.resources.map(fromPolicyResource);
    const own = sent.map((resource) => analyzeInputs.attach(resource));
    const { resources, context } = await withContext(own, config);
    const findings = evaluateStack(resources, config, {
      rules: options.rules,
      stackRegion: stackConfigDefaults().region,
      context,
    });
    // A finding on a resource of another stack is reported on the stack (its message names the resource and where it is from).
    const ownUrns = new Set(own.map((resource) => resource.urn));
    return findings.map((finding) => (ownUrns.has(finding.urn) ? finding : { ...finding, urn: "" }));
  };

  const policy: PolicyWithCapture = {
    name: POLICY_NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    configSchema: CONFIG_SCHEMA as unknown as NonNullable<Policies[number]["configSchema"]>,
    validateStack: async (args, reportViolation) => {
      try {
        const raw = args.getConfig<Record<string, unknown>>();
        const findings = await run(args, readPackConfig(raw));
        report([...configFindings(raw, options.rules ?? RULES), ...findings], DESCRIPTION, reportViolation);
      } finally {
        analyzeInputs.clear();
      }
    },
  };
  // The same policy watches Analyze when asked: a separate one would show in every preview's policy list.
  if (options.captureAnalyzeInputs !== false) captureThroughResourcePolicy(policy, analyzeInputs);

  return [policy];
}
