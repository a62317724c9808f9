/**
 * An evaluator of IAM policies for the requests a Fargate task makes at start-up, with a
 * third answer a preview needs: "unknown", when the answer depends on something not known
 * before deployment (a condition key such as aws:SourceVpce, a task id inside the log stream
 * ARN, a policy document computed at preview).
 *
 * Why not @cloud-copilot/iam-simulate at run time: it answers allowed/denied for one fully
 * known request, where a preview needs a proof over every value the unknowns may take. It is
 * the independent oracle of the differential test instead (test/model/iam-differential).
 *
 * The semantics (README "How IAM is evaluated"): an explicit Deny wins; without an Allow the
 * call is denied; a permissions boundary must also allow; a resource policy may allow on its
 * own in the same account, must also allow across accounts, and a KMS key policy must always
 * allow (itself, or by delegating to the account). Every part is three-valued and
 * "allowed"/"denied" are reported only when they hold in every world.
 */
import { RequestContext, requestContext, resolveVariables, Tri, triAnd, triNot, triOr } from "./iam-request-context";
import { evaluateConditionBlock } from "./iam-conditions";
import { worldsOf } from "./iam-worlds";
import { PolicyDocument, PolicyKind, policyProblems, PolicyStatement, statementsOf } from "./iam-grammar";
import {
  ANY_ACCOUNT,
  compileResourcePattern,
  matchPreparedResource,
  matchResource,
  PreparedResource,
  prepareResource,
  ResourcePattern,
  resourceInAccount,
  unknownsOf,
} from "./iam-resource";
import {
  compileWildcards,
  literal,
  matchesPrepared,
  ONE,
  PreparedPattern,
  preparePattern,
  PreparedValue,
  sharedValue,
  STAR,
  wildcardMatches,
} from "./iam-wildcard";

export type { PolicyDocument, PolicyStatement } from "./iam-grammar";
export { policyProblems } from "./iam-grammar";

export { ANY_ACCOUNT, matchResource, RESOURCE_UNKNOWNS, resourceRange, unknownsOf } from "./iam-resource";

/** A policy and where it came from, for messages ("inline policy ecr of role exec"). */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** Who makes the request, for the Principal of resource and endpoint policies. */
export interface RequestPrincipal {
  /** The role's ARN, when known. */
  arn?: string;
  /** The role's account; ANY_ACCOUNT when it is the stack's, not known at preview. */
  account?: string;
}

export interface IamRequest {
  action: string;
  /** The resource ARN; may hold the placeholders of RESOURCE_UNKNOWNS (a range of ARNs). */
  resource: string;
  /** Context keys known present (e.g. kms:ViaService); with `fullContext` unset, every other key is unknowable. */
  context?: Readonly<Record<string, string>>;
  /** The complete context, when the caller knows it (overrides `context`). */
  fullContext?: RequestContext;
  principal?: RequestPrincipal;
}

export type IamDecision = "allowed" | "explicit-deny" | "implicit-deny" | "unknown";

export interface IamVerdict {
  decision: IamDecision;
  /** The policy (and statement id) that decided, or that made the answer unknown. */
  policy?: string;
  reason?: string;
}

/** Action names are case-insensitive; `*` and `?` are wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  return pattern === "*" || wildcardMatches(pattern, action, true);
}

/** Plain (two-valued) resource matching of a concrete ARN, kept for callers that build policies. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return matchResource(pattern, resource, requestContext(), false) === "yes";
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

const ACCOUNT_ID = /^(\d{12}|\{account\})$/;
const ROOT_PRINCIPAL = /^arn:[a-z-]+:iam::(\d{12}|\{account\}):root$/;

/** `arn:<partition>:iam::<account>:role/<path><name>` in its parts; the account may be `{account}`. */
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}|\{account\}):role(\/.*)$/;

/**
 * Does a role ARN in a Principal name the caller's role? The caller's ARN may hold `{account}`
 * (its name and path are known at preview, its account not yet): then an ARN of another name
 * is known not to be it. Role names are unique without regard to case in an account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names),
 * so a name differing only in case is left open.
 */
