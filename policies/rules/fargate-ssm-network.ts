import { networkFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SSM-NETWORK",
  description: "Every task subnet reaches SSM Parameter Store when the task injects parameters.",
  explanation:
    "Parameters are fetched by the agent before the container starts; without a path the task stops with ResourceInitializationError: unable to retrieve secrets from ssm.",
  fix: "Add an ssm interface endpoint with private DNS (FargateEndpointSet), or a NAT gateway route; a parameter in another region needs the internet.",
  defaultLevel: "mandatory",
  check: (analysis) => networkFindings("FARGATE-SSM-NETWORK", analysis, ["ssm-parameter"]),
};
