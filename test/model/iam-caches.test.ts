/**
 * The evaluator compiles each document once (keyed by the document object) and shares
 * prepared ARN heads, request resources and range matches across documents and requests
 * (bounded maps). None of that may change a verdict: the answer for a document and a request
 * is the same whatever was evaluated before, and the same as for a fresh copy of the document.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { agentRequestContext, evaluateAccess, IamRequest, PolicyDocument, PolicyStatement } from "../../model";

const ACCOUNTS = ["111122223333", "444455556666", "{account}"];
const HEADS = [
  "arn:aws:ecr:eu-west-1:111122223333",
  "arn:aws:ecr:eu-west-1:*",
  "arn:aws:ecr:*:444455556666",
  "arn:aws:logs:eu-west-1:111122223333",
  "arn:aws:logs:eu-west-1:${aws:PrincipalAccount}",
  "arn:aws:secretsmanager:eu-west-1:1111222233?3",
  "arn:aws:s3::",
  "arn:AWS:ECR:EU-WEST-1:111122223333",
];
const PARTS = [
  "repository/app",
  "repository/*",
  "log-group:/ecs/app:*",
  "secret:db-??????",
  "secret:db-*",
  "*",
  "?ey/*",
];

const statementArb: fc.Arbitrary<PolicyStatement> = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: fc.constantFrom(
    "*",
    "ecr:*",
    "ecr:BatchGetImage",
    "logs:PutLogEvents",
    "secretsmanager:Get*",
    "ECR:batch?etimage",
  ),
  Resource: fc.array(
    fc.tuple(fc.constantFrom(...HEADS), fc.constantFrom(...PARTS)).map(([head, part]) => `${head}:${part}`),
    { minLength: 1, maxLength: 3 },
  ),
});
const documentArb: fc.Arbitrary<PolicyDocument> = fc.record({
  Version: fc.constantFrom("2012-10-17", "2008-10-17"),
  Statement: fc.array(statementArb, { minLength: 1, maxLength: 4 }),
});

function request(action: string, resource: string, account: string): IamRequest {
  const known = account === "{account}" ? undefined : account;
  return {
    action,
    resource,
    fullContext: agentRequestContext({ region: "eu-west-1", account: known, principalArn: undefined }),
    principal: { account },
  };
}

const requestArb: fc.Arbitrary<IamRequest> = fc
  .tuple(
    fc.constantFrom("ecr:BatchGetImage", "logs:PutLogEvents", "secretsmanager:GetSecretValue"),
    fc.constantFrom(...ACCOUNTS),
    fc.constantFrom(
      "repository/app",
      "log-group:/ecs/app:log-stream:api/api/{task-id}",
      "secret:db-{secret-suffix}",
      "secret:db-AbC123",
      "key/abc",
    ),
    fc.constantFrom("ecr", "logs", "secretsmanager"),
  )
  .map(([action, account, part, service]) =>
    request(action, `arn:aws:${service}:eu-west-1:${account}:${part}`, account),
  );

const verdict = (document: PolicyDocument, call: IamRequest) =>
  JSON.stringify(
    evaluateAccess({ identity: { policies: [{ name: "p", document }], unknown: [] }, crossAccount: "no" }, call),
  );

describe("IAM evaluator caches", () => {
  it("give every document and request the verdict of a fresh copy, whatever was evaluated before", () => {
    const documents = fc.sample(documentArb, { numRuns: 200, seed: 13 });
    const requests = fc.sample(requestArb, { numRuns: 60, seed: 17 });
    // Fresh copies first (nothing of them cached), then the shared objects in another order.
    const fresh = documents.map((document) => requests.map((call) => verdict(structuredClone(document), call)));
    for (let d = documents.length - 1; d >= 0; d--)
      for (let r = requests.length - 1; r >= 0; r--)
        assert.equal(verdict(documents[d], requests[r]), fresh[d][r], JSON.stringify([documents[d], requests[r]]));
  });

  it("stay correct past their bounds (more distinct resources than they keep)", () => {
    const document: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/a*" }],
    };
    for (let i = 0; i < 3000; i++) {
      const name = i % 2 === 0 ? `a${i}` : `b${i}`;
      const call = request(
        "ecr:BatchGetImage",
        `arn:aws:ecr:eu-west-1:111122223333:repository/${name}`,
        "111122223333",
      );
      assert.equal(verdict(document, call), verdict(structuredClone(document), call));
      assert.equal(JSON.parse(verdict(document, call)).decision, i % 2 === 0 ? "allowed" : "implicit-deny");
    }
  });
});
