/**
 * Runs every rule over one shared analysis and decides each finding's level: the rule's
 * configured level, acknowledgements (config or resource tag), and the safety nets (a rule
 * that throws is reported, never skipped).
 */
import { analyzeStack, StackAnalysis } from "./analysis/analyze";
import type { SecretText } from "../model/secret-text";
import { isSecretOf, stackSecretText } from "./secrets";
import { expiryTime } from "./config/pack-config";
import type { Acknowledgement, PackConfig } from "./config/pack-config";
import type { StackResource } from "../engine/stack-resource";
import type { ContextReport } from "./analysis/context-report";
import type { StackConfig } from "./analysis/providers";
import { readObject } from "./stack/values";
import { MIN_REASON_CHARACTERS, readAckTagValue, visibleLength } from "./config/acknowledgement-text";
import { ownEntry } from "../model/own";
import { ACK_EXPIRED_ID, RULE_ERROR_ID, RULES } from "./rules";
import { Finding, finding, FindingLevel, FindingParts, Level, Rule, withNote } from "./rules/rule";

/** A rule's finding with the level it is reported at (configured level, acknowledgements, expiry). */
export interface LeveledFinding extends Finding {
  level: FindingLevel;
}

/**
 * How a finding was acknowledged. The text of a tag the engine marks secret is not carried at
 * all (its reason and expiry are pieces of the secret, which no scrub of the whole value finds).
 */
export type AcknowledgementOf =
  | { source: "config" | "tag"; secret: false; reason: string; expires?: string }
  | { source: "tag"; secret: true };

/** A finding a valid acknowledgement silences: the pack does not report it; `check` lists it as acknowledged. */
export interface AcknowledgedFinding extends LeveledFinding {
  acknowledgement: AcknowledgementOf;
}

/** What the evaluation of one stack gives: findings reported, findings acknowledged, config acknowledgements that matched nothing. */
export interface Evaluation {
  findings: LeveledFinding[];
  acknowledged: AcknowledgedFinding[];
  /** Config acknowledgements no finding of this stack matches (by rule and resource); for `check` to note. */
  unmatched: Acknowledgement[];
  /** The analysis the findings came from (none when the stack could not be analysed). */
  analysis?: StackAnalysis;
}

export { ACK_EXPIRED_ID, RULE_ERROR_ID };
/** The tag key that acknowledges a finding of a rule on the resource it is on: this prefix, then the rule id. */
export const ACK_TAG_PREFIX = "fargate-preflight:ack:";

export function levelOf(rule: Rule, config: PackConfig): Level {
  const configured = config.levels[rule.id];
  if (configured) return configured;
  return rule.id === "FARGATE-UNKNOWN" ? config.unknownLevel : rule.defaultLevel;
}

function levelOfId(ruleId: string, rules: readonly Rule[], config: PackConfig): Level {
  const rule = rules.find((candidate) => candidate.id === ruleId);
  if (rule) return levelOf(rule, config);
  return config.levels[ruleId] ?? (ruleId === "FARGATE-UNKNOWN" ? config.unknownLevel : "mandatory");
}

function logicalName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * An acknowledgement found for a finding (`secret`: a tag the engine marks secret, whose text
 * is never quoted), or why the tag that names it does not acknowledge.
 */
type Found = { ack: Acknowledgement; source: "config" | "tag"; secret?: boolean } | { refused: string };

/** Whether a config acknowledgement names this finding: its rule, and its resource by URN or logical name. */
const names = (ack: Acknowledgement, found: Finding) =>
  ack.rule === found.ruleId && (ack.resource === found.urn || ack.resource === logicalName(found.urn));

