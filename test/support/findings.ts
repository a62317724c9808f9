import type { Diagnostic } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { readPackConfig } from "../../policies/config/pack-config";
import { evaluateStack, LeveledFinding } from "../../policies/evaluate";
import type { Rule } from "../../policies/rules/rule";
import { ACCOUNT, REGION } from "../fixtures/stacks";

/** The stack as AnalyzeStack sends it when the pack saw no Analyze call (settling falls back to propertyDependencies). */
export function withoutAnalyzeInputs(resources: readonly StackResource[]): StackResource[] {
  return resources.map(({ inputs: _inputs, ...resource }) => resource);
}

/** Runs the pack's rules in process, as the pack does per AnalyzeStack request. */
export function findingsOf(
  resources: readonly StackResource[],
  config: Record<string, unknown> = {},
  rules?: readonly Rule[],
  today?: Date,
): LeveledFinding[] {
  return evaluateStack(resources, readPackConfig({ region: REGION, accountId: ACCOUNT, ...config }), {
    rules,
    today,
  });
}

/** `RULE-ID name` pairs (name = the resource's logical name), sorted: what the tests assert. */
export function pairs(findings: readonly { ruleId: string; urn: string }[], ruleId?: string): string[] {
  return findings
    .filter((finding) => ruleId === undefined || finding.ruleId === ruleId)
    .map((finding) => `${finding.ruleId} ${finding.urn.slice(finding.urn.lastIndexOf("::") + 2)}`)
    .sort();
}

/** The rule id a diagnostic carries at the start of its message. */
export function ruleIdOf(diagnostic: Diagnostic): string {
  return /^\[([A-Z0-9-]+)\]/m.exec(diagnostic.message)?.[1] ?? "?";
}

export function diagnosticPairs(diagnostics: readonly Diagnostic[]): string[] {
  return pairs(diagnostics.map((diagnostic) => ({ ruleId: ruleIdOf(diagnostic), urn: diagnostic.urn })));
}
