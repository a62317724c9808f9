import { ECS_EXEC_ACTIONS } from "../../model";
import { referenceStack } from "../fixtures/stacks";
import { unknownProperty, withExecuteCommand, withTaskRole } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-EXEC-IAM", {
  failing: [
    {
      title: "ECS Exec without a task role",
      stack: () => withExecuteCommand(referenceStack("deployed")),
      expected: ["FARGATE-EXEC-IAM api-task"],
    },
    {
      title: "task role without the channel actions",
      stack: () => withTaskRole(withExecuteCommand(referenceStack("deployed")), []),
      expected: ["FARGATE-EXEC-IAM task-role"],
    },
  ],
  passing: [
    {
      title: "task role with the channel actions",
      stack: () =>
        withTaskRole(withExecuteCommand(referenceStack("deployed")), [
          { Effect: "Allow", Action: ECS_EXEC_ACTIONS, Resource: "*" },
        ]),
    },
  ],
  notApplicable: [{ title: "ECS Exec off", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "task role computed with nothing to follow",
      stack: () => unknownProperty(withExecuteCommand(referenceStack("deployed")), "api-task", "taskRoleArn"),
      names: /task role is computed at preview and depends on no role/,
    },
  ],
});
