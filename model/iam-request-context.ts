/**
 * The request context of a start-up call, as complete as the pack can know it before
 * deployment: keys known present (with their value), keys known absent, and every other key
 * unknowable (its condition is "maybe", never assumed absent).
 *
 * Policy variables (`${aws:PrincipalAccount}`) are resolved against the same context.
 */
import { compileWildcards, literal } from "./iam-wildcard";

/** Three-valued truth: "maybe" is "depends on something not known before deployment". */
export type Tri = "yes" | "no" | "maybe";

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === "no" || b === "no") return "no";
  return a === "maybe" || b === "maybe" ? "maybe" : "yes";
}

export function triOr(a: Tri, b: Tri): Tri {
  if (a === "yes" || b === "yes") return "yes";
  return a === "maybe" || b === "maybe" ? "maybe" : "no";
}

export function triNot(a: Tri): Tri {
  return a === "yes" ? "no" : a === "no" ? "yes" : "maybe";
}

export interface RequestContext {
  /** Keys known present, lower-cased name → value. */
  present: ReadonlyMap<string, string>;
  /** Keys known absent, lower-cased. */
  absent: ReadonlySet<string>;
  /**
   * Keys known present with a value not known (a world of iam-worlds), lower-cased, each with
   * the values it is known to differ from (exactly, case counts).
   */
  presentUnknown?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Lower-cased key prefixes whose keys are all listed (`aws:resourcetag/` when every tag of the
   * resource is known): a key under one that is not present is absent.
   */
  closedPrefixes?: ReadonlySet<string>;
}

export type KeyState =
  | { kind: "present"; value: string }
  | { kind: "absent" }
  | { kind: "present-unknown"; differsFrom: ReadonlySet<string> }
  | { kind: "unknowable" };

export function keyState(context: RequestContext, key: string): KeyState {
  const name = key.toLowerCase();
  const value = context.present.get(name);
  if (value !== undefined) return { kind: "present", value };
  if (context.absent.has(name)) return { kind: "absent" };
  const differsFrom = context.presentUnknown?.get(name);
  if (differsFrom) return { kind: "present-unknown", differsFrom };
  if (context.closedPrefixes)
    for (const prefix of context.closedPrefixes) if (name.startsWith(prefix)) return { kind: "absent" };
  return { kind: "unknowable" };
}

/** A context from known values and known-absent keys; every other key is unknowable. */
export function requestContext(
  present: Readonly<Record<string, string>> = {},
  absent: readonly string[] = [],
): RequestContext {
  return {
    present: new Map(Object.entries(present).map(([key, value]) => [key.toLowerCase(), value])),
    absent: new Set(absent.map((key) => key.toLowerCase())),
  };
}

/**
 * What the pack knows of the context of a call the ECS agent makes with the execution role's
 * session (image pull, secrets, parameters, logs), and of the calls Secrets Manager and SSM
 * make to KMS on its behalf. Sources:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (aws:SecureTransport: the agent calls HTTPS endpoints only; aws:SourceArn and
 * aws:SourceAccount are set only when a service principal calls on a resource's behalf, not
 * for a role session; aws:PrincipalAccount / aws:PrincipalArn are the role's),
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html (kms:ViaService,
 * kms:CallerAccount: keys of requests to KMS; kms:ViaService is present only when an AWS service
 * calls KMS on the principal's behalf, so the agent's own calls to ECR, Secrets Manager, SSM,
 * Logs and S3 carry neither). Everything else (aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID,
 * aws:PrincipalTag/*, aws:ResourceTag/*, aws:CurrentTime...) depends on the deployment and
 * stays unknowable.
 */
export interface AgentCallFacts {
  /** The region the call is sent to. */
  region?: string;
  /** The role's account; undefined when not known at preview. */
  account?: string;
  /** The role's ARN; undefined when computed at preview. */
  principalArn?: string;
  /** Keys the calling service sets (e.g. kms:ViaService). */
  serviceKeys?: Readonly<Record<string, string>>;
  /** The tags of the resource called, as far as they are known. */
  resourceTags?: ResourceTagFacts;
}

/**
 * What is known of a resource's tags, for the condition keys that carry them
 * (`aws:ResourceTag/<key>` and the service's own, e.g. `secretsmanager:ResourceTag/<key>`).
 */
export interface ResourceTagFacts {
  /** The key prefixes the service sets for the resource, e.g. `aws:ResourceTag/`. */
  prefixes: readonly string[];
  /** Tags known to exist: their value, or undefined when the value is not known. */
  tags: ReadonlyMap<string, string | undefined>;
  /** No other tag exists (the provider's default tags are known too). */
  complete: boolean;
}

export const AGENT_ABSENT_KEYS = ["aws:SourceAccount", "aws:SourceArn"] as const;

