/** --help, --version, rules and the exit codes, as a user's CI sees them. */
import { strict as assert } from "assert";
import { EXIT, main, parseArgs } from "../../cli/main";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EVALUATION_FINDINGS, RULES } from "../../policies/rules";
import { ensureBuilt } from "../support/built";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const stderr = process.stderr.write;
  process.stderr.write = ((text: string) => ((err += text), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv, (text) => (out += text));
    return { code, out, err };
  } finally {
    process.stderr.write = stderr;
  }
}

describe("commands", () => {
  it("--help prints the usage with every exit code and exits 0", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, EXIT.pass);
    for (const line of ["0  passed", "1  mandatory findings", "2  bad input", "3  internal error"])
      assert.ok(help.out.includes(line), line);
    assert.match(help.out, /--skip-typecheck/);
    assert.match(help.out, /--format <f> +text \(default\), json, sarif or markdown/);
    assert.equal((await run(["check", "--help"])).code, EXIT.pass);
  });

  it("--version prints the package version", async () => {
    assert.deepEqual(await run(["--version"]), { code: 0, out: "fargate-preflight 0.1.0\n", err: "" });
  });

  it("rules lists every rule id with its level and one-line description", async () => {
    const rules = await run(["rules"]);
    assert.equal(rules.code, EXIT.pass);
    const [ruleLines, evaluationLines] = rules.out
      .trimEnd()
      .split("\n\n")
      .map((block) => block.split("\n"));
    assert.equal(ruleLines.length, RULES.length);
    RULES.forEach((rule, index) => {
      assert.match(ruleLines[index], new RegExp(`^${rule.id} +${rule.defaultLevel} +`));
      assert.ok(ruleLines[index].endsWith(rule.description));
    });
    // The findings of the evaluation itself are listed too (their levels are fixed), as RULES.md lists them.
    assert.match(evaluationLines[0], /^Findings of the evaluation itself/);
    assert.deepEqual(
      evaluationLines.slice(1).map((line) => line.split(" ")[0]),
      EVALUATION_FINDINGS.map((finding) => finding.id),
    );
  });

  it("bad usage exits 2 with the usage", async () => {
    for (const argv of [
      [],
      ["lint"],
      ["check"],
      ["check", "a", "b"],
      ["check", "a", "--format", "xml"],
      ["rules", "x"],
    ]) {
      const result = await run(argv);
      assert.equal(result.code, EXIT.badInput, argv.join(" "));
      assert.match(result.err, /usage: fargate-preflight check/);
    }
  });

  it("parses the check options", () => {
    assert.deepEqual(parseArgs(["check", "infra", "--skip-typecheck", "--format", "markdown", "--stack", "prod"]), {
      kind: "check",
      options: {
        programDir: "infra",
        deployed: false,
        format: "markdown",
        stack: "prod",
        account: "123456789012",
        accountGiven: false,
        context: [],
        typeCheck: false,
        quiet: false,
      },
    });
  });

  it("a program without its own @pulumi/pulumi exits 2 and says to install it, as pulumi preview would need", async () => {
    ensureBuilt();
    const program = fs.mkdtempSync(path.join(os.tmpdir(), "no-modules-"));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: bare\nruntime: nodejs\n");
    fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
    fs.writeFileSync(path.join(program, "index.ts"), "export const x = 1;\n");
    const result = await run(["check", program, "--quiet"]);
    assert.equal(result.code, EXIT.badInput);
    assert.match(result.err, /cannot find @pulumi\/pulumi from the program directory; run npm install there/);
  });
});
