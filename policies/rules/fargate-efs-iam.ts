import { EFS_POLICY_SOURCE } from "../../model/startup";
import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EFS-IAM",
  description:
    "With EFS IAM authorization on, the task role may mount the file system: its identity policies or the file system policy allow elasticfilesystem:ClientMount, and neither denies it.",
  explanation:
    "With authorizationConfig.iam ENABLED the mount is authorised with the task role. EFS allows it when the role's policies or the file system policy allow it (a file system without a policy of its own lets every client mount); a Deny in either, or a policy that names other principals only, fails the mount with access denied by server.",
  fix: "Grant elasticfilesystem:ClientMount (and ClientWrite for writes) on the file system ARN to the task role, or allow the role in the file system policy, and remove any Deny that matches it.",
  defaultLevel: "mandatory",
  awsErrors: [
    "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: ... mount.nfs4: access denied by server while mounting 127.0.0.1:/",
  ],
  sources: [EFS_POLICY_SOURCE, "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html"],
  docs: {
    failing: code`
      // Only the backup role may mount; the task role has no elasticfilesystem:ClientMount either.
      new aws.efs.FileSystemPolicy("data", {
        fileSystemId: fileSystem.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: backupRole.arn },
              Action: "elasticfilesystem:ClientMount",
              Resource: fileSystem.arn,
            },
          ],
        }),
      });
    `,
    passing: code`
      new aws.iam.RolePolicy("api-task-efs", {
        role: taskRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
              Resource: fileSystem.arn,
            },
          ],
        }),
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-EFS-IAM", analysis),
};
