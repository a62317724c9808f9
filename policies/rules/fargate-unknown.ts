import { label } from "../analysis/label";
import { needLabel, serviceName } from "./helpers";
import type { Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-UNKNOWN",
  description:
    "Facts that cannot be known before deployment (computed values, resources outside the stack) are named, not passed silently.",
  explanation:
    "At a first preview ids and computed values are unknown; resources created elsewhere are invisible. fargate-preflight proves what it can and names each fact it could not check.",
  fix: "Re-run the preview after the first update, or declare what lies outside the stack with the assumeReachable config.",
  defaultLevel: "advisory",
  check: (analysis) => {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const add = (urn: string, message: string) => {
      const key = `${urn}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ ruleId: "FARGATE-UNKNOWN", urn, message });
    };
    for (const service of analysis.services) {
      const name = serviceName(analysis.model, service);
      for (const unknown of service.unknowns)
        add(unknown.urn, `${name}: cannot check before deployment: ${unknown.message}.`);
      for (const check of service.networkChecks) {
        const reach = check.reach;
        if (reach.status !== "unknown") continue;
        add(
          reach.fixAt ?? service.service.urn,
          `${name}: whether subnet ${label(analysis.model, check.placement.subnet.urn)} reaches ${check.target} for ${needLabel(check.need)} cannot be known before deployment: ${reach.missing}.`,
        );
      }
      // One finding per role and reason: a computed policy leaves every call of the role open at once.
      const iamGroups = new Map<string, typeof service.iamChecks>();
      for (const check of service.iamChecks) {
        if (check.verdict.decision !== "unknown") continue;
        const key = `${check.role?.urn ?? check.requirement.role}\u0000${check.verdict.reason}\u0000${check.verdict.policy ?? ""}`;
        iamGroups.set(key, [...(iamGroups.get(key) ?? []), check]);
      }
      for (const checks of iamGroups.values()) {
        const [first] = checks;
        const calls = checks.map((check) => `${check.requirement.action} on ${check.requirement.resource}`);
        add(
          first.role?.urn ?? service.taskDefinition?.urn ?? service.service.urn,
          `${name}: whether the ${first.requirement.role} role may call ${calls.join("; ")} cannot be known before deployment: ${first.verdict.reason}${first.verdict.policy ? ` (${first.verdict.policy})` : ""}.`,
        );
      }
      if (service.executionRole && service.executionRoleTrust?.status === "unknown") {
        add(
          service.executionRole.urn,
          `${name}: whether ECS may assume the execution role cannot be known before deployment: ${service.executionRoleTrust.why}.`,
        );
      }
    }
    return findings;
  },
};
