import { referenceStack } from "../fixtures/stacks";
import { KEY_ARN, unknownProperty, withCmkParameter, withExecutionStatements } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const decryptVia = (service: string) => (s: Record<string, unknown>[]) => [
  ...s,
  {
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: KEY_ARN,
    Condition: { StringEquals: { "kms:ViaService": `${service}.eu-west-1.amazonaws.com` } },
  },
];

describeRule("FARGATE-KMS-IAM", {
  failing: [
    {
      title: "SecureString with a customer managed key, no kms:Decrypt",
      stack: () => withCmkParameter(referenceStack("deployed")),
      expected: ["FARGATE-KMS-IAM exec-role"],
    },
    {
      title: "kms:Decrypt only via S3",
      stack: () => withExecutionStatements(withCmkParameter(referenceStack("deployed")), decryptVia("s3")),
      expected: ["FARGATE-KMS-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "kms:Decrypt via SSM on the key",
      stack: () => withExecutionStatements(withCmkParameter(referenceStack("deployed")), decryptVia("ssm")),
    },
  ],
  notApplicable: [{ title: "parameter with the AWS managed key", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "execution policy computed",
      stack: () => unknownProperty(withCmkParameter(referenceStack("deployed")), "exec-policy", "policy"),
      names: /kms:Decrypt .*the policy document is not known at preview/,
    },
  ],
});
