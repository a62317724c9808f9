import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-LOGS-NETWORK",
  description: "Every task subnet reaches CloudWatch Logs in the log group's region when the awslogs driver is used.",
  explanation:
    "The awslogs driver creates the log stream before the container starts; without a path the task stops with ResourceInitializationError: failed to initialize logging driver.",
  fix: "Add a logs interface endpoint with private DNS (FargateEndpointSet), or a NAT gateway route; a log group in another region needs the internet.",
  defaultLevel: "mandatory",
  docs: {
    example: "private-no-path",
    failing: code`
      // The containers log with awslogs; the private subnets have no NAT gateway.
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr"],
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs"],
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-LOGS-NETWORK", analysis),
};
