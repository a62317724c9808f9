/**
 * One named test per class of wrong verdict the IAM evaluator used to give (issue 13): each
 * fails on the evaluator before the fix and passes after.
 */
import { strict as assert } from "assert";
import {
  AccessPolicies,
  agentRequestContext,
  evaluateAccess,
  evaluateRequest,
  IamDecision,
  IamRequest,
  logStreamArn,
  PolicyDocument,
  PolicyStatement,
  policyProblems,
  RESOURCE_ACCOUNT_UNKNOWN_REASON,
  secretResource,
  parseSecretArn,
} from "../../model";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const REGION = "eu-west-1";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/exec`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;
const GROUP = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/app`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const allowAll: PolicyStatement = { Effect: "Allow", Action: "*", Resource: "*" };

function agentCall(
  action: string,
  resource: string,
  serviceKeys?: Record<string, string>,
  account = ACCOUNT,
): IamRequest {
  return {
    action,
    resource,
    context: serviceKeys,
    fullContext: agentRequestContext({ region: REGION, account, principalArn: ROLE_ARN, serviceKeys }),
    principal: { arn: ROLE_ARN, account },
  };
}

function decision(statements: PolicyStatement[], request: IamRequest, unknown: string[] = []): IamDecision {
  return evaluateRequest([{ name: "role policy", document: doc(...statements) }], request, unknown).decision;
}

const getSecret = agentCall("secretsmanager:GetSecretValue", SECRET);