export function roleArnMatch(named: string, caller: string): Tri {
  if (named === caller) return "yes";
  const a = ROLE_ARN.exec(named);
  const b = ROLE_ARN.exec(caller);
  if (!a || !b || a[1] !== b[1]) return "no";
  const sameName = a[3] === b[3] ? "yes" : a[3].toLowerCase() === b[3].toLowerCase() ? "maybe" : "no";
  if (sameName === "no") return "no";
  if (a[2] === ANY_ACCOUNT || b[2] === ANY_ACCOUNT) return "maybe";
  return a[2] === b[2] ? sameName : "no";
}

/**
 * Does a Principal element name the caller? "direct" for the caller itself or everyone,
 * "account" for the caller's account (in a resource policy: a delegation to IAM).
 */
export function matchPrincipal(
  principal: unknown,
  caller: RequestPrincipal | undefined,
): { direct: Tri; account: Tri } {
  if (principal === "*") return { direct: "yes", account: "no" };
  if (typeof principal !== "object" || principal === null) return { direct: "no", account: "no" };
  let direct: Tri = "no";
  let account: Tri = "no";
  for (const raw of listOf((principal as Record<string, unknown>).AWS)) {
    const value = String(raw);
    if (value === "*") {
      direct = "yes";
      continue;
    }
    const accountOnly = ACCOUNT_ID.exec(value)?.[0] ?? ROOT_PRINCIPAL.exec(value)?.[1];
    const accountOf = accountOnly ?? /^arn:[a-z-]+:(?:iam|sts)::(\d{12}|\{account\}):/.exec(value)?.[1];
    const sameAccount: Tri =
      caller?.account === undefined
        ? "maybe"
        : caller.account === accountOf
          ? "yes"
          : caller.account === ANY_ACCOUNT || accountOf === ANY_ACCOUNT
            ? "maybe"
            : "no";
    if (accountOnly !== undefined) {
      account = triOr(account, sameAccount);
      continue;
    }
    if (/^arn:[a-z-]+:iam::(\d{12}|\{account\}):role\//.test(value)) {
      direct = triOr(direct, caller?.arn ? roleArnMatch(value, caller.arn) : triAnd(sameAccount, "maybe"));
    } else if (/^arn:[a-z-]+:sts::\d{12}:assumed-role\//.test(value)) {
      // The agent's session name is the task id: a session ARN may name it, not knowably.
      direct = triOr(direct, triAnd(sameAccount, "maybe"));
    }
  }
  return { direct, account };
}

interface StatementTest {
  applies: Tri;
  /** For resource policies: the Principal names the caller itself, or its account. */
  principal: { direct: Tri; account: Tri };
  why?: string;
  /** The only unknown is the stack's account (the policy names one, the request holds `{account}`). */
  accountOnly?: boolean;
}

/** Why an answer hangs on the account alone: one reason for every call, so one advisory per policy. */
export const ACCOUNT_UNKNOWN_REASON =
  "it names an account id, and the account of this stack's resources is not known at preview (set accountId in the pack config)";

/**
 * Why a KMS call is denied whatever the identity policies say: the key policy must allow it,
 * itself or by delegating to the account (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html).
 */
export const KEY_POLICY_REASON = "the key policy neither names the role nor delegates to the account";

/** Why a call is unknown when only the resource's account is: same account, or another one that needs the resource's policy. */
export const RESOURCE_ACCOUNT_UNKNOWN_REASON =
  "the resource names an account id, and whether it is the role's account is not known at preview (set accountId in the pack config; `fargate-preflight check --account`)";

/** A request prepared once for every statement, policy and world it is tested against. */
interface PreparedRequest {
  request: IamRequest;
  /** The action as matched: literal, folded. */
  action: PreparedValue;
  resource: PreparedResource;
}

function prepareRequest(request: IamRequest): PreparedRequest {
  return { request, action: sharedValue(literal(request.action), true), resource: prepareResource(request.resource) };
}

/** Action patterns of a statement, compiled: names without wildcards in a set, the others prepared. */
interface ActionPatterns {
  exact: ReadonlySet<string>;
  wildcards: readonly PreparedPattern[];
}

function compileActions(patterns: readonly string[]): ActionPatterns {
  const exact = new Set<string>();
  const wildcards: PreparedPattern[] = [];
  for (const pattern of patterns) {
    const compiled = compileWildcards(pattern);
    // Without a wildcard, matching is equality of the folded texts (matchesCompiled on one piece).
    if (compiled.includes(STAR) || compiled.includes(ONE)) wildcards.push(preparePattern(compiled, true));
    else exact.add(compiled.toLowerCase());
  }
  return { exact, wildcards };
}

