/** The checks a rule's documentation snippets must pass (test/rules/rules-doc.test.ts, and the scaffold's test). */
import * as prettier from "prettier";
import * as ts from "typescript";
import type { Rule } from "../../policies/rules/rule";

/** What a newcomer's snippet must satisfy: it parses, and reads as prettier prints it (the rule files' width less the indentation). */
export async function snippetProblems(rule: Pick<Rule, "id" | "docs">): Promise<string[]> {
  const problems: string[] = [];
  const jsonc = rule.docs.language === "jsonc";
  for (const side of ["failing", "passing"] as const) {
    const snippet = rule.docs[side];
    if (!jsonc) {
      const { diagnostics = [] } = ts.transpileModule(snippet, { reportDiagnostics: true });
      for (const diagnostic of diagnostics)
        problems.push(`${rule.id} ${side}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
    }
    const formatted = await prettier
      .format(snippet, {
        parser: jsonc ? "jsonc" : "typescript",
        printWidth: 100,
        trailingComma: jsonc ? "none" : "all",
      })
      .catch((error: Error) => `${error.message}`);
    if (formatted.trimEnd() !== snippet) problems.push(`${rule.id} ${side}: not as prettier prints it:\n${formatted}`);
  }
  if (rule.docs.failing === rule.docs.passing) problems.push(`${rule.id}: the passing snippet is the failing one`);
  return problems;
}
