import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-S3-IAM",
  description: "The execution role may call s3:GetObject (and s3:GetBucketLocation) on every environment file.",
  explanation:
    "Environment files are downloaded by the agent with the execution role: without s3:GetObject the task stops with failed to download env files ... AccessDenied.",
  fix: "Grant s3:GetObject on the object ARN and s3:GetBucketLocation on the bucket (FargateExecutionRole).",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      const containers = [
        {
          name: "api",
          image,
          environmentFiles: [{ type: "s3", value: "arn:aws:s3:::shop-config/api.env" }],
        },
      ];
      new FargateExecutionRole("api-execution", { repositories: [repository.name] });
    `,
    passing: code`
      const containers = [
        {
          name: "api",
          image,
          environmentFiles: [{ type: "s3", value: "arn:aws:s3:::shop-config/api.env" }],
        },
      ];
      new FargateExecutionRole("api-execution", { containerDefinitions: containers });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-S3-IAM", analysis),
};
