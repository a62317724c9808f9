/**
 * A call on a resource AWS owns (the ECR layer bucket) through an endpoint policy: its account is
 * present and is not the customer's, but which AWS account it is stays unknown. "allowed" or
 * "denied" only when every such account gives the same answer, checked against the evaluator's
 * answers with the account written out, over generated endpoint policies.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { endpointCall, evaluateRequest, PolicyStatement, requestContext } from "../../model";

const ACCOUNT = "111122223333";
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const LAYERS = "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*";
/** Accounts the bucket may belong to: any but the customer's (and values policies name, to hit them). */
const AWS_ACCOUNTS = ["444455556666", "000000000000", "999988887777"];
const KEYS = ["aws:ResourceAccount", "s3:ResourceAccount", "aws:resourceaccount"];
const OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIfExists",
  "StringNotEqualsIfExists",
  "StringLike",
  "StringNotLike",
  "Null",
  "ForAnyValue:StringEquals",
];

const statement: fc.Arbitrary<PolicyStatement> = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    resource: fc.constantFrom("*", LAYERS, "arn:aws:s3:::shop-*/*"),
    operator: fc.constantFrom(...OPERATORS),
    key: fc.constantFrom(...KEYS),
    value: fc.constantFrom(ACCOUNT, [ACCOUNT, "444455556666"], "4444*", "*", "true", "false"),
    conditional: fc.boolean(),
  })
  .map(({ effect, resource, operator, key, value, conditional }) => {
    const result: PolicyStatement = { Effect: effect, Principal: "*", Action: "s3:GetObject", Resource: resource };
    if (conditional)
      result.Condition = {
        [operator]: { [key]: operator === "Null" ? (value === "false" ? "false" : "true") : value },
      };
    return result;
  });

describe("IAM evaluator: a resource AWS owns, seen by an endpoint policy", () => {
  it("decides only where every account that is not the customer's gives the same answer", () => {
    const decided = { allowed: 0, denied: 0, unknown: 0 };
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (statements) => {
        const policies = [{ name: "endpoint policy", document: { Version: "2012-10-17", Statement: statements } }];
        const decide = (decision: string) =>
          decision === "allowed" ? "allowed" : decision === "unknown" ? "unknown" : "denied";
        const open = decide(
          evaluateRequest(policies, endpointCall("s3:GetObject", LAYERS, undefined, ACCOUNT)).decision,
        );
        decided[open]++;
        if (open === "unknown") return true;
        for (const account of AWS_ACCOUNTS) {
          const written = requestContext({ "aws:ResourceAccount": account, "s3:ResourceAccount": account });
          const answer = decide(
            evaluateRequest(policies, { action: "s3:GetObject", resource: LAYERS, fullContext: written }).decision,
          );
          assert.equal(answer, open, `account ${account}: ${JSON.stringify(statements)}`);
        }
        return true;
      }),
      { numRuns: RUNS },
    );
    assert.ok(decided.allowed > 0 && decided.denied > 0, JSON.stringify(decided));
  });
});
