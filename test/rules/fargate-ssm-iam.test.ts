import { UNKNOWN } from "../../model";
import { referenceStack } from "../fixtures/stacks";
import { dropStatementsMentioning, withContainers, withExecutionStatements } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-SSM-IAM", {
  failing: [
    {
      title: "no ssm:GetParameters",
      stack: () => withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("ssm:")),
      expected: ["FARGATE-SSM-IAM exec-role"],
    },
    {
      title: "ssm:GetParameter (singular) only",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...dropStatementsMentioning("ssm:")(s),
          {
            Effect: "Allow",
            Action: "ssm:GetParameter",
            Resource: "arn:aws:ssm:eu-west-1:111122223333:parameter/shop/token",
          },
        ]),
      expected: ["FARGATE-SSM-IAM exec-role"],
    },
  ],
  passing: [
    { title: "granted on the parameter ARN", stack: () => referenceStack("deployed") },
    {
      title: "AmazonSSMReadOnlyAccess attached",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("ssm:")).patch(
          "exec-role",
          (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"]),
        ),
    },
  ],
  notApplicable: [
    {
      title: "no parameters",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), (c) => delete c[0].secrets),
          dropStatementsMentioning("ssm:"),
        ),
    },
  ],
  unknown: [
    {
      title: "a policy attached by an ARN computed outside the stack",
      stack: () => {
        const b = withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("ssm:"));
        return b.patch("exec-role", (p) => (p.managedPolicyArns = [UNKNOWN]));
      },
      names: /ssm:GetParameters .*(ARN computed at preview)/,
    },
  ],
});
