/**
 * Resource patterns of policies against the resource of a request, which may be a range of
 * ARNs (placeholders for parts not known before deployment).
 *
 * Both sides are prepared once: a pattern when its document is first evaluated (split at
 * its colons, each part compiled and folded), a request resource once per request (its
 * placeholders turned into holes, split, folded). A document is evaluated for every call of
 * every service using it, so matching must not redo that work per call.
 */
import { RequestContext, resolveVariables, splitOutsideVariables, Tri } from "./iam-request-context";
import {
  compileWildcards,
  HOLE_ALNUM,
  HOLE_DIGIT,
  HOLE_HEX,
  HOLE_TAIL,
  literal,
  matchPreparedRange,
  ONE,
  PreparedPattern,
  preparePattern,
  PreparedValue,
  prepareValue,
  sharedPattern,
  sharedValue,
  STAR,
} from "./iam-wildcard";

/** Stands for "the account the task runs in" when it is not known at preview. */
export const ANY_ACCOUNT = "{account}";

/**
 * Parts of a request's resource that are not known before deployment, as written in the
 * resource strings the model builds: each is a run of characters of one class, but for
 * `{log-stream}`, any non-empty text, only at the end of a resource.
 * Task ids: 32 lower-case hex digits (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html);
 * the random suffix of a secret ARN: 6 letters or digits
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
 */
export const RESOURCE_UNKNOWNS: Readonly<Record<string, { hole: string; length: number; means: string }>> = {
  [ANY_ACCOUNT]: { hole: HOLE_DIGIT, length: 12, means: "the account id (set accountId in the pack config)" },
  "{task-id}": { hole: HOLE_HEX, length: 32, means: "the task id, chosen when each task starts" },
  "{container-id}": { hole: HOLE_HEX, length: 64, means: "the container id, chosen when each task starts" },
  "{log-stream}": {
    hole: HOLE_TAIL,
    length: 1,
    means:
      "the log stream (<awslogs-stream-prefix>/<container>/<task-id>), since the container definitions are computed at preview",
  },
  "{secret-suffix}": {
    hole: HOLE_ALNUM,
    length: 6,
    means: "the secret's random 6-character suffix (reference the secret by its full ARN)",
  },
};

/** Each placeholder, as the run of holes it stands for. */
const HOLES_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RESOURCE_UNKNOWNS).map(([placeholder, { hole, length }]) => [placeholder, hole.repeat(length)]),
);
/** Any placeholder (fixed text, braces escaped; no policy text is ever made a RegExp). */
const PLACEHOLDER = new RegExp(
  Object.keys(RESOURCE_UNKNOWNS)
    .map((placeholder) => placeholder.replace(/[{}]/g, "\\$&"))
    .join("|"),
  "g",
);

/** The resource string with its placeholders turned into holes, for range matching. */
export function resourceRange(resource: string): string {
  const out = literal(resource);
  if (!out.includes("{")) return out; // every placeholder is written in braces
  return out.replace(PLACEHOLDER, (placeholder) => HOLES_OF[placeholder]);
}

/** What the placeholders of a resource stand for, for messages. */
export function unknownsOf(resource: string): string[] {
  return Object.entries(RESOURCE_UNKNOWNS)
    .filter(([placeholder]) => resource.includes(placeholder))
    .map(([, { means }]) => means);
}

/** One of the five matched parts of an ARN pattern (partition, service, region, account, resource). */
interface PatternPart {
  /** The policy text of the part. */
  text: string;
  /** The part compiled, when it holds no policy variable to resolve (the common case). */
  fixed?: PreparedPattern;
  /** For the resource part compiled in advance: does it put a wildcard in the resource type? */
  typeWildcard: boolean;
}

/** A resource pattern of a policy, compiled once per document. */
export type ResourcePattern =
  | { kind: "any"; text: string }
  /** Not an ARN pattern: it matches no request. */
  | { kind: "none"; text: string }
  | {
      kind: "arn";
      text: string;
      parts: readonly PatternPart[];
      /** S3 ARNs have no resource type (wildcardInResourceType). */
      s3: boolean;
      /** The 12-digit account the pattern names, if it names one (for decidedWithPatternAccount). */
      account?: string;
    };

/**
 * A wildcard before the first `/` or `:` of the resource part (`?ey/...`, `secret*:...`): the
 * documentation lets wildcards stand anywhere in a segment, but some readings (and the
 * simulator the pack is tested against) take the resource type literally, so the pack does
 * not decide on it. S3 ARNs have no resource type.
 */
