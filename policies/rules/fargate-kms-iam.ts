import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-KMS-IAM",
  description:
    "The execution role may call kms:Decrypt on the customer managed key of each secret and SecureString parameter it reads.",
  explanation:
    "Secrets Manager and SSM decrypt with the caller's permissions: without kms:Decrypt on the key, reading the secret fails with AccessDeniedException.",
  fix: "Grant kms:Decrypt on the key ARN, with a kms:ViaService condition for secretsmanager or ssm (FargateExecutionRole kmsKeys).",
  defaultLevel: "mandatory",
  docs: {
    example: "cmk-without-decrypt",
    failing: code`
      const key = new aws.kms.Key("shop");
      new aws.ssm.Parameter("api-token", { type: "SecureString", value: token, keyId: key.arn });
      new FargateExecutionRole("api-execution", { parameters: ["/shop/api-token"] });
    `,
    passing: code`
      const key = new aws.kms.Key("shop");
      new aws.ssm.Parameter("api-token", { type: "SecureString", value: token, keyId: key.arn });
      new FargateExecutionRole("api-execution", { parameters: ["/shop/api-token"], kmsKeys: [key.arn] });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-KMS-IAM", analysis),
};
