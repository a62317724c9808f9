import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECS-ENDPOINTS",
  description:
    "In regions opened after 2023-12-23, task subnets without internet reach the ecs, ecs-agent and ecs-telemetry endpoints.",
  explanation:
    "In those regions the agent talks to ECS through these endpoints; without them tasks never leave PROVISIONING.",
  fix: "Add ecs, ecs-agent and ecs-telemetry interface endpoints with private DNS, or a NAT gateway route.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      // In mx-central-1 (opened in 2025), private subnets without a NAT gateway.
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs"],
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs", "ecs"], // "ecs": ecs, ecs-agent and ecs-telemetry
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-ECS-ENDPOINTS", analysis),
};
