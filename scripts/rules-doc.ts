/**
 * RULES.md from the rules' own data (texts, level, docs snippets, example) and the table of
 * start-up needs: `npm run rules-doc` writes it, and a test fails when the checked-in file
 * differs from what the rules say.
 */
import * as fs from "fs";
import * as path from "path";
import { NEED_KINDS, NeedKind } from "../model";
import { EVALUATION_FINDINGS, RULES } from "../policies/rules";
import { NEED_RULES, NeedRule } from "../policies/rules/need-rules";
import type { Rule } from "../policies/rules/rule";

export const ROOT = path.join(__dirname, "..");
export const RULES_DOC = path.join(ROOT, "RULES.md");

/** Where a rule's code, tests and example live, relative to the repository root (the file-naming convention). */
export function rulePaths(rule: Pick<Rule, "id" | "docs">): { code: string; tests: string; example?: string } {
  const base = rule.id.toLowerCase();
  return {
    code: `policies/rules/${base}.ts`,
    tests: `test/rules/${base}.test.ts`,
    example: rule.docs.example ? `examples/${rule.docs.example}` : undefined,
  };
}

const link = (file: string) => `[${file}](${file})`;

function needRuleText(entry: NeedRule): string {
  return "rule" in entry ? `[${entry.rule}](#${entry.rule.toLowerCase()})` : `none: ${entry.none}`;
}

function ruleSection(rule: Rule): string[] {
  const paths = rulePaths(rule);
  const language = rule.docs.language ?? "ts";
  return [
    `## ${rule.id}`,
    "",
    rule.description,
    "",
    `**Why:** ${rule.explanation}`,
    "",
    `**Fix:** ${rule.fix}`,
    "",
    ...(rule.awsErrors?.length
      ? ["**What AWS answers without it:**", "", ...rule.awsErrors.map((text) => `- \`${text}\``), ""]
      : []),
    ...(rule.sources?.length ? [`**Source:** ${rule.sources.join(", ")}`, ""] : []),
    `Default level: ${rule.defaultLevel}. Code: ${link(paths.code)}. Tests: ${link(paths.tests)}.` +
      (paths.example ? ` Example: ${link(paths.example)}.` : ""),
    "",
    "Fails:",
    "",
    "```" + language,
    rule.docs.failing,
    "```",
    "",
    "Passes:",
    "",
    "```" + language,
    rule.docs.passing,
    "```",
    "",
  ];
}

export function renderRulesDoc(): string {
  const lines = [
    "# fargate-preflight rules",
    "",
    "Generated from `policies/rules/*.ts` by `npm run rules-doc`; do not edit by hand. To add a rule, see",
    "[docs/adding-a-rule.md](docs/adding-a-rule.md).",
    'Set a rule\'s level with the pack config `levels` (for example `{ "levels": { "FARGATE-EXEC-NETWORK": "mandatory" } }`).',
    "The snippets are fragments of a Pulumi TypeScript program: names such as `vpc`, `privateSubnetIds` or",
    "`repository` stand for your own resources, and `// ...` for the arguments that do not matter to the rule.",
    "",
    "| id | default level | what it proves |",
    "| --- | --- | --- |",
    ...RULES.map((rule) => `| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.defaultLevel} | ${rule.description} |`),
    "",
    "## Start-up needs and their rules",
    "",
    "Each thing a task needs at start-up, the rule that proves its network path and the rule that proves the role may make its calls.",
    "",
    "| need | network | IAM |",
    "| --- | --- | --- |",
    ...(Object.keys(NEED_RULES) as NeedKind[]).map(
      (kind) =>
        `| ${NEED_KINDS[kind].title} (\`${kind}\`) | ${needRuleText(NEED_RULES[kind].network)} | ${needRuleText(NEED_RULES[kind].iam)} |`,
    ),
    "",
  ];
  for (const rule of RULES) lines.push(...ruleSection(rule));
  for (const finding of EVALUATION_FINDINGS) lines.push(`## ${finding.id}`, "", finding.description, "");
  return lines.join("\n");
}

if (require.main === module) {
  fs.writeFileSync(RULES_DOC, renderRulesDoc());
  console.log(`wrote ${RULES_DOC}`);
}
