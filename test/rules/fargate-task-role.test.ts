import { UNKNOWN } from "../../model";
import type { StackForm } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { withTaskRole } from "../fixtures/variants";
import { describeStartupRule } from "./startup-cases";

const trust = (service: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });

const taskRoleTrusting = (service: string | undefined) => (form: StackForm) =>
  withTaskRole(referenceStack(form), [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]).patch(
    "task-role",
    (p) => (p.assumeRolePolicy = service === undefined ? UNKNOWN : trust(service)),
  );

describeStartupRule("FARGATE-TASK-ROLE", {
  failing: [
    {
      title: "a task role that trusts lambda.amazonaws.com",
      stack: taskRoleTrusting("lambda.amazonaws.com"),
      expected: ["FARGATE-TASK-ROLE task-role"],
      says: /ECS was unable to assume the role 'arn:aws:iam::111122223333:role\/task-role|ECS was unable to assume the role 'arn:aws:iam::<account>:role\/task-role/,
    },
    {
      title: "a task role that trusts ecs.amazonaws.com (not ecs-tasks)",
      stack: taskRoleTrusting("ecs.amazonaws.com"),
      expected: ["FARGATE-TASK-ROLE task-role"],
    },
  ],
  passing: [
    { title: "a task role that trusts ecs-tasks.amazonaws.com", stack: taskRoleTrusting("ecs-tasks.amazonaws.com") },
  ],
  notApplicable: [{ title: "no task role", stack: referenceStack }],
  unknown: [
    {
      title: "a trust policy computed at preview",
      stack: taskRoleTrusting(undefined),
      names: /whether ECS may assume its task role task-role cannot be known/,
    },
  ],
});
