import { NEED_KINDS } from "../../model";
import { label } from "../analysis/label";
import { serviceName } from "./helpers";
import { code, finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-PUBLIC-IP",
  description: "A service whose subnets reach the internet only through an internet gateway assigns public IPs.",
  explanation:
    "A task ENI without a public IP cannot use an internet gateway: in a public subnet with assignPublicIp false, every start-up call that has no endpoint times out.",
  fix: "Set networkConfiguration.assignPublicIp: true, or move the tasks to private subnets with a NAT gateway or VPC endpoints.",
  defaultLevel: "mandatory",
  docs: {
    example: "public-without-public-ip",
    failing: code`
      new aws.ecs.Service("api", {
        // ...
        networkConfiguration: {
          subnets: publicSubnetIds,
          securityGroups: [taskSg.id],
          assignPublicIp: false,
        },
      });
    `,
    passing: code`
      new aws.ecs.Service("api", {
        // ...
        networkConfiguration: {
          subnets: publicSubnetIds,
          securityGroups: [taskSg.id],
          assignPublicIp: true,
        },
      });
    `,
  },
  check: (analysis) =>
    analysis.services.flatMap((service) => {
      const checks = service.networkChecks.filter(
        (check) => check.reach.status === "unreachable" && check.reach.failure === "public-ip",
      );
      if (checks.length === 0) return [];
      const subnets = [...new Set(checks.map((check) => label(analysis.model, check.placement.subnet.urn)))];
      const needs = [...new Set(checks.map((check) => NEED_KINDS[check.need.kind].title))];
      return [
        finding("FARGATE-PUBLIC-IP", service.service.urn, {
          problem: `${serviceName(analysis.model, service)} runs in public subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")} (0.0.0.0/0 to an internet gateway) with assignPublicIp false, so it cannot reach: ${needs.join(", ")}.`,
          consequence: {
            kind: "tasks-stop",
            error:
              "ResourceInitializationError: unable to pull secrets or registry auth: ... context deadline exceeded",
          },
          fixes: [{ kind: "assign-public-ip" }],
        }),
      ];
    }),
};
