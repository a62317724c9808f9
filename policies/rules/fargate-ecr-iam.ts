import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ECR-IAM",
  description:
    "The execution role may call ecr:GetAuthorizationToken on * and pull from each image repository, and import the images of a pull-through cache.",
  explanation:
    "Without these permissions the network is fine but the pull fails: unable to retrieve ecr registry auth ... AccessDeniedException. A pull-through cache imports a tag it does not hold yet with the puller's ecr:BatchImportUpstreamImage, and creates the repository on the first pull with its ecr:CreateRepository: neither is in AmazonECSTaskExecutionRolePolicy.",
  fix: "Grant ecr:GetAuthorizationToken on * and ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage on the repository ARN, and for a cached image ecr:BatchImportUpstreamImage and ecr:CreateRepository on it (FargateExecutionRole, with pullThroughCachePrefixes).",
  defaultLevel: "mandatory",
  docs: {
    example: "ecr-permissions-missing",
    failing: code`
      new FargateExecutionRole("api-execution", {
        logGroups: [logGroup.name],
        secrets: [secret.name],
      });
    `,
    passing: code`
      new FargateExecutionRole("api-execution", {
        repositories: [repository.name],
        logGroups: [logGroup.name],
        secrets: [secret.name],
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-ECR-IAM", analysis),
};