function anyActionMatches(patterns: ActionPatterns, action: PreparedValue): boolean {
  return patterns.exact.has(action.text) || patterns.wildcards.some((pattern) => matchesPrepared(pattern, action));
}

/** A statement with its actions and resources compiled, once per document. */
interface CompiledStatement {
  statement: PolicyStatement;
  /** NotAction (the statement applies to actions matching none). */
  notAction: boolean;
  actions: ActionPatterns;
  /** NotResource, Resource, or neither (then every resource). */
  resourceElement: "NotResource" | "Resource" | undefined;
  resources: readonly ResourcePattern[];
  /** NotResource patterns holding a policy variable (one that cannot resolve voids the statement). */
  notResourceVariables: readonly string[];
}

interface CompiledDocument {
  variables: boolean;
  statements: readonly CompiledStatement[];
}

/** Compiled documents: documents are never mutated, and each is evaluated for many requests. */
const compiledCache = new WeakMap<PolicyDocument, CompiledDocument>();

function compileStatement(statement: PolicyStatement, variables: boolean): CompiledStatement {
  const notAction = statement.NotAction !== undefined;
  const resourceElement =
    statement.NotResource !== undefined ? "NotResource" : statement.Resource !== undefined ? "Resource" : undefined;
  const resourceTexts = asList(resourceElement ? statement[resourceElement] : undefined);
  return {
    statement,
    notAction,
    actions: compileActions(asList(notAction ? statement.NotAction : statement.Action)),
    resourceElement,
    resources: resourceTexts.map((text) => compileResourcePattern(text, variables)),
    notResourceVariables:
      resourceElement === "NotResource" && variables ? resourceTexts.filter((text) => text.includes("${")) : [],
  };
}

/** A document accepted by `policyProblems`, compiled on first use. */
function compiledDocument(document: PolicyDocument): CompiledDocument {
  let compiled = compiledCache.get(document);
  if (!compiled) {
    const variables = document.Version === "2012-10-17";
    compiled = {
      variables,
      statements: statementsOf(document).map((statement) => compileStatement(statement, variables)),
    };
    compiledCache.set(document, compiled);
  }
  return compiled;
}

/** Would the resource match be decided if the request's `{account}` were the account the pattern names? */
function decidedWithPatternAccount(
  patterns: readonly ResourcePattern[],
  resource: PreparedResource,
  context: RequestContext,
): boolean {
  if (!resource.text.includes(ANY_ACCOUNT)) return false;
  return patterns.every((pattern) => {
    const account = pattern.kind === "arn" ? pattern.account : undefined;
    const concrete = account ? resourceInAccount(resource, account) : resource;
    return matchPreparedResource(pattern, concrete, context) !== "maybe";
  });
}

const NO_CONDITION = { result: "yes" as Tri, unknownKeys: [] as string[] };

function testStatement(
  compiled: CompiledStatement,
  prepared: PreparedRequest,
  context: RequestContext,
  variables: boolean,
  kind: PolicyKind,
): StatementTest {
  const { statement } = compiled;
  const { request } = prepared;
  const none: StatementTest = { applies: "no", principal: { direct: "no", account: "no" } };
  const actionHit = anyActionMatches(compiled.actions, prepared.action) !== compiled.notAction;
  if (!actionHit) return none;
  let resource: Tri = "yes";
  if (compiled.resourceElement === "NotResource") {
    // A variable that cannot resolve makes the statement invalid (reference_policies_variables.html).
    for (const text of compiled.notResourceVariables)
      if (resolveVariables(text, context, true).kind === "never") return none;
    let any: Tri = "no";
    for (const pattern of compiled.resources)
      any = triOr(any, matchPreparedResource(pattern, prepared.resource, context));
    resource = triNot(any);
  } else if (compiled.resourceElement === "Resource") {
    resource = "no";
    for (const pattern of compiled.resources)
      resource = triOr(resource, matchPreparedResource(pattern, prepared.resource, context));
  }
  if (resource === "no") return none;
  let principal = { direct: "yes" as Tri, account: "no" as Tri };
  if (kind !== "identity") {
    if (statement.Principal !== undefined) principal = matchPrincipal(statement.Principal, request.principal);
    else if (statement.NotPrincipal !== undefined) {
      const named = matchPrincipal(statement.NotPrincipal, request.principal);
      principal = { direct: triNot(triOr(named.direct, named.account)), account: "no" };
    }
    if (triOr(principal.direct, principal.account) === "no") return none;
  }
  const condition =
    statement.Condition === undefined ? NO_CONDITION : evaluateConditionBlock(statement.Condition, context, variables);
  if (condition.result === "no") return none;
  const applies = triAnd(resource, condition.result);
  const whys: string[] = [];
  const accountOnly =
    resource === "maybe" &&
    condition.result === "yes" &&
    (kind === "identity" || triOr(principal.direct, principal.account) !== "maybe") &&
    decidedWithPatternAccount(compiled.resources, prepared.resource, context);
  if (accountOnly) return { applies, principal, why: ACCOUNT_UNKNOWN_REASON, accountOnly };
  if (resource === "maybe") {
    const unknowns = unknownsOf(request.resource);
    whys.push(
      unknowns.length > 0
        ? `its Resource matches only some values of ${unknowns.join(" and ")}`
        : "its Resource uses a policy variable that is not known before deployment",
    );
  }
  if (condition.result === "maybe")
    whys.push(`its condition (${condition.unknownKeys.join(", ")}) cannot be evaluated before deployment`);
  if (kind !== "identity" && triOr(principal.direct, principal.account) === "maybe")
    whys.push("its Principal may or may not be this role (role ARN or account not known at preview)");
  return { applies, principal, why: whys.join("; ") || undefined };
}

