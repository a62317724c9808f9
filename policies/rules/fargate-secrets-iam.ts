import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SECRETS-IAM",
  description: "The execution role may call secretsmanager:GetSecretValue on every referenced secret.",
  explanation:
    "The managed AmazonECSTaskExecutionRolePolicy does not include it: forgetting it stops the task with unable to retrieve secret from asm ... AccessDeniedException.",
  fix: "Grant secretsmanager:GetSecretValue on the secret ARN (with -?????? for a partial ARN) (FargateExecutionRole).",
  defaultLevel: "mandatory",
  check: (analysis) =>
    iamFindings("FARGATE-SECRETS-IAM", analysis, ["secretsmanager-secret", "registry-credentials"], "execution"),
};
