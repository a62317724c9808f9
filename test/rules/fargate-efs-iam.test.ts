import type { StackBuilder, StackForm } from "../fixtures/builder";
import { out } from "../fixtures/builder";
import { ACCOUNT, referenceStack } from "../fixtures/stacks";
import { unknownProperty, withEfs, withTaskRole } from "../fixtures/variants";
import { describeRule } from "./rule-cases";
import { describeStartupRule } from "./startup-cases";

const FILE_SYSTEM = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123abcd";
const MOUNT = { Effect: "Allow", Action: "elasticfilesystem:ClientMount", Resource: FILE_SYSTEM };
/** A task role policy that grants something, but nothing on EFS. */
const NO_MOUNT = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };

/**
 * The file system of withEfs created by the stack, with `policy` as its FileSystemPolicy (none when undefined).
 * Its id is known only once it exists: the volume names it as a literal, so this holds for the deployed form.
 */
function ownFileSystem(b: StackBuilder, policy?: unknown): StackBuilder {
  const fileSystem = b.add(
    "aws:efs/fileSystem:FileSystem",
    "efs",
    { encrypted: true },
    { id: "fs-0123abcd", arn: FILE_SYSTEM },
  );
  if (policy !== undefined)
    b.add(
      "aws:efs/fileSystemPolicy:FileSystemPolicy",
      "efs-policy",
      { fileSystemId: out(fileSystem), policy: JSON.stringify(policy) },
      { id: "fs-0123abcd" },
    );
  return b;
}

/** Only the backup role may mount: a Deny for every other principal. */
const denyAllButBackup = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "elasticfilesystem:ClientMount",
      Resource: FILE_SYSTEM,
      Condition: { StringNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/backup` } },
    },
  ],
};
/** Refuses mounts without TLS: the task's volume has transit encryption, so it mounts. */
const denyWithoutTls = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: FILE_SYSTEM,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
};
const allowOtherRoleOnly = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/backup` },
      Action: "elasticfilesystem:ClientMount",
      Resource: FILE_SYSTEM,
    },
  ],
};

describeRule("FARGATE-EFS-IAM", {
  failing: [
    {
      title: "IAM authorisation on, no task role",
      stack: () => withEfs(referenceStack("deployed")),
      expected: ["FARGATE-EFS-IAM api-task"],
    },
    {
      title: "the stack's file system policy allows another role only, and the task role has no ClientMount",
      stack: () => ownFileSystem(withTaskRole(withEfs(referenceStack("deployed")), []), allowOtherRoleOnly),
      expected: ["FARGATE-EFS-IAM task-role"],
    },
  ],
  passing: [
    { title: "task role with ClientMount", stack: () => withTaskRole(withEfs(referenceStack("deployed")), [MOUNT]) },
  ],
  notApplicable: [{ title: "no EFS volume", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "task role computed with nothing to follow",
      stack: () => unknownProperty(withEfs(referenceStack("deployed")), "api-task", "taskRoleArn"),
      names: /task role is computed at preview and depends on no role/,
    },
    {
      title: "task role without ClientMount, file system outside the stack (its policy may allow every client)",
      stack: () => withTaskRole(withEfs(referenceStack("deployed")), []),
      names: /the file system policy of fs-0123abcd \(outside this stack/,
    },
  ],
});

const deployed: readonly StackForm[] = ["deployed"];

describeStartupRule("FARGATE-EFS-IAM", {
  failing: [
    {
      title: "the file system policy denies the mount that the task role's policy allows",
      stack: (form) => ownFileSystem(withTaskRole(withEfs(referenceStack(form)), [MOUNT]), denyAllButBackup),
      forms: deployed,
      expected: ["FARGATE-EFS-IAM task-role"],
      says: /explicitly denied by file system policy of efs/,
    },
  ],
  passing: [
    {
      title: "a file system of the stack without a policy (EFS's default lets every client mount)",
      stack: (form) => ownFileSystem(withTaskRole(withEfs(referenceStack(form)), [NO_MOUNT])),
      forms: deployed,
    },
    {
      title: "a file system policy that refuses mounts without TLS",
      stack: (form) => ownFileSystem(withTaskRole(withEfs(referenceStack(form)), [MOUNT]), denyWithoutTls),
      forms: deployed,
    },
  ],
});
