/**
 * `--format markdown`: a report fit for a pull-request comment. Per Fargate service, a table of
 * every start-up need on every subnet (need, subnet, path, verdict, fix) and, for a failing
 * service, a Mermaid flowchart of its start-up paths with the broken links marked (code hosts
 * render Mermaid in comments). The table comes from the same analysis the pack runs.
 */
import type { IamCheck, NetworkCheck, ServiceAnalysis, StackAnalysis } from "../policies/analysis/analyze";
import { label } from "../policies/analysis/label";
import { Fix, fixText } from "../policies/analysis/fix";
import { grantFix, networkFix } from "../policies/rules/component-fixes";
import type { CheckReport, ReportedFinding } from "./report";
import { acknowledgementText, reportParts, sortAcknowledged, sortFindings, summaryLine } from "./report";

type Verdict = "reachable" | "allowed" | "unreachable" | "denied" | "unknown";

interface Row {
  need: string;
  subnet: string;
  path: string;
  verdict: Verdict;
  fix: string;
}

const MARK: Record<Verdict, string> = {
  reachable: "✅ reachable",
  allowed: "✅ allowed",
  unreachable: "❌ unreachable",
  denied: "❌ denied",
  unknown: "❔ unknown",
};

const broken = (verdict: Verdict) => verdict === "unreachable" || verdict === "denied";

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim() || "—";
}

