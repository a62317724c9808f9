import { referenceStack } from "../fixtures/stacks";
import { unknownProperty, withEfs, withTaskRole } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const FILE_SYSTEM = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123abcd";

describeRule("FARGATE-EFS-IAM", {
  failing: [
    {
      title: "IAM authorisation on, no task role",
      stack: () => withEfs(referenceStack("deployed")),
      expected: ["FARGATE-EFS-IAM api-task"],
    },
    {
      title: "task role without ClientMount",
      stack: () => withTaskRole(withEfs(referenceStack("deployed")), []),
      expected: ["FARGATE-EFS-IAM task-role"],
    },
  ],
  passing: [
    {
      title: "task role with ClientMount",
      stack: () =>
        withTaskRole(withEfs(referenceStack("deployed")), [
          { Effect: "Allow", Action: "elasticfilesystem:ClientMount", Resource: FILE_SYSTEM },
        ]),
    },
  ],
  notApplicable: [{ title: "no EFS volume", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "task role computed with nothing to follow",
      stack: () => unknownProperty(withEfs(referenceStack("deployed")), "api-task", "taskRoleArn"),
      names: /task role is computed at preview and depends on no role/,
    },
  ],
});