function acknowledgementFor(
  found: Finding,
  config: PackConfig,
  resources: Map<string, StackResource>,
): Found | undefined {
  const fromConfig = config.acknowledgements.find((ack) => names(ack, found));
  if (fromConfig) return { ack: fromConfig, source: "config" };
  const resource = resources.get(found.urn);
  const tags = resource ? readObject(resource.properties, "tags") : undefined;
  const name = `${ACK_TAG_PREFIX}${found.ruleId}`;
  const tag = tags && typeof tags === "object" ? ownEntry(tags, name) : undefined;
  if (typeof tag !== "string") return undefined;
  // Whoever can change the program can write a tag: an organisation may refuse them (pack config).
  if (config.tagAcknowledgements === "refused")
    return {
      refused: `the acknowledgement tag ${name} is ignored: the pack config refuses tag acknowledgements (tagAcknowledgements: refused); acknowledge it in the pack config instead`,
    };
  const read = readAckTagValue(tag);
  if (!read.ok) return { refused: `the acknowledgement tag ${name} is ignored: ${read.problem}` };
  if (config.tagAcknowledgements === "require-expiry" && read.expires === undefined)
    return {
      refused: `the acknowledgement tag ${name} is ignored: the pack config requires an expiry on tag acknowledgements (tagAcknowledgements: require-expiry); end it with "; expires=YYYY-MM-DD"`,
    };
  return {
    ack: { rule: found.ruleId, resource: found.urn, reason: read.reason, expires: read.expires },
    source: "tag",
    secret: isSecretOf(resource, tag),
  };
}

function acknowledgementOf(found: Extract<Found, { ack: Acknowledgement }>): AcknowledgementOf {
  if (found.secret) return { source: "tag", secret: true };
  const { reason, expires } = found.ack;
  return expires === undefined
    ? { source: found.source, secret: false, reason }
    : { source: found.source, secret: false, reason, expires };
}

function applyAcknowledgements(
  findings: readonly LeveledFinding[],
  config: PackConfig,
  resources: Map<string, StackResource>,
  today: Date,
): { findings: LeveledFinding[]; acknowledged: AcknowledgedFinding[] } {
  const result: LeveledFinding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const found of findings) {
    const matched = acknowledgementFor(found, config, resources);
    if (!matched) {
      result.push(found);
      continue;
    }
    if ("refused" in matched) {
      // Never silently: whoever wrote the tag learns why the finding stays.
      result.push(withNote(found, `(${capitalised(matched.refused)}.)`));
      continue;
    }
    const { ack, secret } = matched;
    if (visibleLength(ack.reason) < MIN_REASON_CHARACTERS) {
      result.push(
        withNote(
          found,
          `(The acknowledgement is ignored: its reason must have at least ${MIN_REASON_CHARACTERS} characters, not counting spaces and invisible ones.)`,
        ),
      );
      continue;
    }
    const expires = ack.expires === undefined ? undefined : expiryTime(ack.expires);
    if (ack.expires !== undefined && expires === undefined) {
      // A typo in the date must not silence a finding for ever.
      result.push(
        withNote(
          found,
          `(The acknowledgement is ignored: its expiry${secret ? "" : ` "${ack.expires}"`} is not a date written YYYY-MM-DD.)`,
        ),
      );
      continue;
    }
    if (expires !== undefined && expires < today.getTime()) {
      result.push(found);
      result.push({
        ...finding(ACK_EXPIRED_ID, found.urn, {
          problem: `The acknowledgement of ${found.ruleId} on ${logicalName(found.urn)} (${secret ? "a tag marked secret" : `"${ack.reason}"`}) expired${secret ? "" : ` on ${ack.expires}`}.`,
          fixes: [{ kind: "renew-acknowledgement" }],
        }),
        level: "mandatory",
      });
      continue;
    }
    // A valid acknowledgement silences the finding: the pack does not report it; check lists it apart.
    acknowledged.push({ ...found, acknowledgement: acknowledgementOf(matched) });
  }
  return { findings: result, acknowledged };
}

export interface EvaluateOptions {
  rules?: readonly Rule[];
  /** Outside facts already merged into `resources`, and what became of each source. */
  context?: ContextReport;
  /** What the stack's config tells (region, the default AWS provider's settings). */
  stackConfig?: StackConfig;
  today?: Date;
}

/**
 * Every finding of every enabled rule over the stack, with its level. Never throws. No message
 * or part carries the text of a value the stack marks secret (policies/secrets.ts).
 */
