import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SECRETS-NETWORK",
  description:
    "Every task subnet reaches Secrets Manager when the task injects secrets or private registry credentials.",
  explanation:
    "Secrets are fetched by the agent before the container starts; without a path the task stops with ResourceInitializationError: unable to retrieve secret from asm ... context deadline exceeded.",
  fix: "Add a secretsmanager interface endpoint with private DNS (FargateEndpointSet), or a NAT gateway route.",
  defaultLevel: "mandatory",
  docs: {
    example: "secrets-endpoint-missing",
    failing: code`
      // The task injects a Secrets Manager secret; the private subnets have no NAT gateway.
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs", "ssm"],
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs", "ssm", "secretsmanager"],
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-SECRETS-NETWORK", analysis),
};
