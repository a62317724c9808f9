import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECR-IAM",
  description: "The execution role may call ecr:GetAuthorizationToken on * and pull from each image repository.",
  explanation:
    "Without these permissions the network is fine but the pull fails: unable to retrieve ecr registry auth ... AccessDeniedException (seed 002).",
  fix: "Grant ecr:GetAuthorizationToken on * and ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage on the repository ARN (FargateExecutionRole).",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-ECR-IAM", analysis, ["ecr-image"], "execution"),
};