describe("IAM evaluator: conditions over a complete request context", () => {
  it("Deny * with BoolIfExists aws:SecureTransport false does not deny the agent (it calls over TLS)", () => {
    const guardrail: PolicyStatement = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
    };
    assert.equal(decision([allowAll, guardrail], getSecret), "allowed");
  });

  it("Allow with StringEqualsIfExists on aws:ResourceTag/env is unknown, not allowed (the tag may exist)", () => {
    const statement: PolicyStatement = {
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { StringEqualsIfExists: { "aws:ResourceTag/env": "prod" } },
    };
    assert.equal(decision([statement], getSecret), "unknown");
  });

  it("Null on an unknowable key is unknown; on a key known absent it is decided", () => {
    const nullOn = (key: string, value: string): PolicyStatement => ({
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { Null: { [key]: value } },
    });
    assert.equal(decision([nullOn("aws:SourceVpce", "true")], getSecret), "unknown");
    assert.equal(decision([nullOn("aws:SourceArn", "true")], getSecret), "allowed");
    assert.equal(decision([nullOn("aws:SourceArn", "false")], getSecret), "implicit-deny");
  });

  it("a negated operator on a key known absent matches (Deny StringNotEquals aws:SourceAccount denies)", () => {
    const deny: PolicyStatement = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
    };
    assert.equal(decision([allowAll, deny], getSecret), "explicit-deny");
  });

  it("known keys decide: aws:RequestedRegion, aws:PrincipalAccount, kms:ViaService and kms:CallerAccount", () => {
    const only = (operator: string, key: string, value: string): PolicyStatement => ({
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { [operator]: { [key]: value } },
    });
    assert.equal(decision([only("StringEquals", "aws:RequestedRegion", REGION)], getSecret), "allowed");
    assert.equal(decision([only("StringEquals", "aws:RequestedRegion", "us-east-1")], getSecret), "implicit-deny");
    assert.equal(decision([only("StringEquals", "aws:PrincipalAccount", ACCOUNT)], getSecret), "allowed");
    const decrypt = agentCall("kms:Decrypt", KEY, { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` });
    assert.equal(decision([only("StringLike", "kms:ViaService", "secretsmanager.*")], decrypt), "allowed");
    assert.equal(decision([only("StringEquals", "kms:CallerAccount", ACCOUNT)], decrypt), "allowed");
    assert.equal(decision([only("StringEquals", "kms:CallerAccount", OTHER)], decrypt), "implicit-deny");
  });

  it("kms:ViaService and kms:CallerAccount are absent from a call that is not made to KMS on the role's behalf", () => {
    const onViaService = (effect: "Allow" | "Deny", operator: string): PolicyStatement => ({
      Effect: effect,
      Action: "*",
      Resource: "*",
      Condition: { [operator]: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
    });
    assert.equal(decision([onViaService("Allow", "StringEquals")], getSecret), "implicit-deny");
    assert.equal(decision([allowAll, onViaService("Deny", "StringNotEquals")], getSecret), "explicit-deny");
    assert.equal(decision([allowAll, onViaService("Deny", "StringEquals")], getSecret), "allowed");
    const callerAccount: PolicyStatement = {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
    };
    assert.equal(decision([callerAccount], getSecret), "implicit-deny");
  });

  it("a resource's tags known in the stack decide aws:ResourceTag and the service's own tag keys", () => {
    const tagged = (tags: [string, string | undefined][], complete: boolean): IamRequest => ({
      action: "secretsmanager:GetSecretValue",
      resource: SECRET,
      fullContext: agentRequestContext({
        region: REGION,
        account: ACCOUNT,
        principalArn: ROLE_ARN,
        resourceTags: { prefixes: ["aws:ResourceTag/", "secretsmanager:ResourceTag/"], tags: new Map(tags), complete },
      }),
      principal: { arn: ROLE_ARN, account: ACCOUNT },
    });
    const onTag = (operator: string, key: string, value: string): PolicyStatement => ({
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { [operator]: { [key]: value } },
    });
    const shop = tagged([["app", "shop"]], true);
    assert.equal(decision([onTag("StringEquals", "aws:ResourceTag/app", "shop")], shop), "allowed");
    assert.equal(decision([onTag("StringEquals", "secretsmanager:ResourceTag/App", "shop")], shop), "allowed");
    assert.equal(decision([onTag("StringEquals", "aws:ResourceTag/app", "other")], shop), "implicit-deny");
    // Every tag known: another key is absent.
    assert.equal(decision([onTag("StringEquals", "aws:ResourceTag/team", "a")], shop), "implicit-deny");
    assert.equal(decision([onTag("Null", "aws:ResourceTag/team", "true")], shop), "allowed");
    // Default tags not known: another key may exist.
    assert.equal(
      decision([onTag("StringEquals", "aws:ResourceTag/team", "a")], tagged([["app", "shop"]], false)),
      "unknown",
    );
    // A tag whose value is computed is present: Null decides, equality does not.
    const computed = tagged([["app", undefined]], true);
    assert.equal(decision([onTag("Null", "aws:ResourceTag/app", "false")], computed), "allowed");
    assert.equal(decision([onTag("StringEquals", "aws:ResourceTag/app", "shop")], computed), "unknown");
  });

  it("an operator the evaluator does not implement is unknown when the key may be present", () => {
    const statement: PolicyStatement = {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } },
    };
    assert.equal(decision([statement], getSecret), "unknown");
  });
});

describe("IAM evaluator: order", () => {
  it("with no Allow at all the call is denied, whatever a conditional Deny says", () => {
    const conditionalDeny: PolicyStatement = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
    };
    const unrelated: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    assert.equal(decision([unrelated, conditionalDeny], getSecret), "implicit-deny");
  });
});

describe("IAM evaluator: request resources that are ranges", () => {
  const stream = logStreamArn(GROUP, "api", "web");
  const putEvents = agentCall("logs:PutLogEvents", stream);
  const allowOn = (Resource: string): PolicyStatement => ({ Effect: "Allow", Action: "logs:PutLogEvents", Resource });

  it("the awslogs stream prefix/container/{task-id}: allowed when every task id is, unknown when some are", () => {
    assert.equal(decision([allowOn(`${GROUP}:log-stream:api/web/*`)], putEvents), "allowed");
    assert.equal(decision([allowOn(`${GROUP}:*`)], putEvents), "allowed");
    assert.equal(decision([allowOn(`${GROUP}:log-stream:api/*`)], putEvents), "allowed");
    assert.equal(decision([allowOn(`${GROUP}:log-stream:api/web/a*`)], putEvents), "unknown");
    assert.equal(decision([allowOn(`${GROUP}:log-stream:other/*`)], putEvents), "implicit-deny");
    const denyOne: PolicyStatement = { Effect: "Deny", Action: "logs:*", Resource: `${GROUP}:log-stream:api/web/0*` };
    assert.equal(decision([allowOn("*"), denyOne], putEvents), "unknown");
  });

  it("a secret by partial ARN: the 6-character suffix is a range", () => {
    const reference = parseSecretArn(`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db`)!;
    const { resource, grant } = secretResource(reference);
    const request = agentCall("secretsmanager:GetSecretValue", resource);
    const allowOnSecret = (Resource: string): PolicyStatement => ({
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource,
    });
    assert.equal(decision([allowOnSecret(grant)], request), "allowed");
    assert.equal(decision([allowOnSecret(`${reference.arn}-*`)], request), "allowed");
    assert.equal(decision([allowOnSecret(reference.arn)], request), "implicit-deny");
    assert.equal(decision([allowOnSecret(`${reference.arn}-Ab*`)], request), "unknown");
    assert.equal(decision([allowOnSecret(`${reference.arn}-???`)], request), "implicit-deny");
  });
});

describe("IAM evaluator: policy variables", () => {
  const onAccount = (account: string): PolicyStatement => ({
    Effect: "Allow",
    Action: "secretsmanager:GetSecretValue",
    Resource: `arn:aws:secretsmanager:*:${account}:secret:*`,
  });
  it("substitutes the known ones", () => {
    assert.equal(decision([onAccount("${aws:PrincipalAccount}")], getSecret), "allowed");
    const other = agentCall("secretsmanager:GetSecretValue", SECRET.replace(ACCOUNT, OTHER));
    assert.equal(decision([onAccount("${aws:PrincipalAccount}")], other), "implicit-deny");
  });
  it("is unknown for the others (principal tags, an account not known at preview)", () => {
    const byTag: PolicyStatement = {
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: `arn:aws:secretsmanager:*:*:secret:\${aws:PrincipalTag/team}-*`,
    };
    assert.equal(decision([byTag], getSecret), "unknown");
    const noAccount: IamRequest = {
      ...getSecret,
      fullContext: agentRequestContext({ region: REGION, principalArn: ROLE_ARN }),
    };
    assert.equal(decision([onAccount("${aws:PrincipalAccount}")], noAccount), "unknown");
  });
  it("takes the text literally in a document without Version 2012-10-17", () => {
    const statement = onAccount("${aws:PrincipalAccount}");
    const verdict = evaluateRequest([{ name: "old", document: { Statement: [statement] } }], getSecret);
    assert.equal(verdict.decision, "implicit-deny");
  });
});

describe("IAM evaluator: malformed documents", () => {
  const cases: [string, PolicyStatement][] = [
    ['"Effect": "allow"', { Effect: "allow", Action: "*", Resource: "*" }],
    ["no Effect", { Action: "*", Resource: "*" }],
    ["Action and NotAction together", { Effect: "Allow", Action: "*", NotAction: "iam:*", Resource: "*" }],
    ["no Resource", { Effect: "Allow", Action: "*" }],
  ];
  for (const [title, statement] of cases) {
    it(`${title}: IAM rejects it, and it never allows`, () => {
      assert.notDeepEqual(policyProblems(doc(statement), "identity"), []);
      assert.equal(decision([statement], getSecret), "implicit-deny");
    });
  }
  it('"Effect": "deny" is reported too', () => {
    assert.match(policyProblems(doc({ Effect: "deny", Action: "*", Resource: "*" }), "identity").join(), /Effect/);
  });
});

describe("IAM evaluator: a document unknown at preview", () => {
  it("may hold a Deny: a known Allow is not enough", () => {
    assert.equal(decision([allowAll], getSecret, ["policy computed"]), "unknown");
  });
  it("cannot undo a known explicit Deny", () => {
    assert.equal(
      decision([allowAll, { Effect: "Deny", Action: "*", Resource: "*" }], getSecret, ["policy computed"]),
      "explicit-deny",
    );
  });
});

describe("IAM evaluator: policies beyond the role's own", () => {
  const identity = (...statements: PolicyStatement[]) => ({
    policies: [{ name: "role policy", document: doc(...statements) }],
    unknown: [],
  });
  const set = (name: string, ...statements: PolicyStatement[]) => ({
    policies: [{ name, document: doc(...statements) }],
    unknown: [],
  });
  const access = (extra: Partial<AccessPolicies>): AccessPolicies => ({
    identity: identity(allowAll),
    crossAccount: "no",
    ...extra,
  });

  it("a permissions boundary that does not allow the call denies it", () => {
    const boundary = set("boundary", { Effect: "Allow", Action: "ecr:*", Resource: "*" });
    assert.equal(evaluateAccess(access({ boundary }), getSecret).decision, "implicit-deny");
    const wide = set("boundary", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" });
    assert.equal(evaluateAccess(access({ boundary: wide }), getSecret).decision, "allowed");
  });

  const decrypt = agentCall("kms:Decrypt", KEY, { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` });
  const keyPolicy = (...statements: PolicyStatement[]) => ({
    kind: "kms-key-policy" as const,
    ...set("key policy", ...statements),
  });
  it("a key policy without the root delegation and without the role denies kms:Decrypt whatever the role says", () => {
    const adminsOnly = keyPolicy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
      Action: "kms:*",
      Resource: "*",
    });
    assert.equal(evaluateAccess(access({ resource: adminsOnly }), decrypt).decision, "implicit-deny");
  });
  it("a key policy naming the role allows it without any role policy", () => {
    const namesRole = keyPolicy({
      Effect: "Allow",
      Principal: { AWS: ROLE_ARN },
      Action: "kms:Decrypt",
      Resource: "*",
    });
    assert.equal(
      evaluateAccess({ identity: { policies: [], unknown: [] }, crossAccount: "no", resource: namesRole }, decrypt)
        .decision,
      "allowed",
    );
  });
  it("a root delegation leaves the decision to the role's policies", () => {
    const root = keyPolicy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    });
    assert.equal(evaluateAccess(access({ resource: root }), decrypt).decision, "allowed");
    assert.equal(
      evaluateAccess({ identity: { policies: [], unknown: [] }, crossAccount: "no", resource: root }, decrypt).decision,
      "implicit-deny",
    );
  });

  it("a secret's resource policy with a Deny denies", () => {
    const resource = {
      kind: "resource-policy" as const,
      ...set("secret policy", { Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*" }),
    };
    assert.equal(evaluateAccess(access({ resource }), getSecret).decision, "explicit-deny");
  });

  it("a cross-account repository needs its repository policy to allow the role too", () => {
    const image = agentCall("ecr:BatchGetImage", `arn:aws:ecr:${REGION}:${OTHER}:repository/app`);
    assert.equal(evaluateAccess(access({ crossAccount: "yes" }), image).decision, "implicit-deny");
    const repositoryPolicy = {
      kind: "resource-policy" as const,
      ...set("repository policy", { Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "ecr:*" }),
    };
    assert.equal(
      evaluateAccess(access({ crossAccount: "yes", resource: repositoryPolicy }), image).decision,
      "allowed",
    );
    const unknownPolicy = { kind: "resource-policy" as const, policies: [], unknown: ["repository policy"] };
    assert.equal(evaluateAccess(access({ crossAccount: "yes", resource: unknownPolicy }), image).decision, "unknown");
  });

  it("a repository whose account may or may not be the role's: unknown, naming the account as the input to set", () => {
    const image = agentCall("ecr:BatchGetImage", `arn:aws:ecr:${REGION}:${OTHER}:repository/app`);
    const verdict = evaluateAccess(access({ crossAccount: "maybe" }), image);
    assert.equal(verdict.decision, "unknown");
    assert.equal(verdict.reason, RESOURCE_ACCOUNT_UNKNOWN_REASON);
  });

  it("service control policies stated in config: a Deny denies, and one must allow", () => {
    const fullAccess = set("FullAWSAccess", allowAll);
    assert.equal(evaluateAccess(access({ organization: fullAccess }), getSecret).decision, "allowed");
    const denySecrets = set("deny secrets", allowAll, {
      Effect: "Deny",
      Action: "secretsmanager:*",
      Resource: "*",
    });
    assert.equal(evaluateAccess(access({ organization: denySecrets }), getSecret).decision, "explicit-deny");
    const ecrOnly = set("ecr only", { Effect: "Allow", Action: "ecr:*", Resource: "*" });
    assert.equal(evaluateAccess(access({ organization: ecrOnly }), getSecret).decision, "implicit-deny");
  });

  it("an endpoint policy whose Principal is another account does not allow the role", () => {
    const endpoint = doc({ Effect: "Allow", Principal: { AWS: OTHER }, Action: "*", Resource: "*" } as PolicyStatement);
    const verdict = evaluateRequest([{ name: "endpoint", document: endpoint }], getSecret, [], "endpoint");
    assert.equal(verdict.decision, "implicit-deny");
    const anyone = evaluateRequest(
      [{ name: "endpoint", document: endpoint }],
      { action: getSecret.action, resource: SECRET },
      [],
      "endpoint",
    );
    assert.equal(anyone.decision, "unknown");
  });
});
