/**
 * The `--config` file: the same JSON as `pulumi preview --policy-pack-config`, checked before
 * anything runs. The engine checks it against the pack's config schema; this also rejects what
 * the schema lets through but would silently change nothing (an unknown rule id, a misspelt
 * property, config given without the `fargate-preflight` key, an expiry that is not a date).
 */
import { CONFIG_SCHEMA, isIsoDate } from "../policies/analysis/config";

export { isIsoDate };
import { POLICY_NAME } from "../policies/pack";

/** The policy that existed until 0.1: its findings now come from POLICY_NAME, each at its rule's level. */
const FORMER_ADVISORY_POLICY = "fargate-preflight-advisory";

export type LevelName = "mandatory" | "advisory" | "disabled";
const LEVELS: readonly LevelName[] = ["mandatory", "advisory", "disabled"];

/** Per policy name: its enforcement level and config properties, as the engine sends them in `Configure`. */
export type PolicyConfigs = Record<string, { enforcementLevel?: LevelName; properties?: Record<string, unknown> }>;

/** The subset of JSON Schema the pack's schema uses. */
interface Schema {
  type?: "string" | "object" | "array" | "number" | "boolean";
  enum?: readonly string[];
  minLength?: number;
  properties?: Readonly<Record<string, Schema>>;
  additionalProperties?: Schema | false;
  required?: readonly string[];
  items?: Schema;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

/**
 * Problems of `value` against `schema`, each naming the field (`fargate-preflight.levels.X`).
 * Objects with `properties` accept no other property: a misspelt one would be ignored silently.
 */
export function schemaProblems(value: unknown, schema: Schema, at: string): string[] {
  if (schema.type && typeOf(value) !== schema.type)
    return [`${at}: expected ${schema.type === "array" ? "an array" : `a ${schema.type}`}, got ${typeOf(value)}`];
  if (schema.enum && !schema.enum.includes(value as string))
    return [`${at}: expected one of ${schema.enum.join(", ")}, got ${JSON.stringify(value)}`];
  if (schema.minLength !== undefined && typeof value === "string" && value.trim().length < schema.minLength)
    return [`${at}: expected at least ${schema.minLength} characters, got ${JSON.stringify(value)}`];
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

/** Levenshtein distance, to suggest the rule id a typo meant. */
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
    for (const id of Object.keys(properties.levels))
      if (!known(id)) problems.push(`${at}.levels.${id}: unknown rule id${hint(id)}`);
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

/**
 * Checks a parsed `--config` and returns what the engine would send in `Configure`, or the
 * problems found (never both). `ruleIds` are the pack's rule ids.
 */
export function validatePackConfig(
  parsed: unknown,
  ruleIds: readonly string[],
): { configs: PolicyConfigs; problems: [] } | { configs?: undefined; problems: string[] } {
  if (!isRecord(parsed)) return { problems: [`expected a JSON object of policy name → config, got ${typeOf(parsed)}`] };
  const schemaKeys = Object.keys(CONFIG_SCHEMA.properties);
  const misplaced = Object.keys(parsed).filter((key) => schemaKeys.includes(key));
  if (misplaced.length > 0) {
    return {
      problems: [
        `missing the "${POLICY_NAME}" key: ${misplaced.join(", ")} must be inside it, as in { "${POLICY_NAME}": { "${misplaced[0]}": ... } }`,
      ],
    };
  }
  const problems: string[] = [];
  const configs: PolicyConfigs = {};
  for (const [policy, value] of Object.entries(parsed)) {
    if (policy === FORMER_ADVISORY_POLICY) {
      problems.push(
        `${policy}: not a policy of this pack any more (advisory findings come from ${POLICY_NAME}; set a rule's level with ${POLICY_NAME}.levels)`,
      );
      continue;
    }
    if (policy !== "all" && policy !== POLICY_NAME) {
      problems.push(`${policy}: unknown policy (expected ${POLICY_NAME} or all)`);
      continue;
    }
    if (typeof value === "string") {
      if (!LEVELS.includes(value as LevelName))
        problems.push(`${policy}: expected one of ${LEVELS.join(", ")}, got ${JSON.stringify(value)}`);
      else configs[policy] = { enforcementLevel: value as LevelName };
      continue;
    }
    if (!isRecord(value)) {
      problems.push(`${policy}: expected a level or an object, got ${typeOf(value)}`);
      continue;
    }
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as LevelName))
      problems.push(
        `${policy}.enforcementLevel: expected one of ${LEVELS.join(", ")}, got ${JSON.stringify(enforcementLevel)}`,
      );
    if (policy === POLICY_NAME) {
      problems.push(...schemaProblems(properties, CONFIG_SCHEMA as unknown as Schema, policy));
      problems.push(...ruleIdProblems(properties, ruleIds, policy));
    } else if (Object.keys(properties).length > 0) {
      problems.push(
        `${policy}.${Object.keys(properties)[0]}: ${policy} takes only enforcementLevel (its config is under ${POLICY_NAME})`,
      );
    }
    configs[policy] = { enforcementLevel: enforcementLevel as LevelName | undefined, properties };
  }
  return problems.length > 0 ? { problems } : { configs, problems: [] };
}

/**
 * Policy configs as the engine sends them: `all` sets the level of the policy unless it has its
 * own, and is not itself a policy.
 */
export function expandAll(configs: PolicyConfigs): PolicyConfigs {
  const { all, ...policies } = configs;
  if (!all?.enforcementLevel) return policies;
  policies[POLICY_NAME] = {
    ...policies[POLICY_NAME],
    enforcementLevel: policies[POLICY_NAME]?.enforcementLevel ?? all.enforcementLevel,
  };
  return policies;
}
