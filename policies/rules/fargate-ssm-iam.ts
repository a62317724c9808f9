import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SSM-IAM",
  description: "The execution role may call ssm:GetParameters on every referenced parameter.",
  explanation:
    "The managed AmazonECSTaskExecutionRolePolicy does not include it: forgetting it stops the task with unable to retrieve secrets from ssm ... AccessDeniedException.",
  fix: "Grant ssm:GetParameters on the parameter ARN (FargateExecutionRole).",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-SSM-IAM", analysis, ["ssm-parameter"], "execution"),
};
