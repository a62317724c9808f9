import {
  LOG_GROUP_ARN,
  dropStatementsMentioning,
  withContainers,
  withExecutionStatements,
  unknownProperty,
} from "../fixtures/variants";
import { referenceStack } from "../fixtures/stacks";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-LOGS-IAM", {
  failing: [
    {
      title: "no logs statements",
      stack: () => withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("logs:")),
      expected: ["FARGATE-LOGS-IAM exec-role"],
    },
    {
      title: "granted on the log group ARN without :* (streams are not covered)",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: LOG_GROUP_ARN },
        ]),
      expected: ["FARGATE-LOGS-IAM exec-role"],
    },
    {
      title: "granted on another stream prefix (the stream is api/api/<task-id>)",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}:log-stream:worker/*`,
          },
        ]),
      expected: ["FARGATE-LOGS-IAM exec-role"],
    },
    {
      title: "first preview, container definitions computed: granted on another log group only",
      stack: () =>
        withExecutionStatements(referenceStack("preview"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}-other:*`,
          },
        ]),
      expected: ["FARGATE-LOGS-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "granted on the stream prefix of the container (every task id)",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}:log-stream:api/api/*`,
          },
        ]),
    },
    { title: "granted on the log group's streams", stack: () => referenceStack("deployed") },
    {
      title: "AmazonECSTaskExecutionRolePolicy attached",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("logs:")).patch(
          "exec-role",
          (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]),
        ),
    },
  ],
  notApplicable: [
    {
      title: "no awslogs driver",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), (c) => delete c[0].logConfiguration),
          dropStatementsMentioning("logs:"),
        ),
    },
  ],
  unknown: [
    {
      title: "policy document computed at preview",
      stack: () => unknownProperty(referenceStack("preview"), "exec-policy", "policy"),
      names: /logs:CreateLogStream .*the policy document is not known at preview/,
    },
    {
      title: "granted on the task ids that start with 0 only",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}:log-stream:api/api/0*`,
          },
        ]),
      names: /logs:CreateLogStream .*only some values of the task id/,
    },
    {
      title:
        "first preview, container definitions computed: granted on a stream prefix (the prefix is in the computed text)",
      stack: () =>
        withExecutionStatements(referenceStack("preview"), (s) => [
          ...dropStatementsMentioning("logs:")(s),
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${LOG_GROUP_ARN}:log-stream:api/*`,
          },
        ]),
      names: /logs:CreateLogStream .*only some values of the log stream/,
    },
  ],
});
