import { strict as assert } from "assert";
import { registryCredentialsProblem } from "../../model/startup";
import type { StackForm } from "../fixtures/builder";
import { literalStack, secretValueFrom, withSecretValue } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference container pulling with the credentials in the reference secret, whose value the stack sets. */
function pullsWith(form: StackForm, value: unknown) {
  const b = literalStack(form, (containers, b) => {
    containers[0].repositoryCredentials = { credentialsParameter: secretValueFrom(b, "") };
  });
  return withSecretValue(b, value);
}

describeStartupRule("FARGATE-REGISTRY-CREDENTIALS", {
  failing: [
    {
      title: "credentials without a password",
      stack: (form) => pullsWith(form, JSON.stringify({ username: "ci-bot" })),
      expected: ["FARGATE-REGISTRY-CREDENTIALS db-secret-value"],
      says: /asm fetching password: AuthorizationData is malformed, empty field/,
    },
    {
      title: "a token alone, not JSON",
      stack: (form) => pullsWith(form, "ghp_abcdef"),
      expected: ["FARGATE-REGISTRY-CREDENTIALS db-secret-value"],
      says: /unable to unmarshal secret value, invalid schema/,
    },
  ],
  passing: [
    {
      title: "username and password",
      stack: (form) => pullsWith(form, JSON.stringify({ username: "ci-bot", password: "t0k" })),
    },
    {
      title: "field names in another case (Go matches them case-insensitively)",
      stack: (form) => pullsWith(form, JSON.stringify({ Username: "ci-bot", PASSWORD: "t0k" })),
    },
  ],
  notApplicable: [{ title: "no repositoryCredentials", stack: (form) => withSecretValue(literalStack(form), "x") }],
});

describe("registry credentials shape", () => {
  it("follows the agent's decoding", () => {
    assert.equal(registryCredentialsProblem('{"username":"a","password":"b"}'), undefined);
    assert.match(registryCredentialsProblem("")!.agentError, /empty secrets value/);
    assert.match(registryCredentialsProblem('{"username":1,"password":"b"}')!.agentError, /invalid schema/);
    assert.match(registryCredentialsProblem('{"username":"","password":"b"}')!.agentError, /username/);
    assert.match(registryCredentialsProblem("null")!.agentError, /username/);
  });
});