function label(policy: NamedPolicy, statement: PolicyStatement, index: number): string {
  return `${policy.name} (statement ${statement.Sid ?? index + 1})`;
}

/** The Allow and Deny of a set of policies of one kind, three-valued, with where each came from. */
interface PolicySetResult {
  deny: Tri;
  allow: Tri;
  /** Allow through the Principal naming the caller (resource policies); equals `allow` for identity policies. */
  allowDirect: Tri;
  /** Allow through the Principal naming the caller's account (resource policies). */
  allowAccount: Tri;
  denyBy?: string;
  allowBy?: string;
  maybeBy?: string;
  maybeWhy?: string;
}

/** Grammar checks per document and kind, once: a document is evaluated for many requests. */
const acceptedCache = new WeakMap<PolicyDocument, Map<PolicyKind, boolean>>();

function accepted(document: PolicyDocument, kind: PolicyKind): boolean {
  let byKind = acceptedCache.get(document);
  if (!byKind) {
    byKind = new Map();
    acceptedCache.set(document, byKind);
  }
  let ok = byKind.get(kind);
  if (ok === undefined) {
    ok = policyProblems(document, kind).length === 0;
    byKind.set(kind, ok);
  }
  return ok;
}

function contextOf(request: IamRequest): RequestContext {
  return request.fullContext ?? requestContext(request.context ?? {});
}

function evaluateSet(
  policies: readonly NamedPolicy[],
  unknown: readonly string[],
  request: PreparedRequest,
  context: RequestContext,
  kind: PolicyKind,
): PolicySetResult {
  const result: PolicySetResult = { deny: "no", allow: "no", allowDirect: "no", allowAccount: "no" };
  const noteMaybe = (by: string, why: string) => {
    result.maybeBy ??= by;
    result.maybeWhy ??= why;
  };
  for (const policy of policies) {
    // A document IAM rejects is reported on its own (policyProblems); it grants nothing.
    if (!accepted(policy.document, kind)) continue;
    const { variables, statements } = compiledDocument(policy.document);
    const noteAccount = () => noteMaybe(policy.name, ACCOUNT_UNKNOWN_REASON);
    for (let index = 0; index < statements.length; index++) {
      const { statement } = statements[index];
      const test = testStatement(statements[index], request, context, variables, kind);
      if (test.applies === "no") continue;
      const where = label(policy, statement, index);
      const direct = triAnd(test.applies, test.principal.direct);
      const account = triAnd(test.applies, test.principal.account);
      const any = triOr(direct, account);
      if (statement.Effect === "Deny") {
        if (any === "yes") {
          result.denyBy ??= where;
          result.deny = "yes";
        } else if (any === "maybe") {
          result.deny = triOr(result.deny, "maybe");
          if (test.accountOnly) noteAccount();
          else noteMaybe(where, `a Deny statement applies only if ${test.why ?? "an unknown holds"}`);
        }
      } else {
        result.allowDirect = triOr(result.allowDirect, direct);
        result.allowAccount = triOr(result.allowAccount, account);
        result.allow = triOr(result.allow, any);
        if (any === "yes") result.allowBy ??= where;
        else if (any === "maybe" && test.accountOnly) noteAccount();
        else if (any === "maybe")
          noteMaybe(where, `the Allow statement applies only if ${test.why ?? "an unknown holds"}`);
      }
    }
  }
  if (unknown.length > 0) {
    // A document not known dominates: one advisory per role and document, whatever else is open.
    result.maybeBy = unknown.join(", ");
    result.maybeWhy = "the policy document is not known at preview, and it may Allow or Deny this call";
  }
  for (const name of unknown) {
    result.deny = triOr(result.deny, "maybe");
    result.allow = triOr(result.allow, "maybe");
    result.allowDirect = triOr(result.allowDirect, "maybe");
    result.allowAccount = triOr(result.allowAccount, "maybe");
    noteMaybe(name, "the policy document is not known at preview, and it may Allow or Deny this call");
  }
  return result;
}

