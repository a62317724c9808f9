import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-KMS-IAM",
  description:
    "The execution role may call kms:Decrypt on the customer managed key of each secret and SecureString parameter it reads.",
  explanation:
    "Secrets Manager and SSM decrypt with the caller's permissions: without kms:Decrypt on the key, reading the secret fails with AccessDeniedException.",
  fix: "Grant kms:Decrypt on the key ARN, with a kms:ViaService condition for secretsmanager or ssm (FargateExecutionRole kmsKeys).",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-KMS-IAM", analysis, ["kms-key"], "execution"),
};
