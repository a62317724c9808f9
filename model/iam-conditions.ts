/**
 * Condition operators over a request context where a key is present, known absent, or
 * unknowable. An unknowable key is judged in every world it could be in (absent, present
 * with a value that matches, present with one that does not): the answer is "maybe" unless
 * all worlds agree. Operators not implemented here are "maybe" whenever the key may be
 * present. Source of the semantics:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { keyState, RequestContext, resolveVariables, splitOutsideVariables, Tri, triAnd } from "./iam-request-context";
import { literal, matchesCompiled, ONE, STAR } from "./iam-wildcard";

/** Operators whose test on a key that is absent is true ("...Not..." forms). */
const NEGATED = new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "ArnNotEquals",
  "ArnNotLike",
  "NumericNotEquals",
  "DateNotEquals",
  "NotIpAddress",
]);

/** Numeric and date operators: a comparison of parsed values. */
const COMPARISONS: Readonly<Record<string, (actual: number, expected: number) => boolean>> = {
  Equals: (a, e) => a === e,
  NotEquals: (a, e) => a !== e,
  LessThan: (a, e) => a < e,
  LessThanEquals: (a, e) => a <= e,
  GreaterThan: (a, e) => a > e,
  GreaterThanEquals: (a, e) => a >= e,
};
const ORDERED_OPERATORS = ["Numeric", "Date"].flatMap((family) =>
  Object.keys(COMPARISONS).map((comparison) => `${family}${comparison}`),
);

function parseNumber(text: string): number | undefined {
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/** A date as ISO 8601 or epoch seconds, in milliseconds. */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * A numeric or date operator on a known value: a positive one holds when some policy value
 * compares true; NotEquals when every policy value is valid and differs. A value that does
 * not parse never satisfies either.
 */
function ordered(base: string, actual: string, values: readonly string[]): Tri {
  const parse = base.startsWith("Numeric") ? parseNumber : parseDate;
  const compare = COMPARISONS[base.replace(/^(Numeric|Date)/, "")];
  const actualValue = parse(actual);
  if (actualValue === undefined) return "no";
  const expected = values.map(parse);
  if (base.endsWith("NotEquals"))
    return expected.every((value) => value !== undefined && compare(actualValue, value)) ? "yes" : "no";
  return expected.some((value) => value !== undefined && compare(actualValue, value)) ? "yes" : "no";
}

/** Operators this evaluator implements for a present value; any other is "maybe". */
const IMPLEMENTED = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Bool",
  "Null",
  ...ORDERED_OPERATORS,
]);

/** Every operator name IAM accepts (without IfExists and set qualifiers). */
export const KNOWN_OPERATORS = new Set([
  ...IMPLEMENTED,
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "IpAddress",
  "NotIpAddress",
  "BinaryEquals",
]);

export interface ParsedOperator {
  base: string;
  ifExists: boolean;
  qualifier?: "ForAnyValue" | "ForAllValues";
}

/** `ForAnyValue:StringLikeIfExists` → base StringLike, ifExists, qualifier ForAnyValue; undefined if not an operator. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let qualifier: ParsedOperator["qualifier"];
  const colon = rest.indexOf(":");
  if (colon !== -1) {
    const prefix = rest.slice(0, colon);
    if (prefix !== "ForAnyValue" && prefix !== "ForAllValues") return undefined;
    qualifier = prefix;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith("IfExists");
  const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  if (!KNOWN_OPERATORS.has(base) || (ifExists && base === "Null")) return undefined;
  return { base, ifExists, qualifier };
}

/** The value list of a condition entry, as strings (IAM accepts strings, numbers and booleans). */
export function conditionValues(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((item) => String(item));
}

/** Positive form of an operator: StringNotLike → StringLike; the result is negated after. */
function positive(base: string): string {
  if (base === "NotIpAddress") return "IpAddress";
  return base.replace("Not", "");
}

