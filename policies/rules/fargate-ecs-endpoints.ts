import { networkFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECS-ENDPOINTS",
  description:
    "In regions opened after 2023-12-23, task subnets without internet reach the ecs, ecs-agent and ecs-telemetry endpoints.",
  explanation:
    "In those regions the agent talks to ECS through these endpoints; without them tasks never leave PROVISIONING.",
  fix: "Add ecs, ecs-agent and ecs-telemetry interface endpoints with private DNS, or a NAT gateway route.",
  defaultLevel: "mandatory",
  check: (analysis) => networkFindings("FARGATE-ECS-ENDPOINTS", analysis, ["ecs-control-plane"]),
};