function decide(deny: Tri, allow: Tri, sets: readonly PolicySetResult[]): IamVerdict {
  if (deny === "yes") {
    const by = sets.find((set) => set.denyBy)?.denyBy;
    return { decision: "explicit-deny", policy: by };
  }
  if (allow === "no") {
    // Without any Allow the call is denied, whatever a conditional Deny says.
    return { decision: "implicit-deny" };
  }
  if (deny === "no" && allow === "yes")
    return { decision: "allowed", policy: sets.find((set) => set.allowBy)?.allowBy };
  const unsure = sets.find((set) => set.maybeBy && (set.deny === "maybe" || set.allow === "maybe")) ?? sets[0];
  return {
    decision: "unknown",
    policy: unsure?.maybeBy,
    reason: unsure?.maybeWhy ?? "a policy's outcome cannot be known before deployment",
  };
}

/**
 * The decision of IAM over identity policies alone (and, for VPC endpoint policies, over the
 * endpoint policy alone: pass kind "endpoint"). `unknownPolicies` names policies whose
 * documents are not known.
 */
export function evaluateRequest(
  policies: readonly NamedPolicy[],
  request: IamRequest,
  unknownPolicies: readonly string[] = [],
  kind: PolicyKind = policies.some((policy) => namesPrincipals(policy.document)) ? "endpoint" : "identity",
): IamVerdict {
  const prepared = prepareRequest(request);
  return inEveryWorld(
    policies.map((policy) => policy.document),
    contextOf(request),
    (world) => {
      const set = evaluateSet(policies, unknownPolicies, prepared, world, kind);
      return decide(set.deny, set.allow, [set]);
    },
  );
}

/** A document whose statements name principals is a resource or endpoint policy, never an identity one. */
function namesPrincipals(document: PolicyDocument): boolean {
  return statementsOf(document).some(
    (statement) =>
      typeof statement === "object" &&
      statement !== null &&
      (statement.Principal !== undefined || statement.NotPrincipal !== undefined),
  );
}

/**
 * Evaluates once per joint world of the keys several conditions test (iam-worlds) and
 * combines: allowed or denied only when every world agrees.
 */
function inEveryWorld(
  documents: readonly PolicyDocument[],
  context: RequestContext,
  evaluate: (context: RequestContext) => IamVerdict,
): IamVerdict {
  const worlds = worldsOf(documents, context);
  if (worlds.length === 1) return evaluate(context);
  const verdicts = worlds.map(evaluate);
  const unknown = verdicts.find((verdict) => verdict.decision === "unknown");
  if (unknown) return unknown;
  if (verdicts.every((verdict) => verdict.decision === "allowed")) return verdicts[0];
  const denials = verdicts.filter((verdict) => verdict.decision !== "allowed");
  if (denials.length === verdicts.length)
    return denials.find((verdict) => verdict.decision === "implicit-deny") ?? denials[0];
  const allowed = verdicts.find((verdict) => verdict.decision === "allowed");
  return {
    decision: "unknown",
    policy: allowed?.policy ?? denials[0].policy,
    reason: "allowed or denied depending on condition keys that cannot be known before deployment",
  };
}

/** A policy set that may be known or not. */
export interface PolicySet {
  policies: readonly NamedPolicy[];
  unknown: readonly string[];
}

