import { NEED_KINDS } from "../../model";
import { label } from "../analysis/label";
import { serviceName } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-PUBLIC-IP",
  description: "A service whose subnets reach the internet only through an internet gateway assigns public IPs.",
  explanation:
    "A task ENI without a public IP cannot use an internet gateway: in a public subnet with assignPublicIp false, every start-up call that has no endpoint times out.",
  fix: "Set networkConfiguration.assignPublicIp: true, or move the tasks to private subnets with a NAT gateway or VPC endpoints.",
  defaultLevel: "mandatory",
  check: (analysis) =>
    analysis.services.flatMap((service) => {
      const checks = service.networkChecks.filter(
        (check) => check.reach.status === "unreachable" && check.reach.failure === "public-ip",
      );
      if (checks.length === 0) return [];
      const subnets = [...new Set(checks.map((check) => label(analysis.model, check.placement.subnet.urn)))];
      const needs = [...new Set(checks.map((check) => NEED_KINDS[check.need.kind].title))];
      return [
        {
          ruleId: "FARGATE-PUBLIC-IP",
          urn: service.service.urn,
          message:
            `${serviceName(analysis.model, service)} runs in public subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")} (0.0.0.0/0 to an internet gateway) with assignPublicIp false, so it cannot reach: ${needs.join(", ")}.\n` +
            "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth: ... context deadline exceeded\n" +
            "Fix: set networkConfiguration.assignPublicIp: true, or use private subnets with a NAT gateway or VPC endpoints (FargateEndpointSet).",
        },
      ];
    }),
};
