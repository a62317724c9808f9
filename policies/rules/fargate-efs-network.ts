import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EFS-NETWORK",
  description: "Every task subnet reaches an EFS mount target of each volume in its Availability Zone on TCP 2049.",
  explanation:
    "EFS volumes are mounted before the container starts; without a mount target in the AZ, or with port 2049 closed, the task stops with ResourceInitializationError: failed to invoke EFS utils commands.",
  fix: "Add a mount target in every task AZ and allow TCP 2049 between the task and mount target security groups.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      // The tasks run in private subnets a and b; the file system has a mount target in a only.
      new aws.efs.MountTarget("data-a", {
        fileSystemId: fileSystem.id,
        subnetId: privateA.id,
        securityGroups: [efsSg.id],
      });
    `,
    passing: code`
      for (const [index, subnet] of [privateA, privateB].entries()) {
        new aws.efs.MountTarget("data-" + index, {
          fileSystemId: fileSystem.id,
          subnetId: subnet.id,
          securityGroups: [efsSg.id],
        });
      }
    `,
  },
  check: (analysis) => networkFindings("FARGATE-EFS-NETWORK", analysis),
};
