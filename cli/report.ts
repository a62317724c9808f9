/** The findings of one check, as text (like `pulumi preview`), JSON or SARIF 2.1.0. */
import type * as sarif from "sarif";
import type { Diagnostic } from "./analyzerClient";

export interface Finding {
  ruleId: string;
  level: "mandatory" | "advisory";
  urn: string;
  resourceType: string;
  resourceName: string;
  service?: string;
  /** First line: what is wrong; then the runtime error and the fix. */
  message: string;
}

export interface CheckReport {
  target: string;
  form: "preview" | "deployed";
  resourceCount: number;
  findings: Finding[];
}

export interface RuleInfo {
  id: string;
  description: string;
  fix: string;
}

export function toFinding(diagnostic: Diagnostic): Finding {
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
    service: /ECS service "([^"(]+?)(?: \([^)]*\))?"/.exec(text)?.[1],
    message: (match?.[2] ?? text).trim(),
  };
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.level !== "mandatory") - Number(b.level !== "mandatory") ||
      (a.service ?? "~").localeCompare(b.service ?? "~") ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.urn.localeCompare(b.urn),
  );
}

/** A finding's message in its parts: what is wrong (first line), the runtime error and the fix when it names them. */
export function messageParts(message: string): { problem: string; runtimeError?: string; fix?: string } {
  const [problem, ...rest] = message.split("\n");
  const after = (prefix: string) => {
    const line = rest.find((candidate) => candidate.startsWith(prefix));
    return line === undefined ? undefined : line.slice(prefix.length).trim();
  };
  return { problem, runtimeError: after("Tasks will stop with:"), fix: after("Fix:") };
}

/** The counts behind the summary line. */
export function summaryOf(report: CheckReport): { passed: boolean; mandatory: number; advisory: number } {
  const mandatory = report.findings.filter((finding) => finding.level === "mandatory").length;
  return { passed: mandatory === 0, mandatory, advisory: report.findings.length - mandatory };
}

export function summaryLine(report: CheckReport): string {
  const { passed, mandatory, advisory } = summaryOf(report);
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  return `${passed ? "passed" : "FAILED"}: ${mandatory} mandatory, ${plural(advisory, "advisory finding")} in ${plural(report.resourceCount, "resource")} (${report.form === "preview" ? "first preview" : "deployed state"} of ${report.target})`;
}

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
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
  lines.push(summaryLine(report));
  return lines.join("\n");
}

/** The report as JSON: the summary's counts, and each finding with its message and, split out, its runtime error and fix. */
export function formatJson(report: CheckReport): string {
  const findings = sortFindings(report.findings).map((finding) => {
    const { runtimeError, fix } = messageParts(finding.message);
    return { ...finding, runtimeError, fix };
  });
  return JSON.stringify({ ...report, summary: summaryOf(report), findings }, null, 2);
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

export function formatSarif(
  report: CheckReport,
  rules: readonly RuleInfo[],
  version: string,
  locate: (urn: string) => SarifLocation,
): string {
  const used = [...new Set(report.findings.map((finding) => finding.ruleId))];
  const ruleIndex = new Map(used.map((id, index) => [id, index]));
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
        results: sortFindings(report.findings).map((finding) => ({
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
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