export function evaluateStack(
  resources: readonly StackResource[],
  config: PackConfig,
  options: EvaluateOptions = {},
): LeveledFinding[] {
  return evaluateWithAnalysis(resources, config, options).findings;
}

/**
 * The findings, those acknowledged, the config acknowledgements that matched nothing, and the
 * analysis they came from (none when the stack could not be analysed). Never throws; every
 * finding and acknowledgement scrubbed of secret text like evaluateStack's.
 */
export function evaluateWithAnalysis(
  resources: readonly StackResource[],
  config: PackConfig,
  options: EvaluateOptions = {},
): Evaluation {
  let analysis;
  try {
    analysis = analyzeStack(resources, config, options.stackConfig, options.context, options.today);
  } catch (error) {
    const findings: LeveledFinding[] = [
      {
        ...finding(RULE_ERROR_ID, "", {
          problem: `fargate-preflight could not analyse this stack (${(error as Error).stack ?? String(error)}). No service was proven able to start; please report this.`,
        }),
        level: "mandatory",
      },
    ];
    // No finding was looked for, so no acknowledgement can be said to match nothing.
    return { findings: scrubbed(stackSecretText(resources), findings), acknowledged: [], unmatched: [] };
  }
  const secrets = stackSecretText(resources, analysis);
  const evaluated = evaluateAnalysis(analysis, config, options);
  return {
    findings: scrubbed(secrets, evaluated.findings),
    acknowledged: scrubbed(secrets, evaluated.acknowledged).map((found) => scrubbedAcknowledgement(secrets, found)),
    unmatched: evaluated.unmatched,
    analysis,
  };
}

/** Every string in a finding's parts with the secret text replaced (fixes are data that may name resources). */
function scrubbedValue<T>(value: T, secrets: SecretText): T {
  if (typeof value === "string") return secrets.scrub(value) as T;
  if (Array.isArray(value)) return value.map((item) => scrubbedValue(item, secrets)) as T;
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbedValue(item, secrets)])) as T;
  return value;
}

/** The findings with every secret text in their messages and parts replaced (nothing to do for a stack without secrets). */
function scrubbed<T extends LeveledFinding>(secrets: SecretText | undefined, findings: T[]): T[] {
  if (!secrets) return findings;
  return findings.map((found) => ({
    ...found,
    message: secrets.scrub(found.message),
    parts: scrubbedValue<FindingParts>(found.parts, secrets),
  }));
}

/** A config reason could quote a secret-marked value too: scrubbed like the messages. */
function scrubbedAcknowledgement(secrets: SecretText | undefined, found: AcknowledgedFinding): AcknowledgedFinding {
  const { acknowledgement } = found;
  if (!secrets || acknowledgement.secret) return found;
  return { ...found, acknowledgement: { ...acknowledgement, reason: secrets.scrub(acknowledgement.reason) } };
}

function evaluateAnalysis(
  analysis: StackAnalysis,
  config: PackConfig,
  options: EvaluateOptions,
): Omit<Evaluation, "analysis"> {
  const rules = options.rules ?? RULES;
  const findings: LeveledFinding[] = [];
  for (const rule of rules) {
    const level = levelOf(rule, config);
    if (level === "disabled") continue;
    try {
      for (const found of rule.check(analysis)) {
        // A rule may also name facts it could not prove: those take the unknown level.
        const findingLevel = found.ruleId === rule.id ? level : levelOfId(found.ruleId, rules, config);
        if (findingLevel !== "disabled") findings.push({ ...found, level: findingLevel });
      }
    } catch (error) {
      findings.push({
        ...finding(RULE_ERROR_ID, "", {
          problem: `Rule ${rule.id} failed (${(error as Error).message}), so what it checks (${rule.description}) is not proven. The other rules ran. Please report this.`,
        }),
        level,
      });
    }
  }
  return {
    ...applyAcknowledgements(findings, config, analysis.model.resources, options.today ?? new Date()),
    // Whether it matched is what counts, not whether it was valid: an ignored one is noted on its finding.
    unmatched: config.acknowledgements.filter((ack) => !findings.some((found) => names(ack, found))),
  };
}
