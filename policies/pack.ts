/**
 * The fargate-preflight policies for `new PolicyPack(...)`: two stack policies, one per
 * enforcement level, over ONE shared analysis. @pulumi/policy deserialises the whole stack
 * again for every stack policy, so one policy per rule would multiply that cost by the
 * number of rules; rule levels are configured in the pack config instead.
 */
import type {
  Policies,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { CONFIG_SCHEMA, contextConfigured, PackConfig, readPackConfig, stackConfigDefaults } from "./analysis/config";
import { evaluateStack, LeveledFinding } from "./evaluate";
import { AnalyzeInputs } from "./stack/analyze-inputs";
import { fromPolicyResource, unwrapProperties } from "./stack/resources";
import type { StackResource } from "./stack/resources";
import type { ContextReport } from "./context/types";
import type { Rule } from "./rules/rule";

export { RULES } from "./rules";
export type { Rule, Finding } from "./rules/rule";
export { evaluateStack } from "./evaluate";
export { readPackConfig } from "./analysis/config";

export const MANDATORY_POLICY = "fargate-preflight";
export const ADVISORY_POLICY = "fargate-preflight-advisory";

export interface PolicyOptions {
  /** Replace the rule set (an organisation's own selection; tests). */
  rules?: readonly Rule[];
  /**
   * Keep the inputs the engine sends to `Analyze` to settle the planned state (default true).
   * Off, the pack settles from `propertyDependencies` alone; the benchmark uses it to price the capture.
   */
  captureAnalyzeInputs?: boolean;
}

/** A cheap identity of one AnalyzeStack request's resources, to share one analysis between the two policies. */
function fingerprint(resources: readonly PolicyResource[]): string {
  let hash = 0;
  for (const resource of resources) {
    for (let i = 0; i < resource.urn.length; i++) hash = (hash * 31 + resource.urn.charCodeAt(i)) | 0;
  }
  return `${resources.length}:${hash}`;
}

function report(
  findings: readonly LeveledFinding[],
  level: LeveledFinding["level"],
  reportViolation: ReportViolation,
): void {
  for (const finding of findings) {
    if (finding.level === level) reportViolation(`[${finding.ruleId}] ${finding.message}`, finding.urn || undefined);
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

export function fargatePreflightPolicies(options: PolicyOptions = {}): Policies {
  // The mandatory policy runs first (the server runs policies in order) and leaves its result
  // for the advisory one; the hand-over is one-shot, so a later request never sees stale findings.
  let handOver: { key: string; findings: LeveledFinding[] } | undefined;
  // The engine calls Analyze for every resource before AnalyzeStack, in this same process.
  const analyzeInputs = new AnalyzeInputs();

  const run = async (args: StackValidationArgs, config: PackConfig): Promise<LeveledFinding[]> => {
    const own = args.resources.map((resource) => analyzeInputs.attach(fromPolicyResource(resource)));
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

  // The mandatory policy is also the one that watches Analyze: the server runs `validateResource`
  // of any policy that has one, and a separate policy would show up in every preview's policy list.
  const mandatory: StackValidationPolicy & {
    validateResource?: (args: ResourceValidationArgs) => void;
  } = {
    name: MANDATORY_POLICY,
    description:
      "Every Fargate service can reach, and may use, each AWS service its tasks need at start-up (mandatory findings).",
    enforcementLevel: "mandatory",
    configSchema: CONFIG_SCHEMA as unknown as NonNullable<Policies[number]["configSchema"]>,
    validateStack: async (args, reportViolation) => {
      const findings = await run(args, readPackConfig(args.getConfig<Record<string, unknown>>()));
      handOver = { key: fingerprint(args.resources), findings };
      report(findings, "mandatory", reportViolation);
    },
  };
  if (options.captureAnalyzeInputs !== false)
    mandatory.validateResource = (args) => analyzeInputs.record(args.type, args.urn, unwrapProperties(args.props));

  return [
    mandatory,
    {
      name: ADVISORY_POLICY,
      description:
        "Facts fargate-preflight could not prove before deployment, and advisory checks (advisory findings).",
      enforcementLevel: "advisory",
      validateStack: async (args, reportViolation) => {
        const shared = handOver?.key === fingerprint(args.resources) ? handOver.findings : undefined;
        handOver = undefined;
        report(shared ?? (await run(args, readPackConfig(undefined))), "advisory", reportViolation);
        analyzeInputs.clear();
      },
    },
  ];
}
