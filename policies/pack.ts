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
  StackValidationPolicy,
} from "@pulumi/policy";
import { CONFIG_SCHEMA, stackConfigDefaults } from "./config/pack-config";
import type { LeveledFinding } from "./evaluate";
import { AnalyzeInputs } from "../engine/wire/analyze-inputs";
import { fromPolicyResource, unwrapProperties } from "./policy-resources";
import type { StackResource } from "../engine/stack-resource";
import type { Rule } from "./rules/rule";
import { packFindings, POLICY_NAME } from "./pack-findings";
import { stackSecretText } from "./secrets";

export { RULES } from "./rules";
export type { Rule, Finding } from "./rules/rule";
export { evaluateStack } from "./evaluate";
export { readPackConfig } from "./config/pack-config";

export { POLICY_NAME, packFindings } from "./pack-findings";

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

const DESCRIPTION = "Every Fargate service can reach, and may use, each AWS service its tasks need at start-up.";

export function fargatePreflightPolicies(options: PolicyOptions = {}): PolicyWithCapture[] {
  // The engine calls Analyze for every resource before AnalyzeStack, in this same process.
  const analyzeInputs = options.analyzeInputs ?? new AnalyzeInputs();

  const policy: PolicyWithCapture = {
    name: POLICY_NAME,
    description: DESCRIPTION,
    enforcementLevel: "mandatory",
    configSchema: CONFIG_SCHEMA as unknown as NonNullable<Policies[number]["configSchema"]>,
    validateStack: async (args, reportViolation) => {
      try {
        const sent = options.stackResources?.() ?? args.resources.map(fromPolicyResource);
        const { findings } = await packFindings(
          sent.map((resource) => analyzeInputs.attach(resource)),
          args.getConfig<Record<string, unknown>>(),
          { rules: options.rules, stackConfig: stackConfigDefaults() },
        );
        report(findings, DESCRIPTION, reportViolation);
      } catch (error) {
        // What the engine prints of a failed policy carries no secret text either (evaluateStack's findings never do).
        const secrets = stackSecretText((options.stackResources?.() ?? []).map((r) => analyzeInputs.attach(r)));
        if (!secrets) throw error;
        throw new Error(secrets.scrub((error as Error)?.stack ?? String(error)));
      } finally {
        analyzeInputs.clear();
      }
    },
  };
  // The same policy watches Analyze when asked: a separate one would show in every preview's policy list.
  if (options.captureAnalyzeInputs !== false) captureThroughResourcePolicy(policy, analyzeInputs);

  return [policy];
}
