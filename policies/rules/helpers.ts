/** Shared ways of turning analysis verdicts into findings, so each rule file stays data plus one call. */
import {
  ANY_ACCOUNT,
  AWS_SERVICES,
  IamRequirement,
  KEY_POLICY_REASON,
  NEED_KINDS,
  NeedKind,
  parseArn,
  TaskNeed,
} from "../../model";
import type { Fix } from "../analysis/fix";
import { rolePrincipalArn } from "../analysis/iam";
import type { IamCheck, NetworkCheck, ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import type { PartlyReachable, Unreachable } from "../analysis/network/reach";
import { label } from "../analysis/label";
import type { StackModel, Subnet } from "../stack/model";
import { known } from "../stack/values";
import { grantFix, networkFix } from "./component-fixes";
import { needKindsOf } from "./need-rules";
import { Consequence, Finding, finding } from "./rule";

export function serviceName(model: StackModel, analysis: ServiceAnalysis): string {
  return `ECS service "${label(model, analysis.service.urn)}"`;
}

function subnetLabel(model: StackModel, subnet: Subnet): string {
  return `${label(model, subnet.urn)}${known(subnet.az) ? ` (${subnet.az})` : ""}`;
}

function targetTitle(target: NetworkCheck["target"], need: TaskNeed): string {
  if (target === "internet")
    return need.network.kind === "internet" ? `the internet (${need.network.host})` : "the internet";
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

/**
 * What a missing path or permission does: tasks stop at start-up, or (for a need used only once
 * the task runs, such as ECS Exec) the task starts and the feature fails.
 */
function needConsequence(need: TaskNeed, error: string, partial: boolean): Consequence {
  if (NEED_KINDS[need.kind].failsAt === "in-use")
    return { kind: "outcome", text: `Tasks start, but${partial ? " now and then" : ""}: ${error}` };
  return partial ? { kind: "tasks-fail-intermittently", error } : { kind: "tasks-stop", error };
}

/** A network check whose verdict is a finding of the need's own network rule or of the partial-reach rule. */
type FailedCheck = NetworkCheck & { reach: Unreachable | PartlyReachable };

/** Unreachable for a reason no other rule reports (not a public IP or NAT placement cause). */
function unreachableForNeed(check: NetworkCheck): check is FailedCheck {
  const reach = check.reach;
  return (
    reach.status === "unreachable" &&
    (reach.failure === "broken" || reach.failure === "absent" || reach.failure === "denied")
  );
}

/** Reachable through some network interfaces of an endpoint but not all. */
function partlyReachable(check: NetworkCheck): check is FailedCheck {
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
 * A network rule's findings: the needs the start-up need table gives the rule (need-rules.ts)
 * that no path reaches, for a reason no other rule reports.
 */
export function networkFindings(ruleId: string, analysis: StackAnalysis): Finding[] {
  return failedCheckFindings(ruleId, analysis, needKindsOf(ruleId, "network"), unreachableForNeed);
}

/** Every need reached through only some network interfaces of an endpoint. */
export function partialReachFindings(ruleId: string, analysis: StackAnalysis): Finding[] {
  return failedCheckFindings(ruleId, analysis, "all", partlyReachable);
}

/**
 * One finding per (service, need, fix): the subnets that share the same missing link are
 * listed together rather than repeated.
 */
function failedCheckFindings(
  ruleId: string,
  analysis: StackAnalysis,
  kinds: readonly NeedKind[] | "all",
  select: (check: NetworkCheck) => check is FailedCheck,
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
      const targets = unique(checks.map((check) => targetTitle(check.target, check.need)));
      const alternatives = unique(
        checks.map((check) => (check.reach.status === "unreachable" ? check.reach.alternative : undefined)),
      );
      const from = `from subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")}`;
      const missing = unique(checks.map((check) => check.reach.missing)).join("; ");
      const partial = first.reach.status === "partial";
      // An endpoint policy's refusal is an AccessDenied answer, not a timeout.
      const denied = first.reach.status === "unreachable" && first.reach.failure === "denied";
      const error = runtimeError(first.need, service.region, !denied);
      findings.push(
        finding(ruleId, first.reach.fixAt ?? service.service.urn, {
          problem: partial
            ? `${serviceName(analysis.model, service)} reaches only some network interfaces of the endpoint${targets.length > 1 ? "s" : ""} for ${targets.join(" and ")} (${needLabel(first.need)}) ${from}: it reaches ${unique(checks.map((check) => (check.reach.status === "partial" ? check.reach.reached : undefined))).join("; ")}, but ${missing}. ` +
              `An endpoint's DNS name answers with every interface, so some connections fail.`
            : `${serviceName(analysis.model, service)} cannot reach ${targets.join(" and ")} for ${needLabel(first.need)} ${from}: ${missing}` +
              (alternatives.length > 0 ? `; and no internet path: ${alternatives.join("; ")}` : "") +
              ".",
          consequence: needConsequence(first.need, error, partial),
          fixes: checks.flatMap((check) => networkFix(analysis.model, check) ?? []),
        }),
      );
    }
  }
  return findings;
}

function requirementText(requirement: IamRequirement): string {
  const context = requirement.context ? ` (via ${Object.values(requirement.context).join(", ")})` : "";
  return `${requirement.action} on ${requirement.resource}${context}`;
}

/**
 * An IAM rule's findings: the calls of the needs the start-up need table gives the rule
 * (need-rules.ts) that the role may not make, one finding per (service, need, role) with the
 * missing actions listed together.
 */
export function iamFindings(ruleId: string, analysis: StackAnalysis): Finding[] {
  const kinds = needKindsOf(ruleId, "iam");
  const findings: Finding[] = [];
  for (const service of analysis.services) {
    const groups = new Map<string, IamCheck[]>();
    for (const check of service.iamChecks) {
      if (!kinds.includes(check.need.kind)) continue;
      if (check.verdict.decision !== "implicit-deny" && check.verdict.decision !== "explicit-deny") continue;
      const key = `${check.need.key}\u0000${check.requirement.role}`;
      groups.set(key, [...(groups.get(key) ?? []), check]);
    }
    for (const checks of groups.values()) {
      const [first] = checks;
      const role = first.requirement.role;
      const roleName = first.role ? `role ${label(analysis.model, first.role.urn)}` : `the ${role} role`;
      const denied = checks.filter((check) => check.verdict.decision === "explicit-deny");
      findings.push(
        finding(ruleId, first.fixAt ?? first.role?.urn ?? service.taskDefinition?.urn ?? service.service.urn, {
          problem:
            `${serviceName(analysis.model, service)}: the ${role} ${roleName} may not call ${checks.map((check) => requirementText(check.requirement)).join("; ")} ` +
            `for ${needLabel(first.need)}` +
            (denied.length > 0
              ? ` (explicitly denied by ${denied[0].verdict.policy})`
              : first.verdict.reason
                ? ` (${first.verdict.reason})`
                : "") +
            ".",
          consequence: needConsequence(first.need, runtimeError(first.need, service.region, false), false),
          fixes: [
            (denied.length === 0 ? keyPolicyFix(analysis, checks) : undefined) ??
              grantFix(analysis.model, checks, analysis.facts.accountId),
          ],
        }),
      );
    }
  }
  return findings;
}

/**
 * When a key policy shuts the role out, no grant on the role helps: the key policy must name the
 * role, or delegate to the account's IAM policies (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
 */
function keyPolicyFix(analysis: StackAnalysis, checks: readonly IamCheck[]): Fix | undefined {
  const [first] = checks;
  if (!first.fixAt || first.verdict.reason !== KEY_POLICY_REASON || !first.role) return undefined;
  const partition = parseArn(first.requirement.resource)?.partition ?? "aws";
  const account = analysis.facts.accountId === ANY_ACCOUNT ? "<account>" : analysis.facts.accountId;
  const roleArn =
    rolePrincipalArn(first.role, account, partition) ?? `the ARN of role ${label(analysis.model, first.role.urn)}`;
  return {
    kind: "allow-in-key-policy",
    keyPolicy: first.verdict.policy ?? "key policy",
    actions: [...new Set(checks.map((check) => check.requirement.action))],
    roleArn,
    accountRoot: `arn:${partition}:iam::${account}:root`,
  };
}
