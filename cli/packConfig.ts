/**
 * The `--config` file: the same JSON as `pulumi preview --policy-pack-config`, checked before
 * anything runs. The engine checks it against the pack's config schema; this also rejects what
 * the schema lets through but would silently change nothing (an unknown rule id, a misspelt
 * property, config given without the `fargate-preflight` key, an expiry that is not a date).
 */
import { isRecord } from "../model";
import { CONFIG_SCHEMA } from "../policies/config/pack-config";
import { packConfigProblems, typeOf } from "../policies/config/config-problems";
import { POLICY_NAME } from "../policies/pack";
import { Level, LEVELS } from "../policies/rules/rule";

/** The policy that existed until 0.1: its findings now come from POLICY_NAME, each at its rule's level. */
const FORMER_ADVISORY_POLICY = "fargate-preflight-advisory";

/** Per policy name: its enforcement level and config properties, as the engine sends them in `Configure`. */
export type PolicyConfigs = Record<string, { enforcementLevel?: Level; properties?: Record<string, unknown> }>;

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
      if (!LEVELS.includes(value as Level))
        problems.push(`${policy}: expected one of ${LEVELS.join(", ")}, got ${JSON.stringify(value)}`);
      else configs[policy] = { enforcementLevel: value as Level };
      continue;
    }
    if (!isRecord(value)) {
      problems.push(`${policy}: expected a level or an object, got ${typeOf(value)}`);
      continue;
    }
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as Level))
      problems.push(
        `${policy}.enforcementLevel: expected one of ${LEVELS.join(", ")}, got ${JSON.stringify(enforcementLevel)}`,
      );
    if (policy === POLICY_NAME) {
      problems.push(...packConfigProblems(properties, ruleIds, policy));
    } else if (Object.keys(properties).length > 0) {
      problems.push(
        `${policy}.${Object.keys(properties)[0]}: ${policy} takes only enforcementLevel (its config is under ${POLICY_NAME})`,
      );
    }
    configs[policy] = { enforcementLevel: enforcementLevel as Level | undefined, properties };
  }
  return problems.length > 0 ? { problems } : { configs, problems: [] };
}

/** The configs with the properties of `policy` replaced by `edit(its properties)`. */
export function withPolicyProperties<C extends Record<string, { properties?: Record<string, unknown> }>>(
  configs: C,
  policy: string,
  edit: (properties: Record<string, unknown>) => Record<string, unknown>,
): C {
  const current = configs[policy] ?? {};
  return { ...configs, [policy]: { ...current, properties: edit(current.properties ?? {}) } };
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