function wildcardInResourceType(s3: boolean, resourcePart: string): boolean {
  if (s3) return false;
  const slash = resourcePart.indexOf("/");
  const colon = resourcePart.indexOf(":");
  const end = slash === -1 ? colon : colon === -1 ? slash : Math.min(slash, colon);
  if (end === -1) return false;
  const type = resourcePart.slice(0, end);
  return type.includes(STAR) || type.includes(ONE);
}

/** Where the resource part of an ARN starts (after the fifth colon), or -1 if there are fewer. */
function resourcePartAt(text: string): number {
  let at = -1;
  for (let colon = 0; colon < 5; colon++) {
    at = text.indexOf(":", at + 1);
    if (at === -1) return -1;
  }
  return at + 1;
}

/** The compiled first five parts of an ARN pattern, with what the resource part needs to know of them. */
interface PatternHead {
  arn: boolean;
  parts: readonly PatternPart[];
  s3: boolean;
  account?: string;
}

/**
 * Heads by text (`arn:aws:ecr:eu-west-1:111122223333`): every document of a stack writes the
 * same few, so each is split and compiled once. Bounded: the pack serves many stacks.
 */
const patternHeads = new Map<string, PatternHead>();
const MAX_HEADS = 1024;
/** Longer heads are not ARNs of real resources: not worth keeping (policy text may be long). */
const MAX_HEAD_LENGTH = 256;

/** A bounded cache look-up: at most MAX_HEADS heads, none longer than MAX_HEAD_LENGTH kept. */
function cachedHead<T>(cache: Map<string, T>, head: string, make: (split: string[]) => T): T {
  let found = cache.get(head);
  if (found === undefined) {
    found = make(head.split(":"));
    if (head.length <= MAX_HEAD_LENGTH) {
      if (cache.size >= MAX_HEADS) cache.clear();
      cache.set(head, found);
    }
  }
  return found;
}

function patternHead(head: string): PatternHead {
  return cachedHead(patternHeads, head, (split) => ({
    arn: split[0] === "arn",
    parts: split.slice(1, 5).map((partText) => ({
      text: partText,
      fixed: sharedPattern(compileWildcards(partText), true),
      typeWildcard: false,
    })),
    s3: split[2] === "s3" && split[3] === "" && split[4] === "",
    account: /^\d{12}$/.test(split[4]) ? split[4] : undefined,
  }));
}

/** Compiles a resource pattern of a document (`variables`: its Version resolves policy variables). */
export function compileResourcePattern(text: string, variables: boolean): ResourcePattern {
  if (text === "*") return { kind: "any", text };
  const resourceAt = resourcePartAt(text);
  // A head without variables splits at every colon: compile it once for all documents.
  if (resourceAt !== -1 && !text.slice(0, resourceAt).includes("${")) {
    const head = patternHead(text.slice(0, resourceAt - 1));
    if (!head.arn) return { kind: "none", text };
    const partText = text.slice(resourceAt);
    const unresolved = variables && partText.includes("${");
    const compiled = unresolved ? "" : compileWildcards(partText);
    const last: PatternPart = unresolved
      ? { text: partText, typeWildcard: false }
      : { text: partText, fixed: preparePattern(compiled), typeWildcard: wildcardInResourceType(head.s3, compiled) };
    return { kind: "arn", text, parts: [...head.parts, last], s3: head.s3, account: head.account };
  }
  const split = splitOutsideVariables(text);
  if (split[0] !== "arn") return { kind: "none", text };
  const account = split[4] !== undefined && /^\d{12}$/.test(split[4]) ? split[4] : undefined;
  while (split.length < 6) split.push("*"); // a short ARN pattern stands for its missing parts
  const s3 = split[2] === "s3" && split[3] === "" && split[4] === "";
  const parts: PatternPart[] = [];
  for (let i = 1; i < 6; i++) {
    const partText = i < 5 ? split[i] : split.slice(5).join(":");
    // Without variables to resolve, the part compiles the same way for every request (resolveVariables).
    if (variables && partText.includes("${")) {
      parts.push({ text: partText, typeWildcard: false });
      continue;
    }
    const compiled = compileWildcards(partText);
    parts.push({
      text: partText,
      // The partition, service, region and account recur in every document: shared, they match once per value.
      fixed: i < 5 ? sharedPattern(compiled, true) : preparePattern(compiled),
      typeWildcard: i === 5 && wildcardInResourceType(s3, compiled),
    });
  }
  return { kind: "arn", text, parts, s3, account };
}

