/**
 * Runs every rule over one shared analysis and decides each finding's level: the rule's
 * configured level, acknowledgements (config or resource tag), and the safety nets (a rule
 * that throws is reported, never skipped).
 */
import { analyzeStack } from "./analysis/analyze";
import { expiryTime } from "./analysis/config";
import type { Acknowledgement, Level, PackConfig } from "./analysis/config";
import type { StackResource } from "./stack/resources";
import type { ContextReport } from "./context/types";
import { readObject } from "./stack/values";
import { ACK_EXPIRED_ID, RULE_ERROR_ID, RULES } from "./rules";
import type { Finding, Rule } from "./rules/rule";

export interface LeveledFinding extends Finding {
  level: Exclude<Level, "disabled">;
}

export { ACK_EXPIRED_ID, RULE_ERROR_ID };
const ACK_TAG_PREFIX = "fargate-preflight:ack:";

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

/**
 * `reason; expires=2027-01-31` from a resource tag, or `reason expires=2027-01-31`: IAM tag
 * values admit no `;` (letters, digits, spaces and _ . : / = + - @), and IAM findings sit on roles.
 */
function parseAckTag(value: string, rule: string, resource: string): Acknowledgement {
  const match = /^(.*?)(?:(?:;\s*|\s+)expires=(\S+))?\s*$/.exec(value);
  return { rule, resource, reason: (match?.[1] ?? value).trim(), expires: match?.[2] };
}

function acknowledgementFor(
  finding: Finding,
  config: PackConfig,
  resources: Map<string, StackResource>,
): Acknowledgement | undefined {
  const fromConfig = config.acknowledgements.find(
    (ack) => ack.rule === finding.ruleId && (ack.resource === finding.urn || ack.resource === logicalName(finding.urn)),
  );
  if (fromConfig) return fromConfig;
  const resource = resources.get(finding.urn);
  const tags = resource ? readObject(resource.props, "tags") : undefined;
  const tag = tags && typeof tags === "object" ? tags[`${ACK_TAG_PREFIX}${finding.ruleId}`] : undefined;
  return typeof tag === "string" ? parseAckTag(tag, finding.ruleId, finding.urn) : undefined;
}

function applyAcknowledgements(
  findings: readonly LeveledFinding[],
  config: PackConfig,
  resources: Map<string, StackResource>,
  today: Date,
): LeveledFinding[] {
  const result: LeveledFinding[] = [];
  for (const finding of findings) {
    const ack = acknowledgementFor(finding, config, resources);
    if (!ack) {
      result.push(finding);
      continue;
    }
    if (ack.reason.trim().length < 10) {
      result.push({
        ...finding,
        message: `${finding.message}\n(The acknowledgement is ignored: its reason must have at least 10 characters.)`,
      });
      continue;
    }
    const expires = ack.expires === undefined ? undefined : expiryTime(ack.expires);
    if (ack.expires !== undefined && expires === undefined) {
      // A typo in the date must not silence a finding for ever.
      result.push({
        ...finding,
        message: `${finding.message}\n(The acknowledgement is ignored: its expiry "${ack.expires}" is not a date written YYYY-MM-DD.)`,
      });
      continue;
    }
    if (expires !== undefined && expires < today.getTime()) {
      result.push(finding);
      result.push({
        ruleId: ACK_EXPIRED_ID,
        urn: finding.urn,
        level: "mandatory",
        message: `The acknowledgement of ${finding.ruleId} on ${logicalName(finding.urn)} ("${ack.reason}") expired on ${ack.expires}.\nFix: fix the finding, or renew the acknowledgement with a new expiry date.`,
      });
    }
    // A valid acknowledgement silences the finding.
  }
  return result;
}

export interface EvaluateOptions {
  rules?: readonly Rule[];
  /** Outside facts already merged into `resources`, and what became of each source. */
  context?: ContextReport;
  stackRegion?: string;
  today?: Date;
}

/** Every finding of every enabled rule over the stack, with its level. Never throws. */
export function evaluateStack(
  resources: readonly StackResource[],
  config: PackConfig,
  options: EvaluateOptions = {},
): LeveledFinding[] {
  const rules = options.rules ?? RULES;
  let analysis;
  try {
    analysis = analyzeStack(resources, config, options.stackRegion, options.context);
  } catch (error) {
    return [
      {
        ruleId: RULE_ERROR_ID,
        urn: "",
        level: "mandatory",
        message: `fargate-preflight could not analyse this stack (${(error as Error).stack ?? String(error)}). No service was proven able to start; please report this.`,
      },
    ];
  }
  const findings: LeveledFinding[] = [];
  for (const rule of rules) {
    const level = levelOf(rule, config);
    if (level === "disabled") continue;
    try {
      for (const finding of rule.check(analysis)) {
        // A rule may also name facts it could not prove: those take the unknown level.
        const findingLevel = finding.ruleId === rule.id ? level : levelOfId(finding.ruleId, rules, config);
        if (findingLevel !== "disabled") findings.push({ ...finding, level: findingLevel });
      }
    } catch (error) {
      findings.push({
        ruleId: RULE_ERROR_ID,
        urn: "",
        level,
        message: `Rule ${rule.id} failed (${(error as Error).message}), so what it checks (${rule.description}) is not proven. The other rules ran. Please report this.`,
      });
    }
  }
  return applyAcknowledgements(findings, config, analysis.model.resources, options.today ?? new Date());
}