/** Text safe inside a quoted Mermaid label, kept short enough to read in a diagram. */
function mermaidText(text: string, max = 90): string {
  const flat = text
    .replace(/"/g, "#quot;")
    .replace(/[\r\n]+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const fixTextOf = (fix: Fix | undefined) => (fix ? fixText(fix) : "");

function networkRow(analysis: StackAnalysis, check: NetworkCheck): Row {
  const verdict: Verdict =
    check.reach.status === "reachable" || check.reach.status === "unknown"
      ? check.reach.status
      : // Reaching only some of an endpoint's interfaces fails tasks intermittently: a broken link.
        "unreachable";
  return {
    need: `${check.need.kind} → ${check.target}`,
    subnet: label(analysis.model, check.placement.subnet.urn),
    path: check.reach.status === "reachable" ? (check.reach.path ?? "") : (check.reach.missing ?? ""),
    verdict,
    // The same fix as the finding gives (the component input to change, where a component made the resource).
    fix: fixTextOf(networkFix(analysis.model, check)),
  };
}

function iamRow(analysis: StackAnalysis, check: IamCheck): Row {
  const decision = check.verdict.decision;
  const verdict: Verdict = decision === "allowed" ? "allowed" : decision === "unknown" ? "unknown" : "denied";
  // By logical name: a physical name made up offline (the autoname's random suffix) would differ at deployment.
  const role = check.role ? `role ${label(analysis.model, check.role.urn)}` : `${check.requirement.role} role`;
  return {
    need: `${check.need.kind} → ${check.requirement.action}`,
    subnet: "(IAM)",
    path: `${role}: ${check.verdict.policy ?? check.verdict.reason ?? decision}`,
    verdict,
    // The same fix as the finding gives, for this one call.
    fix: broken(verdict) ? fixText(grantFix(analysis.model, [check], analysis.facts.accountId)) : "",
  };
}

export function serviceRows(analysis: StackAnalysis, service: ServiceAnalysis): Row[] {
  return [
    ...service.networkChecks.map((check) => networkRow(analysis, check)),
    ...service.iamChecks.map((check) => iamRow(analysis, check)),
  ];
}

/** Removes secret text from what the report shows (model/secret-text.ts); by default nothing. */
export type Scrub = (text: string) => string;
const asIs: Scrub = (text) => text;

/**
 * The service's start-up paths: service → subnet → AWS service, one edge per (subnet, target)
 * with the worst verdict of the needs that use it; IAM denials as edges to the role. Labels are
 * scrubbed before they are shortened: a shortened secret would escape the scrub.
 */
export function mermaidFlowchart(analysis: StackAnalysis, service: ServiceAnalysis, scrub: Scrub = asIs): string {
  const label = (text: string) => mermaidText(scrub(text));
  const lines = ["```mermaid", "flowchart LR", `  svc["ECS service ${label(service.service.name)}"]`];
  const nodes = new Map<string, string>();
  const node = (key: string, text: string, prefix: string) => {
    let id = nodes.get(key);
    if (!id) {
      id = `${prefix}${nodes.size}`;
      nodes.set(key, id);
      lines.push(`  ${id}["${label(text)}"]`);
    }
    return id;
  };
  const rank: Record<Verdict, number> = { unreachable: 3, denied: 3, unknown: 2, reachable: 1, allowed: 1 };
  const edges = new Map<string, { from: string; to: string; verdict: Verdict; text: string }>();
  const edge = (from: string, to: string, verdict: Verdict, text: string) => {
    const key = `${from}>${to}`;
    const previous = edges.get(key);
    if (!previous || rank[verdict] > rank[previous.verdict]) edges.set(key, { from, to, verdict, text });
  };
  for (const check of service.networkChecks) {
    const row = networkRow(analysis, check);
    const subnet = node(check.placement.subnet.urn, `subnet ${row.subnet}`, "n");
    edge("svc", subnet, "reachable", "");
    const target = node(`target:${check.target}`, check.target, "n");
    edge(subnet, target, row.verdict, row.path);
  }
  for (const check of service.iamChecks) {
    const row = iamRow(analysis, check);
    if (!broken(row.verdict)) continue;
    const role = node(`role:${check.role?.urn ?? check.requirement.role}`, `IAM ${row.path.split(":")[0]}`, "n");
    edge("svc", role, "denied", `denied ${check.requirement.action}`);
  }
  const brokenLinks: number[] = [];
  [...edges.values()].forEach((value, index) => {
    const text = value.text ? `|"${label(value.text)}"|` : "";
    if (broken(value.verdict)) {
      brokenLinks.push(index);
      lines.push(`  ${value.from} --x${text} ${value.to}`);
    } else if (value.verdict === "unknown") lines.push(`  ${value.from} -.->${text} ${value.to}`);
    else lines.push(`  ${value.from} -->${text} ${value.to}`);
  });
  if (brokenLinks.length > 0) lines.push(`  linkStyle ${brokenLinks.join(",")} stroke:#d1242f,stroke-width:3px`);
  lines.push("```");
  return lines.join("\n");
}

function findingLines(findings: readonly ReportedFinding[]): string[] {
  return findings.map((finding) => {
    // Without the parts (the command's evaluation did not make this finding), the whole message is the problem.
    const problem = finding.parts?.problem ?? finding.message.split("\n").join("<br>");
    const { fix } = reportParts(finding.parts);
    return `- **${finding.level}** \`${finding.ruleId}\` (${finding.resourceType} \`${finding.resourceName}\`): ${problem}${fix ? `<br>Fix: ${fix}` : ""}`;
  });
}

/** The report; `scrub` removes secret text from what the analysis shows (the findings' messages come scrubbed). */
export function formatMarkdown(report: CheckReport, analysis: StackAnalysis | undefined, scrub: Scrub = asIs): string {
  const mandatory = report.findings.some((finding) => finding.level === "mandatory");
  const lines = [`## fargate-preflight: ${mandatory ? "❌" : "✅"} ${summaryLine(report)}`, ""];
  const sorted = sortFindings(report.findings);
  const seen = new Set<string>();
  for (const service of analysis?.services ?? []) {
    const name = service.service.name;
    seen.add(name);
    const rows = serviceRows(analysis!, service);
    const findings = sorted.filter((finding) => finding.service === name || finding.urn === service.service.urn);
    const failing = rows.some((row) => broken(row.verdict)) || findings.some((f) => f.level === "mandatory");
    lines.push(`### ${failing ? "❌" : "✅"} ECS service \`${scrub(name)}\``, "");
    if (rows.length > 0) {
      lines.push("| need | subnet | path | verdict | fix |", "| --- | --- | --- | --- | --- |");
      for (const row of rows)
        lines.push(
          `| ${[row.need, row.subnet, row.path, MARK[row.verdict], row.fix].map((text) => cell(scrub(text))).join(" | ")} |`,
        );
      lines.push("");
    } else {
      lines.push("No start-up path could be checked (see the findings).", "");
    }
    if (failing && rows.length > 0) lines.push(mermaidFlowchart(analysis!, service, scrub), "");
    if (findings.length > 0) lines.push(...findingLines(findings), "");
  }
  const others = sorted.filter((finding) => !finding.service || !seen.has(finding.service));
  if (others.length > 0) lines.push("### Other findings", "", ...findingLines(others), "");
  const acknowledged = sortAcknowledged(report);
  if (acknowledged.length > 0)
    lines.push(
      "### Acknowledged",
      "",
      ...acknowledged.map(
        (finding) =>
          `- \`${finding.ruleId}\` (${finding.resourceType} \`${finding.resourceName}\`): ${acknowledgementText(finding.ruleId, finding.acknowledgement)}`,
      ),
      "",
    );
  if (report.notes && report.notes.length > 0)
    lines.push("### Notes", "", ...report.notes.map((note) => `- ${scrub(note)}`), "");
  return lines.join("\n").trimEnd();
}
