/** Shared ways of turning analysis verdicts into findings, so each rule file stays data plus one call. */
import { AWS_SERVICES, IamRequirement, NEED_KINDS, NeedKind, TaskNeed } from "../../model";
import type { IamCheck, NetworkCheck, ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import type { PartlyReachable, Unreachable } from "../analysis/network/reach";
import { label } from "../analysis/label";
import type { StackModel, Subnet } from "../stack/model";
import { known } from "../stack/values";
import { componentIamFix, networkFix } from "./component-fixes";
import type { Finding } from "./rule";

export function serviceName(model: StackModel, analysis: ServiceAnalysis): string {
  return `ECS service "${label(model, analysis.service.urn)}"`;
}

function subnetLabel(model: StackModel, subnet: Subnet): string {
  return `${label(model, subnet.urn)}${known(subnet.az) ? ` (${subnet.az})` : ""}`;
}

function targetTitle(target: NetworkCheck["target"]): string {
  if (target === "internet") return "the internet";
  if (target === "nfs") return "EFS (NFS, TCP 2049)";
  return AWS_SERVICES[target].title;
}

export function needLabel(need: TaskNeed): string {
  return `${NEED_KINDS[need.kind].title} ${need.target}`;
}

function runtimeError(need: TaskNeed, region: string | undefined, network: boolean): string {
  const info = NEED_KINDS[need.kind];
  return (network ? info.networkError : info.iamError).replace(/<region>/g, region ?? "<region>");
}

/** A network check whose verdict is a finding of the need's own network rule or of the partial-reach rule. */
type FailedCheck = NetworkCheck & { reach: Unreachable | PartlyReachable };

/** Unreachable for a reason no other rule reports (not a public IP or NAT placement cause). */
export function unreachableForNeed(check: NetworkCheck): check is FailedCheck {
  return check.reach.status === "unreachable" && (check.reach.failure === "broken" || check.reach.failure === "absent");
}

/** Reachable through some network interfaces of an endpoint but not all. */
export function partlyReachable(check: NetworkCheck): check is FailedCheck {
  return check.reach.status === "partial";
}

/** Per analysis, the services' network checks that did not reach: most pass, and every network rule reads these. */
const failedChecks = new WeakMap<StackAnalysis, { service: ServiceAnalysis; checks: NetworkCheck[] }[]>();

function failedNetworkChecks(analysis: StackAnalysis): { service: ServiceAnalysis; checks: NetworkCheck[] }[] {
  let failed = failedChecks.get(analysis);
  if (!failed) {
    failed = analysis.services
      .map((service) => ({
        service,
        checks: service.networkChecks.filter((check) => check.reach.status !== "reachable"),
      }))
      .filter((entry) => entry.checks.length > 0);
    failedChecks.set(analysis, failed);
  }
  return failed;
}

/**
 * One finding per (service, need, fix): the subnets that share the same missing link are
 * listed together rather than repeated.
 */
export function networkFindings(
  ruleId: string,
  analysis: StackAnalysis,
  kinds: readonly NeedKind[] | "all",
  select: (check: NetworkCheck) => check is FailedCheck = unreachableForNeed,
): Finding[] {
  const findings: Finding[] = [];
  for (const { service, checks: failed } of failedNetworkChecks(analysis)) {
    // One finding per need and resource to fix: the AWS services and subnets it fails for are listed together.
    const groups = new Map<string, FailedCheck[]>();
    for (const check of failed) {
      if ((kinds !== "all" && !kinds.includes(check.need.kind)) || !select(check)) continue;
      const key = `${check.need.key}\u0000${check.reach.fixAt ?? ""}`;
      groups.set(key, [...(groups.get(key) ?? []), check]);
    }
    for (const checks of groups.values()) {
      const [first] = checks;
      const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
      const subnets = unique(checks.map((check) => subnetLabel(analysis.model, check.placement.subnet)));
      const targets = unique(checks.map((check) => targetTitle(check.target)));
      const alternatives = unique(
        checks.map((check) => (check.reach.status === "unreachable" ? check.reach.alternative : undefined)),
      );
      const from = `from subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")}`;
      const missing = unique(checks.map((check) => check.reach.missing)).join("; ");
      const partial = first.reach.status === "partial";
      findings.push({
        ruleId,
        urn: first.reach.fixAt ?? service.service.urn,
        message:
          (partial
            ? `${serviceName(analysis.model, service)} reaches only some network interfaces of the endpoint${targets.length > 1 ? "s" : ""} for ${targets.join(" and ")} (${needLabel(first.need)}) ${from}: it reaches ${unique(checks.map((check) => (check.reach.status === "partial" ? check.reach.reached : undefined))).join("; ")}, but ${missing}. ` +
              `An endpoint's DNS name answers with every interface, so some connections fail.\n` +
              `Tasks will fail intermittently with: ${runtimeError(first.need, service.region, true)}\n`
            : `${serviceName(analysis.model, service)} cannot reach ${targets.join(" and ")} for ${needLabel(first.need)} ${from}: ${missing}` +
              (alternatives.length > 0 ? `; and no internet path: ${alternatives.join("; ")}` : "") +
              ".\n" +
              `Tasks will stop with: ${runtimeError(first.need, service.region, true)}\n`) +
          `Fix: ${joinFixes(unique(checks.map((check) => networkFix(analysis.model, check))))}.`,
      });
    }
  }
  return findings;
}

function requirementText(requirement: IamRequirement): string {
  const context = requirement.context ? ` (via ${Object.values(requirement.context).join(", ")})` : "";
  return `${requirement.action} on ${requirement.resource}${context}`;
}

/** One finding per (service, need, role): the missing actions listed together. */
export function iamFindings(
  ruleId: string,
  analysis: StackAnalysis,
  kinds: readonly NeedKind[],
  role: IamRequirement["role"] = "execution",
): Finding[] {
  const findings: Finding[] = [];
  for (const service of analysis.services) {
    const groups = new Map<string, IamCheck[]>();
    for (const check of service.iamChecks) {
      if (!kinds.includes(check.need.kind) || check.requirement.role !== role) continue;
      if (check.verdict.decision !== "implicit-deny" && check.verdict.decision !== "explicit-deny") continue;
      groups.set(check.need.key, [...(groups.get(check.need.key) ?? []), check]);
    }
    for (const checks of groups.values()) {
      const [first] = checks;
      const roleName = first.role ? `role ${label(analysis.model, first.role.urn)}` : `the ${role} role`;
      const denied = checks.filter((check) => check.verdict.decision === "explicit-deny");
      const grants = checks.map((check) => `${check.requirement.action} on ${check.requirement.grantResource}`);
      const componentFix =
        denied.length === 0 ? componentIamFix(analysis.model, checks, analysis.facts.accountId) : undefined;
      findings.push({
        ruleId,
        urn: first.role?.urn ?? service.taskDefinition?.urn ?? service.service.urn,
        message:
          `${serviceName(analysis.model, service)}: the ${role} ${roleName} may not call ${checks.map((check) => requirementText(check.requirement)).join("; ")} ` +
          `for ${needLabel(first.need)}` +
          (denied.length > 0
            ? ` (explicitly denied by ${denied[0].verdict.policy})`
            : first.verdict.reason
              ? ` (${first.verdict.reason})`
              : "") +
          `.\nTasks will stop with: ${runtimeError(first.need, service.region, false)}\n` +
          (componentFix
            ? `Fix: ${componentFix} (it then allows ${grants.join(", ")}).`
            : `Fix: allow ${grants.join(", ")} on the ${role} role (FargateExecutionRole grants exactly these when given the container definitions)` +
              (denied.length > 0 ? ", and remove the Deny" : "") +
              "."),
      });
    }
  }
  return findings;
}

const ENDPOINT_FIX =
  /^add an interface endpoint for (\S+) \(FargateEndpointSet creates it\)(; or give the subnet a NAT gateway route)?$/;

/** Fixes as one sentence: missing endpoints of one need (ecr.api and ecr.dkr) named together. */
export function joinFixes(fixes: readonly string[]): string {
  const matches = fixes.map((fix) => ENDPOINT_FIX.exec(fix));
  if (fixes.length < 2 || matches.some((match) => match === null)) return fixes.join("; ");
  const names = matches.map((match) => match![1]);
  const nat = matches.some((match) => match![2] !== undefined) ? "; or give the subnet a NAT gateway route" : "";
  return `add interface endpoints for ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} (FargateEndpointSet creates them)${nat}`;
}
