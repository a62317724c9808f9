import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-SECRETS-IAM",
  description: "The execution role may call secretsmanager:GetSecretValue on every referenced secret.",
  explanation:
    "The managed AmazonECSTaskExecutionRolePolicy does not include it: forgetting it stops the task with unable to retrieve secret from asm ... AccessDeniedException.",
  fix: "Grant secretsmanager:GetSecretValue on the secret ARN (with -?????? for a partial ARN) (FargateExecutionRole).",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      new aws.iam.RolePolicyAttachment("api-execution-managed", {
        role: executionRole.name,
        // AmazonECSTaskExecutionRolePolicy has no secretsmanager:GetSecretValue
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      });
    `,
    passing: code`
      new aws.iam.RolePolicy("api-execution-secrets", {
        role: executionRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret.arn }],
        }),
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-SECRETS-IAM", analysis),
};
