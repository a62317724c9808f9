import { label } from "../analysis/label";
import type { StackModel } from "../stack/model";
import { componentSettleHint } from "./component-fixes";
import { serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

/**
 * What would make an unknown fact known: the input AWS would otherwise pick (from the planned
 * state's table), or else a value known at preview, or an assumeReachable entry for a path
 * outside the stack.
 */
export function settleHint(
  model: StackModel,
  urn: string,
  targets: readonly string[],
  missing = "",
  /** What settles it when the analysis says so (the stack's account), before the resource's own inputs. */
  settledBy?: string,
): string {
  if (settledBy) return `To decide it at preview, give ${settledBy}.`;
  const settleWith = model.resources.get(urn)?.unsettled?.map((fact) => fact.settleWith) ?? [];
  if (settleWith.length > 0) return `To decide it at preview, set ${settleWith.join(" and ")}.`;
  const component = componentSettleHint(model, urn, missing);
  if (component) return component;
  const needs = JSON.stringify(targets.filter((target) => target !== "nfs"));
  const assumption = `"assumeReachable": [{ "subnetId": "<subnet id>", "needs": ${needs}, "reason": "<why it holds>" }]`;
  // A path that leaves the stack (transit gateway, firewall, peering) is settled by config alone.
  if (/outside (this|the) stack|assumeReachable/.test(missing))
    return `To decide it, state the path in the pack config: ${assumption}.`;
  return (
    `To decide it at preview, give ${label(model, urn)} that input as a literal or from a resource of this stack; ` +
    `for a path outside the stack, state it in the pack config: ${assumption}.`
  );
}

export const rule: Rule = {
  id: "FARGATE-UNKNOWN",
  description:
    "Facts that cannot be known before deployment (computed values, resources outside the stack) are named, not passed silently.",
  explanation:
    "At a first preview ids and computed values are unknown; resources created elsewhere are invisible. fargate-preflight proves what it can and names each fact it could not check.",
  fix: "Re-run the preview after the first update, or declare what lies outside the stack with the assumeReachable config.",
  defaultLevel: "advisory",
  docs: {
    example: "default-vpc",
    failing: code`
      // The subnets come from another stack: the pack cannot see their routes before deployment.
      const network = new pulumi.StackReference("acme/network/prod");
      new aws.ecs.Service("api", {
        // ...
        networkConfiguration: {
          subnets: network.getOutput("privateSubnetIds"),
          securityGroups: [taskSg.id],
        },
      });
    `,
    passing: code`
      // Subnets of this stack, or the same program checked with the network stack's export:
      //   npx fargate-preflight check . --context network-prod.json
      new aws.ecs.Service("api", {
        // ...
        networkConfiguration: {
          subnets: privateSubnets.map((subnet) => subnet.id),
          securityGroups: [taskSg.id],
        },
      });
    `,
  },
  check: (analysis) => {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const add = (urn: string, message: string) => {
      const key = `${urn}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding("FARGATE-UNKNOWN", urn, { problem: message }));
    };
    for (const service of analysis.services) {
      const name = serviceName(analysis.model, service);
      for (const unknown of service.unknowns)
        add(unknown.urn, `${name}: cannot check before deployment: ${unknown.message}.`);
      // One finding per unknown fact: it names every subnet and AWS service it leaves open.
      const networkGroups = new Map<
        string,
        { urn: string; missing: string; settleWith?: string; subnets: Set<string>; targets: Set<string> }
      >();
      for (const check of service.networkChecks) {
        const reach = check.reach;
        if (reach.status !== "unknown") continue;
        const urn = reach.fixAt ?? service.service.urn;
        const missing = reach.missing;
        const key = `${urn}\u0000${missing}`;
        const group = networkGroups.get(key) ?? {
          urn,
          missing,
          settleWith: reach.settleWith,
          subnets: new Set(),
          targets: new Set(),
        };
        group.subnets.add(label(analysis.model, check.placement.subnet.urn));
        group.targets.add(check.target);
        networkGroups.set(key, group);
      }
      for (const group of networkGroups.values()) {
        const subnets = [...group.subnets];
        const targets = [...group.targets];
        add(
          group.urn,
          `${name}: whether its tasks in subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")} reach ${targets.join(", ")} cannot be known before deployment: ${group.missing}. ${settleHint(analysis.model, group.urn, targets, group.missing, group.settleWith)}`,
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
