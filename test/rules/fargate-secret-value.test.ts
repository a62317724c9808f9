import { strict as assert } from "assert";
import { UNKNOWN } from "../../model";
import { jsonKeyProblem, secretArnFormProblem } from "../../model/startup";
import type { StackForm } from "../fixtures/builder";
import { literalStack, secretValueFrom, withSecretValue } from "../fixtures/startup-stacks";
import { findingsOf } from "../support/findings";
import { describeStartupRule } from "./startup-cases";

/** A value no finding may show any part of. */
const VALUE = { username: "app", pw: "S3cr3t-VALUE-9f2" };

/** The reference whose DB_PASSWORD reads `suffix` (":password::") of a secret whose value the stack sets. */
function readsKey(form: StackForm, suffix: string, secretString: unknown = JSON.stringify(VALUE), inputs = {}) {
  const b = literalStack(form, (containers, b) => {
    (containers[0].secrets as { valueFrom: unknown }[])[0].valueFrom = secretValueFrom(b, suffix);
  });
  return withSecretValue(b, secretString, inputs);
}

describeStartupRule("FARGATE-SECRET-VALUE", {
  failing: [
    {
      title: "a JSON key the value does not have",
      stack: (form) => readsKey(form, ":password::"),
      expected: ["FARGATE-SECRET-VALUE api-task"],
      says: /did not contain json key password/,
    },
    {
      title: "a JSON key of a value that is not JSON",
      stack: (form) => readsKey(form, ":password::", "S3cr3t-VALUE-9f2"),
      expected: ["FARGATE-SECRET-VALUE api-task"],
      says: /sets is not JSON/,
    },
    {
      title: "json-key without the two colons after it (the agent refuses the form)",
      stack: (form) => readsKey(form, ":pw"),
      expected: ["FARGATE-SECRET-VALUE api-task"],
      says: /an invalid ARN format for the AWS Secrets Manager secret was specified/,
    },
    {
      title: "a staging label no version of the new secret has",
      stack: (form) => readsKey(form, ":pw:AWSPENDING:"),
      forms: ["preview"],
      expected: ["FARGATE-SECRET-VALUE api-task"],
      says: /can't find the specified secret value for staging label: AWSPENDING/,
    },
  ],
  passing: [
    { title: "a JSON key the value has", stack: (form) => readsKey(form, ":pw::") },
    { title: "the whole secret (no key)", stack: (form) => readsKey(form, "") },
    {
      title: "a label the stack's version carries",
      stack: (form) => readsKey(form, ":pw:AWSPENDING:", JSON.stringify(VALUE), { versionStages: ["AWSPENDING"] }),
    },
  ],
  unknown: [
    {
      title: "a value computed at preview",
      stack: (form) => readsKey(form, ":password::", UNKNOWN),
      names: /whether .*secrets\[0\]\.valueFrom \(JSON key "password"\) can be read cannot be known/,
    },
    {
      title: "a staging label an existing secret may have been given elsewhere",
      stack: (form) => readsKey(form, ":pw:AWSPENDING:"),
      forms: ["deployed"],
      names: /staging label AWSPENDING/,
    },
  ],
});

describe("secret values in findings", () => {
  it("no finding shows any part of the secret's value", () => {
    for (const form of ["preview", "deployed"] as const) {
      for (const stack of [readsKey(form, ":password::"), readsKey(form, ":password::", "S3cr3t-VALUE-9f2")]) {
        const text = findingsOf(stack.resources)
          .map((finding) => finding.message)
          .join("\n");
        for (const part of ["S3cr3t", "VALUE-9f2", '"pw"', "username"]) assert.ok(!text.includes(part), part);
      }
    }
  });

  it("reads forms and keys as the agent does", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-AbCdEf";
    assert.equal(secretArnFormProblem(arn), undefined);
    assert.equal(secretArnFormProblem(`${arn}:key::`), undefined);
    assert.ok(secretArnFormProblem(`${arn}:key`));
    assert.ok(secretArnFormProblem(`${arn}:key:AWSCURRENT`));
    assert.ok(secretArnFormProblem(`${arn}:a:b:c:d`));
    assert.equal(jsonKeyProblem('{"a":1}', "a"), undefined);
    assert.match(jsonKeyProblem("null", "a")!.agentError, /did not contain json key a/);
    assert.match(jsonKeyProblem("[1]", "a")!.agentError, /cannot unmarshal array/);
  });
});
