import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECR-NETWORK",
  description:
    "Every task subnet reaches the ECR API and registry (ecr.api and ecr.dkr endpoints with private DNS, or the internet).",
  explanation:
    "The agent fetches an ECR auth token and the image manifest through the task ENI; without a path the task stops with ResourceInitializationError: unable to retrieve ecr registry auth.",
  fix: "Add ecr.api and ecr.dkr interface endpoints with private DNS (FargateEndpointSet), or a NAT gateway route.",
  defaultLevel: "mandatory",
  docs: {
    example: "private-no-path",
    failing: code`
      // Private subnets without a NAT gateway, and no ECR endpoints.
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        services: ["logs", "secretsmanager"],
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs", "secretsmanager"], // "ecr": ecr.api, ecr.dkr and the S3 gateway
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-ECR-NETWORK", analysis),
};
