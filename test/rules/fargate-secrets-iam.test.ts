import { out } from "../fixtures/builder";
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

/** A SecretPolicy on the stack's secret. */
const secretPolicy =
  (...Statement: Record<string, unknown>[]) =>
  (b: ReturnType<typeof referenceStack>) => {
    b.add("aws:secretsmanager/secretPolicy:SecretPolicy", "db-secret-policy", {
      secretArn: out(b.handle("db-secret"), "arn"),
      policy: JSON.stringify({ Version: "2012-10-17", Statement }),
    });
    return b;
  };

describeRule("FARGATE-SECRETS-IAM", {
  failing: [
    {
      title: "the secret's resource policy denies the role",
      stack: () =>
        secretPolicy({
          Effect: "Deny",
          Principal: "*",
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin" } },
        })(referenceStack("deployed")),
      expected: ["FARGATE-SECRETS-IAM exec-role"],
    },
    {
      title: "no GetSecretValue",
      stack: () => withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("secretsmanager:")),
      expected: ["FARGATE-SECRETS-IAM exec-role"],
    },
    {
      // The agent's GetSecretValue is not a KMS call: kms:ViaService is absent from its request (known at preview).
      title: "GetSecretValue granted only with a kms:ViaService condition",
      stack: () =>
        withExecutionStatements(referenceStack("preview"), (s) => [
          ...dropStatementsMentioning("secretsmanager:")(s),
          {
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
          },
        ]),
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
