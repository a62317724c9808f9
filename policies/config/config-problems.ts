/**
 * What the pack config's JSON schema lets through but would silently change nothing: an
 * unknown rule id, a misspelt property, an expiry that is not a date. The engine checks the
 * config against the schema only, so the pack reports these itself (FARGATE-CONFIG) and
 * `check --config` refuses them before running anything.
 */
import { EVALUATION_FINDINGS } from "../rules";
import { isRecord } from "../../model";
import { visibleLength } from "./acknowledgement-text";
import { CONFIG_SCHEMA, isIsoDate, PATTERNS } from "./pack-config";

/** The patterns of CONFIG_SCHEMA in words, for the problem a value that does not match gets. */
const PATTERN_TEXT: ReadonlyMap<string, string> = new Map([
  [PATTERNS.region, "an AWS region name such as us-east-1"],
  [PATTERNS.accountId, "a 12-digit AWS account id"],
  [PATTERNS.vpcId, "a VPC id such as vpc-0abc1234"],
  [PATTERNS.subnetId, "a subnet id such as subnet-0abc1234"],
  [PATTERNS.prefixListId, "a prefix list id such as pl-63a5400a"],
]);

/** The subset of JSON Schema the pack's schema uses. */
type SchemaType = "string" | "object" | "array" | "number" | "boolean";

export interface Schema {
  type?: SchemaType | readonly SchemaType[];
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  properties?: Readonly<Record<string, Schema>>;
  additionalProperties?: Schema | false;
  required?: readonly string[];
  items?: Schema;
}

export function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

/**
 * Problems of `value` against `schema`, each naming the field (`fargate-preflight.levels.X`).
 * Objects with `properties` accept no other property: a misspelt one would be ignored silently.
 */
function schemaProblems(value: unknown, schema: Schema, at: string): string[] {
  const types: readonly SchemaType[] =
    schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : schema.type;
  if (types.length > 0 && !types.includes(typeOf(value) as SchemaType))
    return [
      `${at}: expected ${types.map((type) => (type === "array" ? "an array" : `a ${type}`)).join(" or ")}, got ${typeOf(value)}`,
    ];
  if (schema.enum && !schema.enum.includes(value as string))
    return [`${at}: expected one of ${schema.enum.join(", ")}, got ${JSON.stringify(value)}`];
  if (schema.pattern !== undefined && typeof value === "string" && !new RegExp(schema.pattern).test(value))
    return [
      `${at}: expected ${PATTERN_TEXT.get(schema.pattern) ?? `a string matching ${schema.pattern}`}, got ${JSON.stringify(value)}`,
    ];
  // Counted as the pack counts a reason: visible characters only (spaces and zero-width characters are no reason).
  if (schema.minLength !== undefined && typeof value === "string" && visibleLength(value) < schema.minLength)
    return [
      `${at}: expected at least ${schema.minLength} characters${value.trim().length < schema.minLength ? "" : " (spaces and invisible characters do not count)"}, got ${JSON.stringify(value)}`,
    ];
  const problems: string[] = [];
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => problems.push(...schemaProblems(item, schema.items!, `${at}[${index}]`)));
  }
  if (isRecord(value)) {
    for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${at}.${key}: missing (required)`);
    for (const [key, item] of Object.entries(value)) {
      const property = schema.properties?.[key];
      if (property) problems.push(...schemaProblems(item, property, `${at}.${key}`));
      else if (schema.additionalProperties)
        problems.push(...schemaProblems(item, schema.additionalProperties, `${at}.${key}`));
      else if (schema.properties) {
        problems.push(`${at}.${key}: unknown property (expected one of ${Object.keys(schema.properties).join(", ")})`);
      }
    }
  }
  return problems;
}

/** Levenshtein distance, to suggest the rule id (or config key) a typo meant. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** Rule ids the config names: in `levels` and in acknowledgements. */
function ruleIdProblems(properties: Record<string, unknown>, ruleIds: readonly string[], at: string): string[] {
  const problems: string[] = [];
  const known = (id: string) => ruleIds.includes(id);
  const hint = (id: string) => {
    const distance = (candidate: string) => editDistance(candidate.toUpperCase(), id.toUpperCase());
    const close = [...ruleIds].sort((a, b) => distance(a) - distance(b)).find((candidate) => distance(candidate) <= 2);
    return close ? ` (did you mean ${close}?)` : " (fargate-preflight rules lists them)";
  };
  if (isRecord(properties.levels)) {
    for (const id of Object.keys(properties.levels)) {
      const fixed = EVALUATION_FINDINGS.find((finding) => finding.id === id);
      if (fixed) problems.push(`${at}.levels.${id}: not configurable (its level is ${fixed.level})`);
      else if (!known(id)) problems.push(`${at}.levels.${id}: unknown rule id${hint(id)}`);
    }
  }
  if (Array.isArray(properties.acknowledgements)) {
    properties.acknowledgements.forEach((acknowledgement, index) => {
      if (!isRecord(acknowledgement)) return;
      const where = `${at}.acknowledgements[${index}]`;
      if (typeof acknowledgement.rule === "string" && !known(acknowledgement.rule))
        problems.push(
          `${where}.rule: unknown rule id ${JSON.stringify(acknowledgement.rule)}${hint(acknowledgement.rule)}`,
        );
      if (typeof acknowledgement.expires === "string" && !isIsoDate(acknowledgement.expires))
        problems.push(
          `${where}.expires: expected a date such as 2026-12-31, got ${JSON.stringify(acknowledgement.expires)}`,
        );
    });
  }
  return problems;
}

/** Every problem of the pack's config properties (those under the policy name), each naming the field. */
export function packConfigProblems(
  properties: Record<string, unknown>,
  ruleIds: readonly string[],
  at: string,
): string[] {
  return [
    ...schemaProblems(properties, CONFIG_SCHEMA as unknown as Schema, at),
    ...ruleIdProblems(properties, ruleIds, at),
  ];
}
