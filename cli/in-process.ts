/**
 * The pack's own evaluation, run in the command's process on the resources it sent the pack.
 * The engine's diagnostics carry only text; the reports that show a finding's parts apart
 * (JSON: runtime error and fix; Markdown: problem and fix, and the table of every start-up
 * path) read them from this evaluation instead of splitting the text. The pack's diagnostics
 * stay the authority on which findings exist and at which level: a finding is given the parts
 * of the in-process finding with the same rule, resource and message, and none otherwise.
 * Findings an acknowledgement silenced reach no diagnostic: they come from this evaluation alone.
 */
import type { StackResource } from "../engine/stack-resource";
import { asAnalyzeStackSends } from "../engine/simulator/marshal";
import { asPackResources } from "./printed";
import type { AcknowledgedFinding, Evaluation, LeveledFinding } from "../policies/evaluate";
import type { StackAnalysis } from "../policies/analysis/analyze";
import { label } from "../policies/analysis/label";
import { type AcknowledgedReport, type ReportedFinding, serviceNamedIn, toReportedFinding } from "./report";

/** The pack's evaluation: its findings, those acknowledged, the config acknowledgements that matched nothing, its analysis. */
export type InProcess = Evaluation;

/** The resources as the pack reads them (secrets unwrapped, the inputs Analyze showed it), evaluated as the pack does. */
export async function evaluateInProcess(
  resources: readonly StackResource[],
  properties: Record<string, unknown> | undefined,
  /** The stack config the pack is given (`PULUMI_CONFIG`). */
  stackConfig: Readonly<Record<string, unknown>>,
): Promise<InProcess> {
  const { packFindings } = await import("../policies/pack-findings");
  const { stackConfigOf } = await import("../policies/config/pack-config");
  return packFindings(
    // As the pack gets them: secrets unwrapped and kept aside, a propertyDependencies key only for a property with dependencies.
    asPackResources(resources).map((resource) => ({
      ...resource,
      propertyDependencies: asAnalyzeStackSends(resource).propertyDependencies,
    })),
    properties ?? {},
    { stackConfig: stackConfigOf(stackConfig) },
  );
}

const joinKey = (finding: { ruleId: string; urn: string; message: string }) =>
  `${finding.ruleId}\u0000${finding.urn}\u0000${finding.message.trim()}`;

/** Each reported finding with the parts of the same in-process finding, when there is one. */
export function withParts(
  reported: readonly ReportedFinding[],
  evaluated: readonly LeveledFinding[],
): ReportedFinding[] {
  const parts = new Map(evaluated.map((finding) => [joinKey(finding), finding.parts]));
  return reported.map((finding) => {
    const found = parts.get(joinKey(finding));
    return found ? { ...finding, parts: found } : finding;
  });
}

/**
 * The acknowledged findings as the reports show them: read as a diagnostic of the pack would
 * be (`[RULE-ID] message` on its resource), their messages and reasons passed through `scrub`
 * (the command's secret text) before any report reads or escapes them.
 */
export function acknowledgedReports(
  acknowledged: readonly AcknowledgedFinding[],
  scrub: (text: string) => string,
): AcknowledgedReport[] {
  return acknowledged.map(({ acknowledgement, parts, ...found }) => {
    const message = scrub(found.message);
    const reported = toReportedFinding({
      policyName: "fargate-preflight",
      policyPackName: "fargate-preflight",
      description: "",
      message: `[${found.ruleId}] ${message}`,
      enforcementLevel: found.level,
      urn: found.urn,
    });
    return {
      ...reported,
      parts,
      acknowledgement: acknowledgement.secret
        ? acknowledgement
        : { ...acknowledgement, reason: scrub(acknowledgement.reason) },
    };
  });
}

/**
 * The service a finding belongs to when its message does not name one (a task definition's
 * finding, say): the one service that runs the resource it sits on. None when no service or
 * several run it: the report then groups it under the stack.
 */
export function withRunningService(
  reported: readonly ReportedFinding[],
  analysis: StackAnalysis | undefined,
): ReportedFinding[] {
  if (!analysis) return [...reported];
  const runners = new Map<string, Set<string>>();
  for (const service of analysis.services) {
    const name = serviceNamedIn(`ECS service "${label(analysis.model, service.service.urn)}"`);
    if (!name) continue;
    for (const urn of [service.service.urn, service.taskDefinition?.urn])
      if (urn) runners.set(urn, (runners.get(urn) ?? new Set()).add(name));
  }
  return reported.map((finding) => {
    const names = runners.get(finding.urn);
    return finding.service || !names || names.size !== 1 ? finding : { ...finding, service: [...names][0] };
  });
}
