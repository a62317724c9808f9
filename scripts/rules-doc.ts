/**
 * RULES.md from the rules' own metadata: `npm run rules-doc` writes it, and a test fails when
 * the checked-in file differs from what the rules say.
 */
import * as fs from "fs";
import * as path from "path";
import { EVALUATION_FINDINGS, RULES } from "../policies/rules";

export const RULES_DOC = path.join(__dirname, "..", "RULES.md");

export function renderRulesDoc(): string {
  const lines = [
    "# fargate-preflight rules",
    "",
    "Generated from `policies/rules/*.ts` by `npm run rules-doc`; do not edit by hand.",
    "Each rule's code is `policies/rules/<id in lower case>.ts`, its tests `test/rules/<id in lower case>.test.ts`.",
    'Set a rule\'s level with the pack config `levels` (for example `{ "levels": { "FARGATE-EXEC-NETWORK": "mandatory" } }`).',
    "",
    "| id | default level | what it proves |",
    "| --- | --- | --- |",
    ...RULES.map((rule) => `| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.defaultLevel} | ${rule.description} |`),
    "",
  ];
  for (const rule of RULES) {
    lines.push(
      `## ${rule.id}`,
      "",
      rule.description,
      "",
      `**Why:** ${rule.explanation}`,
      "",
      `**Fix:** ${rule.fix}`,
      "",
      `Default level: ${rule.defaultLevel}.`,
      "",
    );
  }
  for (const finding of EVALUATION_FINDINGS) lines.push(`## ${finding.id}`, "", finding.description, "");
  return lines.join("\n");
}

if (require.main === module) {
  fs.writeFileSync(RULES_DOC, renderRulesDoc());
  console.log(`wrote ${RULES_DOC}`);
}
