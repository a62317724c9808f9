/**
 * EFS file system policies: an Allow in either the client's identity policy or the file system
 * policy allows a client action, and a file system without a policy of its own has EFS's
 * default one, which lets every client that reaches a mount target mount, write and be root.
 * Source: https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 * ("Default EFS file system policy").
 */
import type { PolicyDocument } from "../iam";

export const EFS_POLICY_SOURCE = "https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html";

/** The actions EFS clients are authorised for. */
export const EFS_CLIENT_ACTIONS = [
  "elasticfilesystem:ClientMount",
  "elasticfilesystem:ClientWrite",
  "elasticfilesystem:ClientRootAccess",
] as const;

/** EFS's default policy as a document: full access for every client (it comes through a mount target). */
export const DEFAULT_FILE_SYSTEM_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: [...EFS_CLIENT_ACTIONS], Resource: "*" }],
};

/** A Fargate task mounts through a mount target in its subnet: the condition key EFS sets for that. */
export const EFS_MOUNT_CONTEXT: Readonly<Record<string, string>> = {
  "elasticfilesystem:AccessedViaMountTarget": "true",
};
