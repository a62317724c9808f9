/**
 * Key policies judged at a first preview, where the role's ARN is known but for its account
 * (`arn:aws:iam::{account}:role/exec`: name and path are inputs): "allowed" or "denied" only when
 * the answer is the same for every account the stack may be in. Checked against the evaluator's
 * own answers with the account known (which the differential test holds to an independent
 * simulator), over generated key and identity policies.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import {
  agentRequestContext,
  ANY_ACCOUNT,
  evaluateAccess,
  PolicyDocument,
  PolicyStatement,
  roleArnMatch,
} from "../../model";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const REGION = "eu-west-1";
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const root = (account: string) => `arn:aws:iam::${account}:root`;

const PRINCIPALS: unknown[] = [
  { AWS: role(ACCOUNT, "exec") },
  { AWS: role(ACCOUNT, "admin") },
  { AWS: role(OTHER, "exec") },
  { AWS: role(ACCOUNT, "Exec") },
  { AWS: role(ACCOUNT, "team/exec") },
  { AWS: root(ACCOUNT) },
  { AWS: root(OTHER) },
  { AWS: ACCOUNT },
  { AWS: [role(OTHER, "admin"), root(OTHER)] },
  "*",
];

const statement: fc.Arbitrary<PolicyStatement> = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom("kms:Decrypt", "kms:*", "*", "kms:Encrypt"),
    condition: fc.option(
      fc.constantFrom(
        { StringEquals: { "kms:ViaService": `ssm.${REGION}.amazonaws.com` } },
        { StringEquals: { "kms:CallerAccount": ACCOUNT } },
        { StringEquals: { "aws:PrincipalAccount": OTHER } },
      ),
      { freq: 3 },
    ),
  })
  .map(({ effect, principal, action, condition }) => {
    const result: PolicyStatement = {
      Effect: effect,
      Principal: principal as PolicyStatement["Principal"],
      Action: action,
      Resource: "*",
    };
    if (condition) result.Condition = condition;
    return result;
  });

const document = (statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

type Answer = "allowed" | "denied" | "unknown";

/** kms:Decrypt by role `exec` of account `account` (ANY_ACCOUNT: not known yet), on the stack's key. */
function answer(account: string, keyPolicy: PolicyDocument, identity: PolicyDocument | "unknown"): Answer {
  const known = account === ANY_ACCOUNT ? undefined : account;
  const serviceKeys = { "kms:ViaService": `ssm.${REGION}.amazonaws.com` };
  const verdict = evaluateAccess(
    {
      identity:
        identity === "unknown"
          ? { policies: [], unknown: ["role policy (computed at preview)"] }
          : { policies: [{ name: "role policy", document: identity }], unknown: [] },
      resource: { kind: "kms-key-policy", policies: [{ name: "key policy", document: keyPolicy }], unknown: [] },
      crossAccount: "no",
    },
    {
      action: "kms:Decrypt",
      resource: `arn:aws:kms:${REGION}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      fullContext: agentRequestContext({
        region: REGION,
        account: known,
        principalArn: known && role(known, "exec"),
        serviceKeys,
      }),
      principal: { arn: role(account, "exec"), account },
    },
  );
  return verdict.decision === "allowed" ? "allowed" : verdict.decision === "unknown" ? "unknown" : "denied";
}

describe("IAM evaluator: a role's ARN known but for its account (first preview)", () => {
  it("names a role by its ARN: another name is never it, the same name is it only if the account is", () => {
    const preview = role(ANY_ACCOUNT, "exec");
    assert.equal(roleArnMatch(role(ACCOUNT, "admin"), preview), "no");
    assert.equal(roleArnMatch(role(ACCOUNT, "exec"), preview), "maybe");
    assert.equal(roleArnMatch(role(ACCOUNT, "team/exec"), preview), "no");
    assert.equal(roleArnMatch(role(ACCOUNT, "exec"), role(ACCOUNT, "exec")), "yes");
    assert.equal(roleArnMatch(role(OTHER, "exec"), role(ACCOUNT, "exec")), "no");
    assert.equal(roleArnMatch(role(ACCOUNT, "Exec"), role(ACCOUNT, "exec")), "maybe");
  });

  it("decides a key policy only where every account the stack may be in gives the same answer", () => {
    const decided = { allowed: 0, denied: 0, unknown: 0 };
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.option(fc.array(statement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
        fc.boolean(),
        (keyStatements, identityStatements, identityUnknown) => {
          const keyPolicy = document(keyStatements);
          // Identity policies name no Principal.
          const identity = identityUnknown
            ? "unknown"
            : document(
                (identityStatements ?? [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]).map(
                  ({ Principal: _principal, ...rest }) => rest,
                ),
              );
          const atPreview = answer(ANY_ACCOUNT, keyPolicy, identity);
          decided[atPreview]++;
          if (atPreview === "unknown") return true;
          for (const account of [ACCOUNT, OTHER])
            assert.equal(
              answer(account, keyPolicy, identity),
              atPreview,
              `account ${account}: ${JSON.stringify(keyPolicy)}`,
            );
          return true;
        },
      ),
      { numRuns: RUNS },
    );
    // The point of knowing the name: most key policies are decided before the account is known.
    assert.ok(decided.allowed + decided.denied > decided.unknown / 2, JSON.stringify(decided));
  });
});