/** Splits an ARN into its six parts, the last keeping its colons; undefined when it is not one. */
function arnParts(text: string): string[] | undefined {
  const parts = splitOutsideVariables(text);
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * Does one known value satisfy the positive operator against the policy values? "maybe" when
 * a policy value holds a variable that cannot be known.
 */
function positiveMatch(
  base: string,
  actual: string,
  values: readonly string[],
  context: RequestContext,
  variables: boolean,
): Tri {
  let result: Tri = "no";
  for (const raw of values) {
    let one: Tri;
    if (base === "Bool") {
      const expected = raw.toLowerCase();
      one = (expected === "true" || expected === "false") && expected === actual.toLowerCase() ? "yes" : "no";
    } else if (base === "ArnEquals" || base === "ArnLike") {
      one = arnLike(raw, actual, context, variables);
    } else {
      const resolved = resolveVariables(raw, context, variables);
      if (resolved.kind === "unknown") one = "maybe";
      else if (resolved.kind === "never") one = "no";
      else if (base === "StringLike") one = matchesCompiled(resolved.pattern, literal(actual)) ? "yes" : "no";
      else {
        // Equals: wildcards are literal characters here.
        const expected = raw.includes("${") ? unwildcard(resolved.pattern) : raw;
        if (base === "StringEqualsIgnoreCase") one = expected.toLowerCase() === actual.toLowerCase() ? "yes" : "no";
        else one = expected === actual ? "yes" : "no";
      }
    }
    if (one === "yes") return "yes";
    if (one === "maybe") result = "maybe";
  }
  return result;
}

/** A compiled pattern read back as literal text (for the Equals operators, where `*` is a character). */
function unwildcard(pattern: string): string {
  return pattern.split(STAR).join("*").split(ONE).join("?");
}

function arnLike(raw: string, actual: string, context: RequestContext, variables: boolean): Tri {
  const patternParts = arnParts(raw);
  const actualParts = arnParts(actual);
  if (!patternParts || !actualParts) return "no";
  let result: Tri = "yes";
  for (let i = 0; i < 6; i++) {
    const resolved = resolveVariables(patternParts[i], context, variables);
    if (resolved.kind === "never") return "no";
    if (resolved.kind === "unknown") result = "maybe";
    else if (!matchesCompiled(resolved.pattern, literal(actualParts[i]))) return "no";
  }
  return result;
}

/**
 * The outcomes an operator can have on a key that may be present with any value (for an
 * unknowable key); `negated` operators are the "...Not..." string and ARN forms.
 */
function presentOutcomes(base: string, negated: boolean, values: readonly string[]): Set<Tri> {
  const outcomes = (canMatch: boolean, canFail: boolean): Set<Tri> => {
    const set = new Set<Tri>();
    if (canMatch) set.add(negated ? "no" : "yes");
    if (canFail) set.add(negated ? "yes" : "no");
    return set;
  };
  if (ORDERED_OPERATORS.includes(base)) {
    // Decided directly, NotEquals included: a value that does not parse fails.
    const parse = base.startsWith("Numeric") ? parseNumber : parseDate;
    const valid = values.map((value) => parse(value) !== undefined);
    const canMatch = base.endsWith("NotEquals") ? valid.every(Boolean) : valid.some(Boolean);
    return new Set<Tri>(canMatch ? ["yes", "no"] : ["no"]);
  }
  if (!IMPLEMENTED.has(base)) return new Set<Tri>(["yes", "no"]);
  if (base === "StringLike") {
    // A pattern of only `*` matches every value.
    const everything = values.some((value) => value.length > 0 && [...value].every((c) => c === "*"));
    return outcomes(values.length > 0, !everything);
  }
  if (base === "ArnLike" || base === "ArnEquals") {
    // A value that is not an ARN fails both forms; a negated form also fails on any pattern that is not one.
    const valid = values.map((value) => arnParts(value) !== undefined);
    const canHold = negated ? valid.every(Boolean) : valid.some(Boolean);
    return new Set<Tri>(canHold ? ["yes", "no"] : ["no"]);
  }
  if (base === "Bool") {
    const valid = values.some((value) => ["true", "false"].includes(value.toLowerCase()));
    return outcomes(valid, true);
  }
  return outcomes(values.length > 0, true);
}

/** One operator on one key. */
export function evaluateCondition(
  operator: ParsedOperator,
  key: string,
  rawValues: unknown,
  context: RequestContext,
  variables: boolean,
): Tri {
  const values = conditionValues(rawValues);
  const state = keyState(context, key);
  const isOrdered = ORDERED_OPERATORS.includes(operator.base);
  // Numeric and date NotEquals are decided directly (a value that does not parse fails both forms).
  const negated = NEGATED.has(operator.base);
  const base = isOrdered ? operator.base : positive(operator.base);
  if (operator.base === "Null") {
    const expectsAbsent = values.map((value) => value.toLowerCase());
    const whenAbsent: Tri = expectsAbsent.includes("true") ? "yes" : "no";
    const whenPresent: Tri = expectsAbsent.includes("false") ? "yes" : "no";
    if (state.kind === "present" || state.kind === "present-unknown") return whenPresent;
    if (state.kind === "absent") return whenAbsent;
    return whenAbsent === whenPresent ? whenAbsent : "maybe";
  }
  // A variable that cannot resolve (its key absent, no default) makes the statement invalid:
  // the condition holds in neither form (reference_policies_variables.html, note at the top).
  if (
    variables &&
    (base.startsWith("String") || base.startsWith("Arn")) &&
    values.some((value) => value.includes("${") && resolveVariables(value, context, true).kind === "never")
  )
    return "no";
  const absentResult: Tri =
    operator.ifExists || operator.qualifier === "ForAllValues"
      ? "yes"
      : operator.qualifier
        ? "no"
        : negated
          ? "yes"
          : "no";
  if (state.kind === "absent") return absentResult;
  if (
    state.kind === "present-unknown" &&
    base === "StringEquals" &&
    values.every((value) => state.differsFrom.has(value) && !(variables && value.includes("${")))
  ) {
    // Present with a value known to differ from every value the condition names.
    return negated ? "yes" : "no";
  }
  if (state.kind === "unknowable" || state.kind === "present-unknown") {
    const outcomes = presentOutcomes(base, negated && !isOrdered, values);
    if (state.kind === "unknowable") outcomes.add(absentResult);
    return outcomes.size === 1 ? [...outcomes][0] : "maybe";
  }
  if (!IMPLEMENTED.has(operator.base)) return "maybe";
  if (isOrdered) return ordered(operator.base, state.value, values);
  // An ARN operator on a value that is not an ARN holds in neither form; a negated one fails on any pattern that is not one.
  if (base === "ArnLike" || base === "ArnEquals") {
    if (!arnParts(state.value)) return "no";
    if (negated && values.some((value) => !arnParts(value))) return "no";
  }
  const match = positiveMatch(base, state.value, values, context, variables);
  return negated ? (match === "yes" ? "no" : match === "no" ? "yes" : "maybe") : match;
}

/** A whole Condition block: every operator and key must hold. */
export function evaluateConditionBlock(
  condition: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
  context: RequestContext,
  variables: boolean,
): { result: Tri; unknownKeys: string[] } {
  let result: Tri = "yes";
  const unknownKeys: string[] = [];
  for (const [operatorName, entries] of Object.entries(condition ?? {})) {
    const operator = parseOperator(operatorName);
    for (const [key, values] of Object.entries(entries ?? {})) {
      const one: Tri = operator ? evaluateCondition(operator, key, values, context, variables) : "maybe";
      if (one === "no") return { result: "no", unknownKeys: [] };
      if (one === "maybe") unknownKeys.push(`${operatorName} on ${key}`);
      result = triAnd(result, one);
    }
  }
  return { result, unknownKeys };
}
