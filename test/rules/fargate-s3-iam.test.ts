import { UNKNOWN } from "../../model";
import { referenceStack } from "../fixtures/stacks";
import { withContainers, withExecutionStatements } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const ENV_FILE = "arn:aws:s3:::shop-config/api/prod.env";
const withEnvFile = () =>
  withContainers(referenceStack("deployed"), (c) => (c[0].environmentFiles = [{ value: ENV_FILE, type: "s3" }]));
const grant =
  (...statements: Record<string, unknown>[]) =>
  (s: Record<string, unknown>[]) => [...s, ...statements];

describeRule("FARGATE-S3-IAM", {
  failing: [
    { title: "environment file without S3 grants", stack: withEnvFile, expected: ["FARGATE-S3-IAM exec-role"] },
    {
      title: "GetObject on the bucket ARN instead of its objects",
      stack: () =>
        withExecutionStatements(
          withEnvFile(),
          grant({
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetBucketLocation"],
            Resource: "arn:aws:s3:::shop-config",
          }),
        ),
      expected: ["FARGATE-S3-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "GetObject on the file, GetBucketLocation on the bucket",
      stack: () =>
        withExecutionStatements(
          withEnvFile(),
          grant(
            { Effect: "Allow", Action: "s3:GetObject", Resource: ENV_FILE },
            { Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::shop-config" },
          ),
        ),
    },
  ],
  notApplicable: [{ title: "no environment files", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "a policy attached by an ARN computed outside the stack",
      stack: () => withEnvFile().patch("exec-role", (p) => (p.managedPolicyArns = [UNKNOWN])),
      names: /s3:GetObject .*(ARN computed at preview)/,
    },
  ],
});
