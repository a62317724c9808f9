import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EFS-IAM",
  description:
    "With EFS IAM authorization on, the task role may call elasticfilesystem:ClientMount on the file system.",
  explanation:
    "With authorizationConfig.iam ENABLED the mount is authorised with the task role: without ClientMount it fails with access denied by server.",
  fix: "Grant elasticfilesystem:ClientMount (and ClientWrite for writes) on the file system ARN to the task role.",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-EFS-IAM", analysis, ["efs-volume"], "task"),
};
