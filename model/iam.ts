/**
 * A small evaluator of identity policies for the requests a Fargate task makes at start-up.
 *
 * Why not @cloud-copilot/iam-simulate: it is thorough (it also models key policies and
 * resource policies) but asynchronous and measured here at ~0.6 ms per request, too slow for
 * thousands of requests on every preview; and it answers allowed/denied, where a preview
 * needs a third answer, "depends on something not known" (a condition on a key we cannot
 * see, a policy document computed at preview).
 *
 * Scope: Allow/Deny, Action/NotAction, Resource/NotResource with IAM wildcards matched per
 * ARN section, and String/Arn/Bool conditions on the keys a request carries. Conditions on
 * other keys make a statement "conditional": its effect is reported as unknown, never as a pass.
 */

/** Stands for "the account the task runs in" when it is not known at preview. */
export const ANY_ACCOUNT = "{account}";

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

/** A policy and where it came from, for messages ("inline policy ecr of role exec"). */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

export interface IamRequest {
  action: string;
  resource: string;
  context?: Readonly<Record<string, string>>;
}

export type IamDecision = "allowed" | "explicit-deny" | "implicit-deny" | "unknown";

export interface IamVerdict {
  decision: IamDecision;
  /** The policy (and statement id) that decided, or that made the answer unknown. */
  policy?: string;
  reason?: string;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const globCache = new Map<string, RegExp>();

/** IAM wildcards: `*` any run of characters, `?` one character; matching ignores nothing else. */
function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let regExp = globCache.get(key);
  if (!regExp) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regExp = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
    globCache.set(key, regExp);
  }
  return regExp;
}

/** Action names are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return pattern === "*" || globToRegExp(pattern, true).test(action);
}

/**
 * Resource patterns are matched per ARN section (wildcards do not span the colons of the
 * first five sections). A request on "*" (actions without resource-level permissions) is
 * matched only by "*".
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  if (resource === "*") return false;
  const patternParts = pattern.split(":");
  const resourceParts = resource.split(":");
  if (patternParts.length < 6 || resourceParts.length < 6 || patternParts[0] !== "arn") {
    return globToRegExp(pattern, false).test(resource);
  }
  for (let i = 1; i < 5; i++) {
    if (i === 4 && resourceParts[i] === ANY_ACCOUNT) continue;
    if (!globToRegExp(patternParts[i], false).test(resourceParts[i])) return false;
  }
  return globToRegExp(patternParts.slice(5).join(":"), false).test(resourceParts.slice(5).join(":"));
}

type ConditionResult = "match" | "no-match" | "unknown";

function conditionValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function evaluateOperator(
  operator: string,
  key: string,
  expected: unknown,
  context: Readonly<Record<string, string>>,
): ConditionResult {
  const ifExists = operator.endsWith("IfExists");
  const base = ifExists ? operator.slice(0, -"IfExists".length) : operator;
  const baseName = base.includes(":") ? base.split(":")[1] : base; // ForAnyValue:StringLike → StringLike
  const contextKey = Object.keys(context).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  if (contextKey === undefined) {
    if (ifExists) return "match";
    if (baseName === "Null") return String(expected) === "true" ? "match" : "no-match";
    return "unknown";
  }
  const actual = context[contextKey];
  const values = conditionValues(expected);
  switch (baseName) {
    case "StringEquals":
    case "ArnEquals":
      return values.includes(actual) ? "match" : "no-match";
    case "StringEqualsIgnoreCase":
      return values.some((value) => value.toLowerCase() === actual.toLowerCase()) ? "match" : "no-match";
    case "StringNotEquals":
    case "ArnNotEquals":
      return values.includes(actual) ? "no-match" : "match";
    case "StringLike":
    case "ArnLike":
      return values.some((value) => globToRegExp(value, false).test(actual)) ? "match" : "no-match";
    case "StringNotLike":
    case "ArnNotLike":
      return values.some((value) => globToRegExp(value, false).test(actual)) ? "no-match" : "match";
    case "Bool":
      return values.includes(actual) ? "match" : "no-match";
    case "Null":
      return String(expected) === "false" ? "match" : "no-match";
    default:
      return "unknown";
  }
}

function evaluateConditions(
  condition: PolicyStatement["Condition"],
  context: Readonly<Record<string, string>>,
): ConditionResult {
  if (!condition) return "match";
  let result: ConditionResult = "match";
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, expected] of Object.entries(keys ?? {})) {
      const one = evaluateOperator(operator, key, expected, context);
      if (one === "no-match") return "no-match";
      if (one === "unknown") result = "unknown";
    }
  }
  return result;
}

function statementApplies(statement: PolicyStatement, request: IamRequest): ConditionResult {
  const actionHit =
    statement.NotAction !== undefined
      ? !asList(statement.NotAction).some((pattern) => actionMatches(pattern, request.action))
      : asList(statement.Action).some((pattern) => actionMatches(pattern, request.action));
  if (!actionHit) return "no-match";
  const resourceHit =
    statement.NotResource !== undefined
      ? !asList(statement.NotResource).some((pattern) => resourceMatches(pattern, request.resource))
      : asList(statement.Resource).some((pattern) => resourceMatches(pattern, request.resource));
  if (!resourceHit) return "no-match";
  return evaluateConditions(statement.Condition, request.context ?? {});
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const statements = document.Statement;
  if (statements === undefined) return [];
  return Array.isArray(statements) ? statements : [statements];
}

function label(policy: NamedPolicy, statement: PolicyStatement, index: number): string {
  return `${policy.name} (statement ${statement.Sid ?? index + 1})`;
}

/**
 * The decision of IAM over identity policies for one request: an explicit Deny wins, then an
 * Allow; a statement whose condition cannot be evaluated makes the answer "unknown".
 * `unknownPolicies` names policies whose documents are not known (computed at preview).
 */
export function evaluateRequest(
  policies: readonly NamedPolicy[],
  request: IamRequest,
  unknownPolicies: readonly string[] = [],
): IamVerdict {
  let allowedBy: string | undefined;
  let conditionalAllow: string | undefined;
  let conditionalDeny: string | undefined;
  for (const policy of policies) {
    const statements = statementsOf(policy.document);
    for (let index = 0; index < statements.length; index++) {
      const statement = statements[index];
      const applies = statementApplies(statement, request);
      if (applies === "no-match") continue;
      const where = label(policy, statement, index);
      if (statement.Effect === "Deny") {
        if (applies === "match") return { decision: "explicit-deny", policy: where };
        conditionalDeny ??= where;
      } else if (applies === "match") {
        allowedBy ??= where;
      } else {
        conditionalAllow ??= where;
      }
    }
  }
  if (conditionalDeny) {
    return {
      decision: "unknown",
      policy: conditionalDeny,
      reason: "a Deny statement's condition cannot be evaluated before deployment",
    };
  }
  if (allowedBy) return { decision: "allowed", policy: allowedBy };
  if (unknownPolicies.length > 0) {
    return { decision: "unknown", policy: unknownPolicies[0], reason: "the policy document is not known at preview" };
  }
  if (conditionalAllow) {
    return {
      decision: "unknown",
      policy: conditionalAllow,
      reason: "the only Allow has a condition that cannot be evaluated before deployment",
    };
  }
  return { decision: "implicit-deny" };
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