export interface AccessPolicies {
  identity: PolicySet;
  /** The role's permissions boundary; undefined when it has none. */
  boundary?: PolicySet;
  /**
   * The resource's own policy: a KMS key policy (always present: the default one when the
   * key sets none), or a repository / secret policy (undefined when it has none).
   */
  resource?: PolicySet & { kind: "kms-key-policy" | "resource-policy" };
  /** Is the resource in another account than the role? "maybe" when an account is not known. */
  crossAccount: Tri;
  /** Service control policies of the role's account, when the configuration states them. */
  organization?: PolicySet;
}

/**
 * The whole decision for one call of the role: identity policies, permissions boundary and
 * the resource's policy, per the AWS policy evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html,
 * https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html).
 */
export function evaluateAccess(access: AccessPolicies, request: IamRequest): IamVerdict {
  const documents: PolicyDocument[] = [];
  for (const set of [access.identity, access.boundary, access.resource, access.organization])
    for (const policy of set?.policies ?? []) documents.push(policy.document);
  const prepared = prepareRequest(request);
  return inEveryWorld(documents, contextOf(request), (world) => evaluateAccessInWorld(access, prepared, world));
}

function evaluateAccessInWorld(access: AccessPolicies, request: PreparedRequest, context: RequestContext): IamVerdict {
  const set = (policies: PolicySet, kind: PolicyKind) =>
    evaluateSet(policies.policies, policies.unknown, request, context, kind);
  const identity = set(access.identity, "identity");
  const boundary = access.boundary ? set(access.boundary, "identity") : undefined;
  const resource = access.resource ? set(access.resource, "resource") : undefined;
  const organization = access.organization ? set(access.organization, "identity") : undefined;
  const sets = [identity, ...[boundary, resource, organization].filter((set): set is PolicySetResult => !!set)];
  const deny = sets.reduce<Tri>((sum, set) => triOr(sum, set.deny), "no");
  // A boundary caps what identity policies (and a resource policy naming the role) grant.
  const capped = (grant: Tri) => (boundary ? triAnd(grant, boundary.allow) : grant);
  let allow: Tri;
  if (!resource) {
    allow = triAnd(capped(identity.allow), triNot(access.crossAccount));
  } else if (access.resource?.kind === "kms-key-policy") {
    allow = triOr(capped(resource.allowDirect), triAnd(resource.allowAccount, capped(identity.allow)));
  } else {
    const sameAccount = triOr(capped(identity.allow), capped(resource.allowDirect));
    const otherAccount = triAnd(capped(identity.allow), triOr(resource.allowDirect, resource.allowAccount));
    allow =
      access.crossAccount === "no"
        ? sameAccount
        : access.crossAccount === "yes"
          ? otherAccount
          : sameAccount === otherAccount
            ? sameAccount
            : "maybe";
  }
  // An SCP must allow too (it grants nothing itself).
  if (organization) allow = triAnd(allow, organization.allow);
  const verdict = decide(deny, allow, sets);
  // Unknown with no policy unsure of itself: the account of the resource left it open.
  if (verdict.decision === "unknown" && access.crossAccount === "maybe" && !sets.some((set) => set.maybeWhy))
    return { ...verdict, reason: RESOURCE_ACCOUNT_UNKNOWN_REASON };
  if (verdict.decision === "implicit-deny") {
    if (organization && organization.allow === "no")
      return { ...verdict, reason: "no service control policy stated in the pack config allows it" };
    if (boundary && boundary.allow === "no" && identity.allow !== "no")
      return { ...verdict, reason: "the role's permissions boundary does not allow it" };
    if (resource && access.resource?.kind === "kms-key-policy" && resource.allow === "no")
      return { ...verdict, reason: KEY_POLICY_REASON, policy: access.resource.policies[0]?.name ?? verdict.policy };
    if (resource && access.crossAccount === "yes" && resource.allow === "no")
      return { ...verdict, reason: "the resource is in another account and its policy does not allow the role" };
    if (!resource && access.crossAccount === "yes")
      return { ...verdict, reason: "the resource is in another account and has no policy allowing the role" };
  }
  return verdict;
}

/** Parses a policy document given as a JSON string or an object; undefined when it is not one. */
export function parsePolicyDocument(value: unknown): PolicyDocument | undefined {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  return parsed as PolicyDocument;
}
