import { networkFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECR-NETWORK",
  description:
    "Every task subnet reaches the ECR API and registry (ecr.api and ecr.dkr endpoints with private DNS, or the internet).",
  explanation:
    "The agent fetches an ECR auth token and the image manifest through the task ENI; without a path the task stops with ResourceInitializationError: unable to retrieve ecr registry auth.",
  fix: "Add ecr.api and ecr.dkr interface endpoints with private DNS (FargateEndpointSet), or a NAT gateway route.",
  defaultLevel: "mandatory",
  check: (analysis) => networkFindings("FARGATE-ECR-NETWORK", analysis, ["ecr-image"]),
};
