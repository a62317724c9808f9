import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-S3-IAM",
  description: "The execution role may call s3:GetObject (and s3:GetBucketLocation) on every environment file.",
  explanation:
    "Environment files are downloaded by the agent with the execution role: without s3:GetObject the task stops with failed to download env files ... AccessDenied.",
  fix: "Grant s3:GetObject on the object ARN and s3:GetBucketLocation on the bucket (FargateExecutionRole).",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-S3-IAM", analysis, ["environment-file"], "execution"),
};
