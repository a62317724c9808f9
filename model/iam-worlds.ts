/**
 * Joint worlds for condition keys that several conditions test. Judged one condition at a
 * time, `Allow if k = a` and `Deny if k = a` are both "maybe", so the call would be unknown;
 * judged per value of k, it is denied in every world. For keys tested only by equality-like
 * operators (StringEquals and its negated and case-insensitive forms, Bool, Null) the values
 * that matter are finitely many: absent, each value the policies name, a case variant of
 * each, and one value named nowhere. Every other value behaves like one of those, so
 * evaluating each world is a proof over all values. A key also tested otherwise (StringLike,
 * numbers, dates, policy variables) gets the worlds absent, each value StringEquals names, and
 * present with a value differing from all of those (where the other tests stay three-valued);
 * with case-insensitive tests as well, only absent and present.
 */
import { keyState, RequestContext } from "./iam-request-context";
import { conditionValues, parseOperator } from "./iam-conditions";
import { PolicyDocument, statementsOf } from "./iam-grammar";

const FINITE_OPERATORS = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "Bool",
  "Null",
]);
const CASE_BLIND = new Set(["StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "Bool"]);

/** Past this many worlds the evaluator stays three-valued (each world is a full evaluation). */
export const MAX_WORLDS = 64;

/** A value no policy names: equal to none of them, whatever the case, and not a boolean. */
const OTHER_VALUE = "\u0001other";

interface KeyUse {
  name: string;
  uses: number;
  /** Tested only by equality-like operators. */
  finite: boolean;
  caseBlind: boolean;
  /** Values named by case-sensitive StringEquals / StringNotEquals (and Null-free of variables). */
  values: Set<string>;
}

function variablesIn(text: string): string[] {
  const keys: string[] = [];
  let at = text.indexOf("${");
  while (at !== -1) {
    const end = text.indexOf("}", at + 2);
    if (end === -1) break;
    keys.push(
      text
        .slice(at + 2, end)
        .split(",")[0]
        .trim()
        .toLowerCase(),
    );
    at = text.indexOf("${", end + 1);
  }
  return keys;
}

function caseVariant(value: string, taken: ReadonlySet<string>): string | undefined {
  for (const candidate of [value.toUpperCase(), value.toLowerCase(), value[0]?.toUpperCase() + value.slice(1)]) {
    if (candidate !== undefined && !taken.has(candidate)) return candidate;
  }
  return undefined;
}

/** How one document tests condition keys, keyed by lower-cased name in order of first use. */
type KeyUses = ReadonlyMap<string, Readonly<KeyUse>>;

/** Key uses per document, once: a document is evaluated for many requests and never mutated. */
const usesCache = new WeakMap<PolicyDocument, KeyUses>();

function keyUsesOf(document: PolicyDocument): KeyUses {
  let cached = usesCache.get(document);
  if (cached) return cached;
  const keys = new Map<string, KeyUse>();
  const use = (name: string): KeyUse => {
    const id = name.toLowerCase();
    let entry = keys.get(id);
    if (!entry) {
      entry = { name: id, uses: 0, finite: true, caseBlind: false, values: new Set() };
      keys.set(id, entry);
    }
    return entry;
  };
  for (const statement of statementsOf(document)) {
    for (const text of [statement.Resource ?? [], statement.NotResource ?? []].flat())
      for (const key of variablesIn(String(text))) use(key).finite = false;
    for (const [operatorName, entries] of Object.entries(statement.Condition ?? {})) {
      const operator = parseOperator(operatorName);
      for (const [key, raw] of Object.entries(entries ?? {})) {
        const entry = use(key);
        entry.uses++;
        const values = conditionValues(raw);
        for (const value of values) for (const inner of variablesIn(value)) use(inner).finite = false;
        if (!operator || !FINITE_OPERATORS.has(operator.base) || values.some((v) => v.includes("${"))) {
          entry.finite = false;
          continue;
        }
        if (CASE_BLIND.has(operator.base)) entry.caseBlind = true;
        if (operator.base !== "Null") for (const value of values) entry.values.add(value);
      }
    }
  }
  cached = keys;
  usesCache.set(document, cached);
  return cached;
}

/** The key uses of several documents together, as if read one after the other. */
function keyUsesOfAll(documents: readonly PolicyDocument[]): KeyUses {
  const perDocument = documents.map(keyUsesOf);
  const withKeys = perDocument.filter((uses) => uses.size > 0);
  if (withKeys.length <= 1) return withKeys[0] ?? new Map();
  const keys = new Map<string, KeyUse>();
  for (const uses of withKeys)
    for (const [id, one] of uses) {
      const entry = keys.get(id);
      if (!entry) {
        keys.set(id, { ...one, values: new Set(one.values) });
        continue;
      }
      entry.uses += one.uses;
      entry.finite &&= one.finite;
      entry.caseBlind ||= one.caseBlind;
      for (const value of one.values) entry.values.add(value);
    }
  return keys;
}

/**
 * The worlds worth evaluating one by one: one context per combination of the values of the
 * unknowable keys tested more than once by finite operators. A single world (the context
 * itself) when there are none, or too many.
 */
export function worldsOf(documents: readonly PolicyDocument[], context: RequestContext): RequestContext[] {
  const keys = keyUsesOfAll(documents);
  const enumerated = [...keys.values()].filter(
    (entry) => entry.uses > 1 && keyState(context, entry.name).kind === "unknowable",
  );
  if (enumerated.length === 0) return [context];
  const choices = enumerated.map((entry) => {
    // A key also tested otherwise: absent, each value StringEquals names (exact, so every
    // test on it is decided), and present with a value differing from all of them. With
    // case-blind tests too, only absent and present.
    if (!entry.finite)
      return {
        key: entry.name,
        values: entry.caseBlind ? [undefined, new Set<string>()] : [undefined, entry.values, ...entry.values],
      };
    const values = new Set(entry.values);
    if (entry.caseBlind)
      for (const value of entry.values) {
        const variant = caseVariant(value, values);
        if (variant !== undefined) values.add(variant);
      }
    return { key: entry.name, values: [undefined, OTHER_VALUE, ...values] };
  });
  const count = choices.reduce((product, choice) => product * choice.values.length, 1);
  if (count > MAX_WORLDS) return [context];
  let worlds: RequestContext[] = [context];
  for (const { key, values } of choices) {
    const next: RequestContext[] = [];
    for (const world of worlds)
      for (const value of values) {
        const present = new Map(world.present);
        const absent = new Set(world.absent);
        const presentUnknown = new Map(world.presentUnknown);
        if (value === undefined) absent.add(key);
        else if (typeof value === "string") present.set(key, value);
        else presentUnknown.set(key, value);
        next.push({ ...world, present, absent, presentUnknown });
      }
    worlds = next;
  }
  return worlds;
}
