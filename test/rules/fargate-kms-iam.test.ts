import { out } from "../fixtures/builder";
import { ACCOUNT, referenceStack } from "../fixtures/stacks";
import { KEY_ARN, unknownProperty, withCmkParameter, withExecutionStatements } from "../fixtures/variants";
import { describeRule } from "./rule-cases";
import { strict as assert } from "assert";
import { findingsOf } from "../support/findings";

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

/** A first preview: the role's policy computed, the key policy names an admin role only. */
function adminsOnlyAtFirstPreview() {
  return keyPolicy({ Effect: "Allow", Principal: admins, Action: "kms:*", Resource: "*" })(
    unknownProperty(withCmkParameter(referenceStack("preview")), "exec-policy", "policy"),
  );
}

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
      // On the key: its policy is what to change (the finding sat on the role until the key policy was named as the cause).
      title: "key policy without the root delegation and without the role (the role's grant does not count)",
      stack: () =>
        keyPolicy({ Effect: "Allow", Principal: admins, Action: "kms:*", Resource: "*" })(
          withExecutionStatements(withCmkParameter(referenceStack("deployed")), decryptVia("ssm")),
        ),
      expected: ["FARGATE-KMS-IAM params-key"],
    },
    {
      // The KeyPolicy resource replaces the key's policy, so it is what to change.
      title: "the same key policy set by a KeyPolicy resource",
      stack: () => {
        const b = withExecutionStatements(withCmkParameter(referenceStack("deployed")), decryptVia("ssm"));
        b.add("aws:kms/keyPolicy:KeyPolicy", "params-key-policy", {
          keyId: out(b.handle("params-key"), "keyId"),
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: admins, Action: "kms:*", Resource: "*" }],
          }),
        });
        return b;
      },
      expected: ["FARGATE-KMS-IAM params-key-policy"],
    },
    {
      title: "the same key policy at a first preview, with the role's policy computed: no identity policy can help",
      stack: adminsOnlyAtFirstPreview,
      expected: ["FARGATE-KMS-IAM params-key"],
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
      title: "a key policy that shuts the role out, beside a KMS grant on the key (grants allow on their own)",
      stack: () => {
        const b = adminsOnlyAtFirstPreview();
        b.add("aws:kms/grant:Grant", "exec-grant", {
          keyId: out(b.handle("params-key"), "keyId"),
          granteePrincipal: out(b.handle("exec-role"), "arn"),
          operations: ["Decrypt"],
        });
        return b;
      },
      names: /KMS grant exec-grant on the key may allow the call/,
    },
    {
      title: "execution policy computed",
      stack: () => unknownProperty(withCmkParameter(referenceStack("deployed")), "exec-policy", "policy"),
      names: /kms:Decrypt .*the policy document is not known at preview/,
    },
  ],
});

describe("FARGATE-KMS-IAM: a key policy that shuts the role out", () => {
  it("names the key policy as the fix, not a grant on the role", () => {
    const finding = findingsOf(adminsOnlyAtFirstPreview().resources).find((f) => f.ruleId === "FARGATE-KMS-IAM");
    assert.ok(finding);
    assert.match(finding.message, /the key policy neither names the role nor delegates to the account/);
    assert.match(finding.message, /Fix: add a statement to the key policy of params-key/);
    assert.match(finding.message, /arn:aws:iam::111122223333:root/);
    assert.doesNotMatch(finding.message, /Fix: allow kms:Decrypt/);
  });
});
