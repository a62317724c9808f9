/** --help, --version, rules and the exit codes, as a user's CI sees them. */
import { strict as assert } from "assert";
import { EXIT, parseArgs } from "../../cli/arguments";
import { runMain } from "../support/main-run";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EVALUATION_FINDINGS, RULES } from "../../policies/rules";
import { ensureBuilt } from "../support/built";

describe("commands", () => {
  it("--help prints the usage with every exit code and exits 0", async () => {
    const help = await runMain(["--help"]);
    assert.equal(help.code, EXIT.pass);
    for (const line of ["0  passed", "1  mandatory findings", "2  bad input", "3  internal error", "4  not checked"])
      assert.ok(help.out.includes(line), line);
    assert.match(help.out, /--skip-typecheck/);
    assert.match(help.out, /--format <f> +text \(default\), json, sarif or markdown/);
    assert.equal((await runMain(["check", "--help"])).code, EXIT.pass);
  });

  it("--version prints the package version", async () => {
    assert.deepEqual(await runMain(["--version"]), { code: 0, out: "fargate-preflight 0.1.0\n", err: "" });
  });

  it("rules lists every rule id with its level and one-line description", async () => {
    const rules = await runMain(["rules"]);
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
    for (const argv of [[], ["lint"], ["check"], ["check", "a", "b"], ["rules", "x"]]) {
      const result = await runMain(argv);
      assert.equal(result.code, EXIT.badInput, argv.join(" "));
      assert.match(result.err, /usage: fargate-preflight check/);
    }
    // A bad value of an option: one line naming the option and what it takes.
    const format = await runMain(["check", "a", "--format", "xml"]);
    assert.equal(format.code, EXIT.badInput);
    assert.match(format.err, /^fargate-preflight: --format: expected text, .*, got xml\n$/);
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

  it("--region is refused up front unless it is shaped like an AWS region name, as --account is", async () => {
    for (const region of ["mars-1", "eu-west", "EU-WEST-1", "eu-west-1 "]) {
      const result = await runMain(["check", "--state", "state.json", "--region", region]);
      assert.equal(result.code, EXIT.badInput, region);
      // One line naming the option: the whole usage would bury it.
      assert.equal(
        result.err,
        `fargate-preflight: --region: expected an AWS region name such as us-east-1, got ${JSON.stringify(region)}\n`,
      );
    }
    for (const region of ["eu-west-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1"]) {
      const parsed = parseArgs(["check", "--state", "state.json", "--region", region]);
      assert.equal(parsed.kind === "check" && parsed.options.region, region);
    }
  });

  it("a program path that is a file: exit 2, saying it is not a directory", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "not-a-dir-")), "index.ts");
    fs.writeFileSync(file, "export const x = 1;\n");
    const result = await runMain(["check", file, "--quiet"]);
    assert.equal(result.code, EXIT.badInput);
    assert.equal(
      result.err,
      `fargate-preflight: ${file}: not a directory (expected a Pulumi program directory with a Pulumi.yaml)\n`,
    );
  });

  it("a program without its own @pulumi/pulumi exits 2 and says to install it, as pulumi preview would need", async () => {
    ensureBuilt();
    const program = fs.mkdtempSync(path.join(os.tmpdir(), "no-modules-"));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: bare\nruntime: nodejs\n");
    fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
    fs.writeFileSync(path.join(program, "index.ts"), "export const x = 1;\n");
    const result = await runMain(["check", program, "--quiet"]);
    assert.equal(result.code, EXIT.badInput);
    assert.match(result.err, /cannot find @pulumi\/pulumi from the program directory; run npm install there/);
  });
});