/** A request resource prepared for matching: "*", a range of ARNs, or something that is no ARN. */
export interface PreparedResource {
  readonly text: string;
  readonly kind: "any" | "arn" | "other";
  /** Partition, service, region, account (folded: matched case-insensitively) and the resource part. */
  readonly parts: readonly PreparedValue[];
  /** The last `resourceInAccount` of this resource (stacks name one account, or very few). */
  inAccount?: { account: string; resource: PreparedResource };
}

/**
 * Prepared resources by text. The same resource is asked for by several actions (three ECR
 * calls on one repository, two log calls on one stream) and in several forms (with its
 * `{account}` set), so preparing it once pays; bounded, since the pack serves many stacks.
 */
const preparedResources = new Map<string, PreparedResource>();
const MAX_PREPARED_RESOURCES = 1024;

export function prepareResource(resource: string): PreparedResource {
  let prepared = preparedResources.get(resource);
  if (!prepared) {
    prepared = prepareResourceOnce(resource);
    if (resource.length <= MAX_HEAD_LENGTH * 4) {
      if (preparedResources.size >= MAX_PREPARED_RESOURCES) preparedResources.clear();
      preparedResources.set(resource, prepared);
    }
  }
  return prepared;
}

/** The first four parts of request ARNs by head text (one per service and region of a stack), bounded. */
const valueHeads = new Map<string, { arn: boolean; parts: readonly PreparedValue[] }>();

function valueHead(head: string): { arn: boolean; parts: readonly PreparedValue[] } {
  return cachedHead(valueHeads, head, (split) => ({
    arn: split[0] === "arn",
    parts: split.slice(1, 5).map((part) => sharedValue(part, true)),
  }));
}

function prepareResourceOnce(resource: string): PreparedResource {
  if (resource === "*") return { text: resource, kind: "any", parts: [] };
  const range = resourceRange(resource);
  const resourceAt = resourcePartAt(range);
  if (resourceAt === -1) return { text: resource, kind: "other", parts: [] };
  const head = valueHead(range.slice(0, resourceAt - 1));
  if (!head.arn) return { text: resource, kind: "other", parts: [] };
  // The resource part is cached with the resource: no need to share it.
  return { text: resource, kind: "arn", parts: [...head.parts, prepareValue(range.slice(resourceAt))] };
}

/** The resource with `{account}` replaced by `account`. */
export function resourceInAccount(resource: PreparedResource, account: string): PreparedResource {
  if (resource.inAccount?.account !== account)
    resource.inAccount = { account, resource: prepareResource(resource.text.split(ANY_ACCOUNT).join(account)) };
  return resource.inAccount.resource;
}

function toTri(match: ReturnType<typeof matchPreparedRange>): Tri {
  return match === "all" ? "yes" : match === "none" ? "no" : "maybe";
}

/**
 * A compiled resource pattern against a prepared request resource. The first five ARN parts
 * are matched one by one, case-insensitively; the resource part as a whole (a `*` there spans
 * colons), case-sensitively. A request on "*" (an action without resource-level permissions)
 * is matched only by "*".
 */
export function matchPreparedResource(
  pattern: ResourcePattern,
  resource: PreparedResource,
  context: RequestContext,
): Tri {
  if (pattern.kind === "any") return "yes";
  if (resource.kind === "any" || resource.kind === "other" || pattern.kind === "none") return "no";
  let result: Tri = "yes";
  for (let i = 0; i < 5; i++) {
    const part = pattern.parts[i];
    let prepared = part.fixed;
    let typeWildcard = part.typeWildcard;
    if (!prepared) {
      const resolved = resolveVariables(part.text, context, true);
      if (resolved.kind === "never") return "no";
      if (resolved.kind === "unknown") {
        result = "maybe";
        continue;
      }
      prepared = preparePattern(resolved.pattern, i < 4);
      typeWildcard = i === 4 && wildcardInResourceType(pattern.s3, resolved.pattern);
    }
    const match = toTri(matchPreparedRange(prepared, resource.parts[i]));
    if (match === "no") return "no";
    if (match === "maybe" || typeWildcard) result = "maybe";
  }
  return result;
}

/**
 * A resource pattern (policy text) against a request resource (a range when it holds
 * placeholders), compiling both for this one match.
 */
export function matchResource(patternText: string, resource: string, context: RequestContext, variables: boolean): Tri {
  return matchPreparedResource(compileResourcePattern(patternText, variables), prepareResource(resource), context);
}
