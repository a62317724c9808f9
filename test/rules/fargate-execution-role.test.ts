import { referenceStack } from "../fixtures/stacks";
import { asEc2Service, unknownProperty, withExecutionStatements } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const ec2Trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

describeRule("FARGATE-EXECUTION-ROLE", {
  failing: [
    {
      title: "task definition without executionRoleArn",
      stack: () => referenceStack("deployed").patch("api-task", (p) => delete p.executionRoleArn),
      expected: ["FARGATE-EXECUTION-ROLE api-task"],
    },
    {
      title: "role trusting ec2.amazonaws.com",
      stack: () => referenceStack("preview").patch("exec-role", (p) => (p.assumeRolePolicy = ec2Trust)),
      expected: ["FARGATE-EXECUTION-ROLE exec-role"],
    },
    {
      title: 'execution policy with "Effect": "deny" (IAM rejects the document)',
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...s,
          { Effect: "deny", Action: "s3:*", Resource: "*" },
        ]),
      expected: ["FARGATE-EXECUTION-ROLE exec-policy"],
    },
    {
      title: "execution policy with Action and NotAction in one statement",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...s,
          { Effect: "Allow", Action: "s3:GetObject", NotAction: "iam:*", Resource: "*" },
        ]),
      expected: ["FARGATE-EXECUTION-ROLE exec-policy"],
    },
    {
      title: "malformed role policy whose role comes from another stack (IAM rejects it whatever the role)",
      stack: () =>
        unknownProperty(
          withExecutionStatements(referenceStack("preview"), (s) => [
            ...s,
            { Effect: "deny", Action: "s3:*", Resource: "*" },
          ]),
          "exec-policy",
          "role",
        ),
      expected: ["FARGATE-EXECUTION-ROLE exec-policy"],
    },
  ],
  passing: [{ title: "role trusting ecs-tasks.amazonaws.com", stack: () => referenceStack("preview") }],
  notApplicable: [
    {
      title: "not a Fargate service",
      stack: () => asEc2Service(referenceStack("deployed").patch("api-task", (p) => delete p.executionRoleArn)),
    },
  ],
  unknown: [
    {
      title: "trust policy computed",
      stack: () => unknownProperty(referenceStack("deployed"), "exec-role", "assumeRolePolicy"),
      names: /trust policy is computed at preview/,
    },
  ],
});
