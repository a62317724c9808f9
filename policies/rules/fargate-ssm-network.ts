import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SSM-NETWORK",
  description: "Every task subnet reaches SSM Parameter Store when the task injects parameters.",
  explanation:
    "Parameters are fetched by the agent before the container starts; without a path the task stops with ResourceInitializationError: unable to retrieve secrets from ssm.",
  fix: "Add an ssm interface endpoint with private DNS (FargateEndpointSet), or a NAT gateway route; a parameter in another region needs the internet.",
  defaultLevel: "mandatory",
  docs: {
    example: "ssm-without-endpoint-or-permission",
    failing: code`
      // The task injects an SSM parameter; the private subnets have no NAT gateway.
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
        services: ["ecr", "logs", "ssm"],
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-SSM-NETWORK", analysis),
};
