/**
 * What the pack reports for one stack: the problems of its configuration, then every rule's
 * findings with their levels. The pack runs this per AnalyzeStack request; the offline command
 * runs the same function in process on the same resources to read each finding's parts (the
 * engine's diagnostics carry only text), while the pack's diagnostics stay what it reports.
 */
import type { ContextReport } from "./analysis/context-report";
import type { StackConfig } from "./analysis/providers";
import { packConfigProblems } from "./config/config-problems";
import { contextConfigured, PackConfig, readPackConfig } from "./config/pack-config";
import type { StackResource } from "../engine/stack-resource";
import { Evaluation, evaluateWithAnalysis, LeveledFinding } from "./evaluate";
import { CONFIG_PROBLEM_ID, RULES } from "./rules";
import { finding, Rule } from "./rules/rule";

export const POLICY_NAME = "fargate-preflight";

export interface PackFindingsOptions {
  /** Replace the rule set (an organisation's own selection; tests). */
  rules?: readonly Rule[];
  /** What the stack's config tells (region, the default AWS provider's settings). */
  stackConfig?: StackConfig;
  today?: Date;
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
      ...finding(CONFIG_PROBLEM_ID, "", {
        problem: `The pack config has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} the engine's schema check lets through, so as written part of it does nothing: ${problems.join("; ")}.`,
        fixes: [{ kind: "correct-pack-config" }],
      }),
      level: "mandatory",
    },
  ];
}

/**
 * The findings the pack reports for the stack's own resources and its raw pack config, and
 * the analysis they came from (none when the stack could not be analysed). The pack reports
 * `findings` only. `acknowledged` and `unmatched` are for `fargate-preflight check` to show:
 * the pack never reports an acknowledgement that matches nothing, because one pack config
 * serves every stack of a policy group, and an acknowledgement for one stack matches nothing
 * in the others.
 */
export async function packFindings(
  own: StackResource[],
  raw: Record<string, unknown>,
  options: PackFindingsOptions = {},
): Promise<Evaluation> {
  const config = readPackConfig(raw);
  const { resources, context } = await withContext(own, config);
  const { findings, acknowledged, unmatched, analysis } = evaluateWithAnalysis(resources, config, {
    ...options,
    context,
  });
  // A finding on a resource of another stack is reported on the stack (its message names the resource and where it is from).
  const ownUrns = new Set(own.map((resource) => resource.urn));
  const onOwn = <T extends LeveledFinding>(found: T): T => (ownUrns.has(found.urn) ? found : { ...found, urn: "" });
  return {
    findings: [...configFindings(raw, options.rules ?? RULES), ...findings.map(onOwn)],
    acknowledged: acknowledged.map(onOwn),
    unmatched,
    analysis,
  };
}
