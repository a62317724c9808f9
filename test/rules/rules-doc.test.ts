/**
 * RULES.md's data: each rule's code, tests and example exist where its entry links them, its
 * snippets are well-formed and formatted, and no user-facing text names how the project tracks
 * its work (seeds, issues).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../policies/rules";
import { TODO } from "../../scripts/new-rule";
import { renderRulesDoc, ROOT, rulePaths } from "../../scripts/rules-doc";
import { snippetProblems } from "../support/rule-docs";

/** A sentence that names a seed or an issue: how the project tracks work, not what a user needs. */
const TRACKING = /\b(seed|issue)s?\b(\s+#?\d+)?/i;

describe("RULES.md's data", () => {
  it("each rule's code, tests and example are where its entry links them", () => {
    for (const rule of RULES) {
      const paths = rulePaths(rule);
      for (const file of [paths.code, paths.tests])
        assert.ok(fs.existsSync(path.join(ROOT, file)), `${rule.id}: ${file} does not exist`);
      if (paths.example)
        assert.ok(
          fs.existsSync(path.join(ROOT, paths.example, "Pulumi.yaml")),
          `${rule.id}: no program in ${paths.example}`,
        );
    }
  });

  it("each rule's snippets parse and are formatted", async () => {
    const problems = (await Promise.all(RULES.map(snippetProblems))).flat();
    assert.deepEqual(problems, []);
  });

  it("has no rule left as the scaffold wrote it (npm run new-rule marks what to write TODO(new-rule))", () => {
    for (const rule of RULES) {
      const texts = [rule.description, rule.explanation, rule.fix, rule.docs.failing, rule.docs.passing];
      assert.ok(!texts.some((text) => text.includes(TODO)), `${rule.id}: write what is marked ${TODO}`);
    }
  });

  it("names no seed or issue in RULES.md, the rules' texts or the examples' descriptions", () => {
    const texts: [string, string][] = [
      ["RULES.md", renderRulesDoc()],
      ...RULES.map((rule): [string, string] => [rule.id, [rule.description, rule.explanation, rule.fix].join("\n")]),
    ];
    for (const example of fs.readdirSync(path.join(ROOT, "examples"))) {
      for (const file of ["README.md", "Pulumi.yaml"]) {
        const full = path.join(ROOT, "examples", example, file);
        if (fs.existsSync(full)) texts.push([`examples/${example}/${file}`, fs.readFileSync(full, "utf8")]);
      }
    }
    for (const [where, text] of texts) assert.doesNotMatch(text, TRACKING, where);
  });
});
