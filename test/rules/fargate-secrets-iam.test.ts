import { referenceStack } from "../fixtures/stacks";
import {
  SECRET_ARN,
  dropStatementsMentioning,
  withContainers,
  withExecutionStatements,
  unknownProperty,
} from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const PARTIAL = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db";
const usePartialArn = (c: Record<string, unknown>[]) =>
  ((c[0].secrets as { valueFrom: string }[])[0].valueFrom = PARTIAL);
const grantOn = (resource: string) => (s: Record<string, unknown>[]) => [
  ...dropStatementsMentioning("secretsmanager:")(s),
  { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: resource },
];

describeRule("FARGATE-SECRETS-IAM", {
  failing: [
    {
      title: "no GetSecretValue",
      stack: () => withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("secretsmanager:")),
      expected: ["FARGATE-SECRETS-IAM exec-role"],
    },
    {
      title: "partial ARN granted as written (the request carries the suffix)",
      stack: () => withExecutionStatements(withContainers(referenceStack("deployed"), usePartialArn), grantOn(PARTIAL)),
      expected: ["FARGATE-SECRETS-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "granted on the full ARN",
      stack: () => withExecutionStatements(referenceStack("deployed"), grantOn(SECRET_ARN)),
    },
    {
      title: "partial ARN granted with -??????",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), usePartialArn),
          grantOn(`${PARTIAL}-??????`),
        ),
    },
  ],
  notApplicable: [
    {
      title: "no secrets",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), (c) => delete c[0].secrets),
          dropStatementsMentioning("secretsmanager:"),
        ),
    },
  ],
  unknown: [
    {
      title: "policy document computed at preview",
      stack: () => unknownProperty(referenceStack("preview"), "exec-policy", "policy"),
      names: /secretsmanager:GetSecretValue .*the policy document is not known at preview/,
    },
  ],
});
