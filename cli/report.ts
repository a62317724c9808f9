/** The findings of one check, as text (like `pulumi preview`), JSON or SARIF 2.1.0. */
import type * as sarif from "sarif";
import type { Diagnostic } from "./analyzerClient";
import { ACK_TAG_PREFIX, type AcknowledgementOf, type LeveledFinding } from "../policies/evaluate";
import type { FindingParts } from "../policies/rules/rule";
import { fixesText } from "../policies/analysis/fix";

/**
 * A finding as the pack reported it over the Analyzer protocol, with what the report shows of
 * its resource, and its message's parts when the command's own evaluation made the same finding.
 */
export interface ReportedFinding extends Omit<LeveledFinding, "parts"> {
  parts?: FindingParts;
  resourceType: string;
  resourceName: string;
  service?: string;
}

/** A finding a valid acknowledgement silenced: the pack does not report it, the reports list it apart. */
export interface AcknowledgedReport extends ReportedFinding {
  acknowledgement: AcknowledgementOf;
}

export interface CheckReport {
  target: string;
  form: "preview" | "deployed";
  resourceCount: number;
  findings: ReportedFinding[];
  /** Findings acknowledged (pack config or tag), from the command's own evaluation; none when absent. */
  acknowledged?: AcknowledgedReport[];
  /** What the reader should know of the run that is no finding (made-up lookup ids, unmatched acknowledgements). */
  notes?: string[];
}

export interface RuleInfo {
  id: string;
  description: string;
  fix: string;
}

/** The service a finding's text names (`ECS service "api"`, or with its id: `"api (svc-…)"`), by its name. */
export function serviceNamedIn(text: string): string | undefined {
  return /ECS service "([^"(]+?)(?: \([^)]*\))?"/.exec(text)?.[1];
}

export function toReportedFinding(diagnostic: Diagnostic): ReportedFinding {
  // The engine shows the policy description, a newline, then the message; ours starts with [RULE-ID].
  const text = diagnostic.message.includes("\n[")
    ? diagnostic.message.slice(diagnostic.message.indexOf("\n[") + 1)
    : diagnostic.message;
  const match = /^\[([A-Z0-9-]+)\]\s*([\s\S]*)$/.exec(text);
  const urn = diagnostic.urn;
  const typeAndName = urn.split("::").slice(2);
  return {
    ruleId: match?.[1] ?? diagnostic.policyName,
    level: diagnostic.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
    urn,
    resourceType: (typeAndName[0] ?? "").split("$").pop() ?? "",
    resourceName: typeAndName[1] ?? "",
    service: serviceNamedIn(text),
    message: (match?.[2] ?? text).trim(),
  };
}

export function sortFindings(findings: readonly ReportedFinding[]): ReportedFinding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.level !== "mandatory") - Number(b.level !== "mandatory") ||
      (a.service ?? "~").localeCompare(b.service ?? "~") ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.urn.localeCompare(b.urn),
  );
}

/**
 * What the JSON report shows beside a finding's message: the error its tasks stop with and the
 * fix, from the finding's parts (absent when the command's own evaluation did not make it).
 */
export function reportParts(parts: FindingParts | undefined): { runtimeError?: string; fix?: string } {
  return {
    runtimeError: parts?.consequence?.kind === "tasks-stop" ? parts.consequence.error : undefined,
    fix: parts?.fixes && parts.fixes.length > 0 ? `${fixesText(parts.fixes)}.` : undefined,
  };
}

/** The counts behind the summary line (acknowledged findings count apart: they never fail a check). */
export function summaryOf(report: CheckReport): {
  passed: boolean;
  mandatory: number;
  advisory: number;
  acknowledged: number;
} {
  const mandatory = report.findings.filter((finding) => finding.level === "mandatory").length;
  return {
    passed: mandatory === 0,
    mandatory,
    advisory: report.findings.length - mandatory,
    acknowledged: report.acknowledged?.length ?? 0,
  };
}

export function summaryLine(report: CheckReport): string {
  const { passed, mandatory, advisory, acknowledged } = summaryOf(report);
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  // Said only when there are some, so a stack without acknowledgements reads as before.
  const acknowledgedText = acknowledged > 0 ? `, ${acknowledged} acknowledged` : "";
  return `${passed ? "passed" : "FAILED"}: ${mandatory} mandatory, ${plural(advisory, "advisory finding")}${acknowledgedText} in ${plural(report.resourceCount, "resource")} (${report.form === "preview" ? "first preview" : "deployed state"} of ${report.target})`;
}

/** Acknowledged findings in the order of the other findings. */
export function sortAcknowledged(report: CheckReport): AcknowledgedReport[] {
  return sortFindings(report.acknowledged ?? []) as AcknowledgedReport[];
}

/**
 * Where an acknowledgement is, what it says and until when, in one line. The text of a tag the
 * engine marks secret is not known here (policies/evaluate.ts keeps it back), only that it is secret.
 */
