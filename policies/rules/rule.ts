/** What a rule is: data (id, texts, default level) plus one function from the analysis to findings. */
import type { StackAnalysis } from "../analysis/analyze";
import { distinctFixes, Fix, fixesText } from "../analysis/fix";

/** The levels a user may give a rule (pack config `levels`): a finding's level, or off. */
export const LEVELS = ["mandatory", "advisory", "disabled"] as const;
export type Level = (typeof LEVELS)[number];
/** How a finding is enforced: mandatory fails the preview, advisory is printed only. */
export type FindingLevel = Exclude<Level, "disabled">;

/** What the finding says will happen: the message's second line. */
export type Consequence =
  /** `Tasks will stop with: <error>` */
  | { kind: "tasks-stop"; error: string }
  /** `Tasks will fail intermittently with: <error>` */
  | { kind: "tasks-fail-intermittently"; error: string }
  /** `The deployment will stop with: <error>` */
  | { kind: "deployment-stops"; error: string }
  /** A sentence of its own. */
  | { kind: "outcome"; text: string };

/** A finding's message as data: reports read these parts, never the message's text. */
export interface FindingParts {
  /** What is wrong: the message's first line. */
  problem: string;
  consequence?: Consequence;
  /** What to change, said as one sentence (`fixesText`). */
  fixes?: readonly Fix[];
  /** Lines the evaluation adds after the rest (an acknowledgement it ignored, and why). */
  notes?: readonly string[];
}

export interface Finding {
  ruleId: string;
  /** The resource to fix. */
  urn: string;
  /** The text the engine shows, rendered from `parts` (build findings with `finding()`). */
  message: string;
  parts: FindingParts;
}

function consequenceLine(consequence: Consequence): string {
  switch (consequence.kind) {
    case "tasks-stop":
      return `Tasks will stop with: ${consequence.error}`;
    case "tasks-fail-intermittently":
      return `Tasks will fail intermittently with: ${consequence.error}`;
    case "deployment-stops":
      return `The deployment will stop with: ${consequence.error}`;
    case "outcome":
      return consequence.text;
  }
}

/** The message of a finding: the problem, what will happen, `Fix: ...`, then any notes, one per line. */
export function messageText(parts: FindingParts): string {
  return [
    parts.problem,
    ...(parts.consequence ? [consequenceLine(parts.consequence)] : []),
    ...(parts.fixes && parts.fixes.length > 0 ? [`Fix: ${fixesText(parts.fixes)}.`] : []),
    ...(parts.notes ?? []),
  ].join("\n");
}

/** A finding with its message rendered from its parts, so the two never disagree. */
export function finding(ruleId: string, urn: string, parts: FindingParts): Finding {
  const said = parts.fixes ? { ...parts, fixes: distinctFixes(parts.fixes) } : parts;
  return { ruleId, urn, message: messageText(said), parts: said };
}

/** The same finding with one more note line (the evaluation's remark on it). */
export function withNote<F extends Finding>(found: F, note: string): F {
  const parts = { ...found.parts, notes: [...(found.parts.notes ?? []), note] };
  return { ...found, message: messageText(parts), parts };
}

/**
 * What RULES.md shows of a rule besides its texts (scripts/rules-doc.ts). The rule's code is
 * policies/rules/<id in lower case>.ts and its tests test/rules/<id in lower case>.test.ts.
 */
export interface RuleDocs {
  /** A short program fragment the rule fails on: TypeScript (Pulumi), or pack config. */
  failing: string;
  /** The same fragment, fixed. */
  passing: string;
  /** The language of the fragments (default TypeScript; `jsonc` for pack config). */
  language?: "ts" | "jsonc";
  /** The program under examples/ whose check shows a finding of the rule, when one does. */
  example?: string;
}

/** A snippet written indented in the rule file, as it reads: the common indentation and the first and last line breaks removed. */
export function code(strings: TemplateStringsArray): string {
  const lines = strings
    .join("")
    .replace(/^\n/, "")
    .replace(/\n[ ]*$/, "")
    .split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join("\n");
}

export interface Rule {
  /** Stable id, also the file name (lower case) of the rule and of its tests. */
  id: string;
  /** One line: what the rule proves. */
  description: string;
  /** Why it matters: what happens at runtime. */
  explanation: string;
  /** How to fix a violation, in general terms (each finding names its concrete fix). */
  fix: string;
  defaultLevel: FindingLevel;
  /** The texts AWS answers with (API error or stopped reason) that the rule's findings prevent. */
  awsErrors?: readonly string[];
  /** The AWS pages the rule's facts come from. */
  sources?: readonly string[];
  docs: RuleDocs;
  check(analysis: StackAnalysis): Finding[];
}