/** Keys only a request to KMS carries: absent from every other call of the agent. */
export const KMS_REQUEST_KEYS = ["kms:ViaService", "kms:CallerAccount"] as const;

export function agentRequestContext(facts: AgentCallFacts): RequestContext {
  const present: Record<string, string> = { "aws:SecureTransport": "true" };
  if (facts.region) present["aws:RequestedRegion"] = facts.region;
  if (facts.account) present["aws:PrincipalAccount"] = facts.account;
  if (facts.principalArn) present["aws:PrincipalArn"] = facts.principalArn;
  for (const [key, value] of Object.entries(facts.serviceKeys ?? {})) present[key] = value;
  // The only KMS calls of a start-up are those Secrets Manager and SSM make on the role's behalf (with kms:ViaService).
  const viaService = Object.keys(facts.serviceKeys ?? {}).some((key) => key.toLowerCase() === "kms:viaservice");
  if (facts.account && viaService) present["kms:CallerAccount"] = facts.account;
  const context = requestContext(present, [...AGENT_ABSENT_KEYS, ...(viaService ? [] : KMS_REQUEST_KEYS)]);
  return facts.resourceTags ? withResourceTags(context, facts.resourceTags) : context;
}

/**
 * The context with a resource's tags: each known tag present under every prefix (its value, or
 * present with a value not known), and, when the tags are complete, every other tag absent. Tag
 * keys are matched without regard to case here, as condition keys are; two tags that differ only
 * in case are left unknowable.
 */
function withResourceTags(context: RequestContext, facts: ResourceTagFacts): RequestContext {
  const present = new Map(context.present);
  const presentUnknown = new Map(context.presentUnknown);
  const absent = new Set(context.absent);
  const folded = new Map<string, number>();
  for (const key of facts.tags.keys()) folded.set(key.toLowerCase(), (folded.get(key.toLowerCase()) ?? 0) + 1);
  const ambiguous = [...folded].filter(([, count]) => count > 1).map(([key]) => key);
  for (const prefix of facts.prefixes) {
    const lower = prefix.toLowerCase();
    for (const [key, value] of facts.tags) {
      const name = `${lower}${key.toLowerCase()}`;
      if (ambiguous.includes(key.toLowerCase())) continue;
      if (value === undefined) presentUnknown.set(name, new Set());
      else present.set(name, value);
    }
  }
  if (!facts.complete || ambiguous.length > 0) return { ...context, present, presentUnknown, absent };
  const closedPrefixes = new Set([...(context.closedPrefixes ?? []), ...facts.prefixes.map((p) => p.toLowerCase())]);
  return { ...context, present, presentUnknown, absent, closedPrefixes };
}

/** A policy text with its variables resolved: a compiled wildcard pattern, or why it cannot be. */
export type Resolved = { kind: "pattern"; pattern: string } | { kind: "never" } | { kind: "unknown"; key: string };

/**
 * Resolves `${...}` in policy text (only for Version 2012-10-17 documents; older ones take
 * the text literally). `${*}`, `${?}`, `${$}` are the literal characters; `${key, 'default'}`
 * uses the default when the key is absent. A key known absent without default makes the
 * text match nothing; an unknowable key makes the match unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function resolveVariables(text: string, context: RequestContext, variables: boolean): Resolved {
  if (!variables || !text.includes("${")) return { kind: "pattern", pattern: compileWildcards(text) };
  let pattern = "";
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf("${", index);
    const end = start === -1 ? -1 : text.indexOf("}", start + 2);
    if (start === -1 || end === -1) {
      pattern += compileWildcards(text.slice(index));
      break;
    }
    pattern += compileWildcards(text.slice(index, start));
    const inner = text.slice(start + 2, end);
    index = end + 1;
    if (inner === "*" || inner === "?" || inner === "$") {
      pattern += literal(inner);
      continue;
    }
    const comma = inner.indexOf(",");
    const key = (comma === -1 ? inner : inner.slice(0, comma)).trim();
    const defaultText = comma === -1 ? undefined : /^\s*'(.*)'\s*$/.exec(inner.slice(comma + 1))?.[1];
    const state = keyState(context, key);
    if (state.kind === "present") pattern += literal(state.value);
    else if (state.kind === "absent" && defaultText !== undefined) pattern += literal(defaultText);
    else if (state.kind === "absent") return { kind: "never" };
    else return { kind: "unknown", key };
  }
  return { kind: "pattern", pattern };
}

/** Splits an ARN pattern at its colons, leaving those inside `${...}` (aws:PrincipalAccount) alone. */
export function splitOutsideVariables(text: string): string[] {
  if (!text.includes("${")) return text.split(":");
  const parts: string[] = [];
  let current = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "$" && text[i + 1] === "{") depth++;
    else if (char === "}" && depth > 0) depth--;
    if (char === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}
