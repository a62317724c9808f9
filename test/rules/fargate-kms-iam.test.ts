import { ACCOUNT, referenceStack } from "../fixtures/stacks";
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

/** Sets the key policy of the parameters' key (the default one, delegating to the account, otherwise). */
const keyPolicy =
  (...Statement: Record<string, unknown>[]) =>
  (b: ReturnType<typeof referenceStack>) =>
    b.set("params-key", { policy: JSON.stringify({ Version: "2012-10-17", Statement }) });
const admins = { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` };
const execRole = { AWS: `arn:aws:iam::${ACCOUNT}:role/exec-role` };

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
    {
      title: "key policy without the root delegation and without the role (the role's grant does not count)",
      stack: () =>
        keyPolicy({ Effect: "Allow", Principal: admins, Action: "kms:*", Resource: "*" })(
          withExecutionStatements(withCmkParameter(referenceStack("deployed")), decryptVia("ssm")),
        ),
      expected: ["FARGATE-KMS-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "key policy naming the execution role, no grant on the role",
      stack: () =>
        keyPolicy(
          { Effect: "Allow", Principal: admins, Action: "kms:*", Resource: "*" },
          { Effect: "Allow", Principal: execRole, Action: "kms:Decrypt", Resource: "*" },
        )(withCmkParameter(referenceStack("deployed"))),
    },
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
