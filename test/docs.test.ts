/**
 * The README is a user guide a newcomer reads top to bottom, with the rest in docs/: it stays
 * short, keeps the sections a user looks for, and every link in it and in docs/ leads somewhere
 * (a file that exists, and a heading that exists in it). User-facing text describes things, not
 * the project's internal seed or issue numbers.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./support/paths";

const README = path.join(REPO_ROOT, "README.md");
const DOCS = path.join(REPO_ROOT, "docs");

/** The user-facing Markdown: the README, docs/, and each example's README (RULES.md is generated and checked elsewhere). */
function userDocs(): string[] {
  const examples = path.join(REPO_ROOT, "examples");
  return [
    README,
    ...fs
      .readdirSync(DOCS)
      .filter((name) => name.endsWith(".md"))
      .map((name) => path.join(DOCS, name)),
    ...fs
      .readdirSync(examples)
      .map((name) => path.join(examples, name, "README.md"))
      .filter((file) => fs.existsSync(file)),
  ];
}

/** Markdown without its fenced code blocks, where `[x](y)` and `#` are not links or headings. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const headings = [...prose(fs.readFileSync(file, "utf8")).matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]);
  return new Set(headings.map(anchor));
}

describe("the README and docs/", () => {
  it("the README is a guide of at most 300 lines", () => {
    const lines = fs.readFileSync(README, "utf8").split("\n").length;
    assert.ok(lines <= 300, `README.md has ${lines} lines`);
  });

  it("the README has the sections a new user looks for, in reading order", () => {
    const headings = [...prose(fs.readFileSync(README, "utf8")).matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    const wanted = ["Set-up", "What it catches", "Use it in your project", "Configuration", "Troubleshooting"];
    const found = wanted.map((heading) => headings.indexOf(heading));
    assert.ok(
      found.every((index) => index >= 0),
      `missing: ${wanted.filter((_, i) => found[i] < 0).join(", ")}`,
    );
    assert.deepEqual(
      found,
      [...found].sort((a, b) => a - b),
      "in reading order",
    );
    const uses = [...prose(fs.readFileSync(README, "utf8")).matchAll(/^### (\d)\. /gm)].map((match) => match[1]);
    assert.deepEqual(uses, ["1", "2", "3"], "the three uses");
  });

  it("every relative link leads to a file that exists, and to a heading in it", () => {
    const broken: string[] = [];
    for (const file of userDocs()) {
      for (const match of prose(fs.readFileSync(file, "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1];
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [relative, fragment] = target.split("#");
        const resolved = relative ? path.resolve(path.dirname(file), relative) : file;
        const where = `${path.relative(REPO_ROOT, file)} -> ${target}`;
        if (!fs.existsSync(resolved)) broken.push(`${where}: no such file`);
        else if (fragment && resolved.endsWith(".md") && !anchorsOf(resolved).has(fragment))
          broken.push(`${where}: no such heading`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("every file in docs/ is linked from the README, or from a file in docs/ the README links", () => {
    // The README must stay within 300 lines, so a detail page may hang off the page it details.
    const readme = fs.readFileSync(README, "utf8");
    const docs = fs.readdirSync(DOCS).filter((name) => name.endsWith(".md"));
    const fromReadme = docs.filter((name) => readme.includes(`](docs/${name}`));
    const linkedPages = fromReadme.map((name) => fs.readFileSync(path.join(DOCS, name), "utf8"));
    const unlinked = docs.filter(
      (name) => !fromReadme.includes(name) && !linkedPages.some((text) => text.includes(`](${name}`)),
    );
    assert.deepEqual(unlinked, []);
  });

  it("names no seed or issue number", () => {
    const named: string[] = [];
    for (const file of userDocs()) {
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (/\b(seed|issue) #?\d+/i.test(line)) named.push(`${path.relative(REPO_ROOT, file)}:${index + 1}: ${line}`);
        });
    }
    assert.deepEqual(named, []);
  });
});
