import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SSM-IAM",
  description: "The execution role may call ssm:GetParameters on every referenced parameter.",
  explanation:
    "The managed AmazonECSTaskExecutionRolePolicy does not include it: forgetting it stops the task with unable to retrieve secrets from ssm ... AccessDeniedException.",
  fix: "Grant ssm:GetParameters on the parameter ARN (FargateExecutionRole).",
  defaultLevel: "mandatory",
  docs: {
    example: "ssm-without-endpoint-or-permission",
    failing: code`
      new FargateExecutionRole("api-execution", {
        repositories: [repository.name],
        logGroups: [logGroup.name],
        // the task reads parameter /shop/api-token, which is not listed
      });
    `,
    passing: code`
      new FargateExecutionRole("api-execution", {
        repositories: [repository.name],
        logGroups: [logGroup.name],
        parameters: ["/shop/api-token"],
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-SSM-IAM", analysis),
};