export function acknowledgementText(ruleId: string, acknowledgement: AcknowledgementOf): string {
  const where = acknowledgement.source === "config" ? "in the pack config" : `by the tag ${ACK_TAG_PREFIX}${ruleId}`;
  if (acknowledgement.secret) return `acknowledged ${where} (its value is marked secret, so not shown)`;
  const reason = acknowledgement.reason.replace(/[\r\n]+/g, " ");
  return `acknowledged ${where}: "${reason}", ${acknowledgement.expires ? `expires ${acknowledgement.expires}` : "no expiry"}`;
}

/** The text report; `listAcknowledged` (off under --quiet) lists the acknowledged findings, which the summary counts in any case. */
export function formatText(report: CheckReport, listAcknowledged = true): string {
  const lines: string[] = [];
  const groups = new Map<string, ReportedFinding[]>();
  for (const finding of sortFindings(report.findings)) {
    const key = finding.service ? `ECS service ${finding.service}` : "Stack";
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  for (const [group, findings] of groups) {
    lines.push(group);
    for (const finding of findings) {
      lines.push(
        `    ${finding.level === "mandatory" ? "[mandatory]" : "[advisory] "} ${finding.ruleId}  (${finding.resourceType}: ${finding.resourceName})`,
      );
      for (const line of finding.message.split("\n")) lines.push(`        ${line}`);
    }
    lines.push("");
  }
  const acknowledged = sortAcknowledged(report);
  if (listAcknowledged && acknowledged.length > 0) {
    lines.push("Acknowledged (not counted as findings)");
    for (const finding of acknowledged) {
      lines.push(`    ${finding.ruleId}  (${finding.resourceType}: ${finding.resourceName})`);
      lines.push(`        ${acknowledgementText(finding.ruleId, finding.acknowledgement)}`);
    }
    lines.push("");
  }
  lines.push(summaryLine(report));
  return lines.join("\n");
}

/**
 * The report as JSON: the summary's counts, each finding with its message and, split out, its
 * runtime error and fix, and each acknowledged finding the same way with its acknowledgement
 * (`source` config or tag, `reason`, `expires`; for a tag marked secret only `secret: true`).
 */
export function formatJson(report: CheckReport): string {
  const findings = sortFindings(report.findings).map(({ parts, ...finding }) => ({
    ...finding,
    ...reportParts(parts),
  }));
  const acknowledged = sortAcknowledged(report).map(({ parts, acknowledgement, ...finding }) => ({
    ...finding,
    ...reportParts(parts),
    acknowledgement,
  }));
  return JSON.stringify(
    { ...report, summary: summaryOf(report), findings, acknowledged, notes: report.notes ?? [] },
    null,
    2,
  );
}

/** Where a finding's resource is declared: a file (relative to the repository root) and, when known, a line. */
export interface SarifLocation {
  uri: string;
  startLine?: number;
  startColumn?: number;
}

function physicalLocation(location: SarifLocation): sarif.PhysicalLocation {
  const { uri, startLine, startColumn } = location;
  return startLine ? { artifactLocation: { uri }, region: { startLine, startColumn } } : { artifactLocation: { uri } };
}

/**
 * An acknowledgement as a SARIF 2.1.0 suppression (§3.35): `kind` "external" for the pack
 * config (a store outside the code), "inSource" for a tag written in the program; no `status`,
 * which means accepted; the reason as `justification`, unless the tag is marked secret.
 * GitHub code scanning shows such results as dismissed alerts.
 */
function suppression(acknowledgement: AcknowledgementOf): sarif.Suppression {
  const kind = acknowledgement.source === "config" ? "external" : "inSource";
  return acknowledgement.secret ? { kind } : { kind, justification: acknowledgement.reason };
}

export function formatSarif(
  report: CheckReport,
  rules: readonly RuleInfo[],
  version: string,
  locate: (urn: string) => SarifLocation,
): string {
  const acknowledged = sortAcknowledged(report);
  const used = [...new Set([...report.findings, ...acknowledged].map((finding) => finding.ruleId))];
  const ruleIndex = new Map(used.map((id, index) => [id, index]));
  const result = (finding: ReportedFinding): sarif.Result => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: finding.level === "mandatory" ? "error" : "warning",
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: physicalLocation(locate(finding.urn)),
        logicalLocations: [{ fullyQualifiedName: finding.urn, name: finding.resourceName, kind: "resource" }],
      },
    ],
  });
  const log: sarif.Log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "fargate-preflight",
            version,
            informationUri: "https://github.com/fargate-preflight/fargate-preflight",
            rules: used.map((id) => {
              const rule = rules.find((candidate) => candidate.id === id);
              return {
                id,
                shortDescription: { text: rule?.description ?? id },
                help: { text: rule?.fix ?? "See the finding's message." },
              };
            }),
          },
        },
        // The run's notes as SARIF 2.1.0 tool execution notifications (invocation.toolExecutionNotifications).
        ...(report.notes && report.notes.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: report.notes.map((text) => ({
                    level: "note" as const,
                    message: { text },
                  })),
                },
              ],
            }
          : {}),
        results: [
          ...sortFindings(report.findings).map(result),
          ...acknowledged.map((finding) => ({
            ...result(finding),
            suppressions: [suppression(finding.acknowledgement)],
          })),
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
