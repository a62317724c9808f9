/**
 * --json-file, --sarif-file and --markdown-file as a new user met them: a path that could not be
 * written crashed the run at its end (exit 3, "internal error", the report lost). A path that
 * cannot be written is refused before anything runs; a write that fails anyway is named and the
 * other reports and stdout are still written.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT } from "../../cli/arguments";
import { runMain } from "../support/main-run";
import { referenceStack } from "../fixtures/stacks";
import { ensureBuilt } from "../support/built";
import { stackExport } from "../support/stack-export";

describe("check: the report files", function () {
  this.timeout(120000);
  let scratch: string;
  /** A deployed stack whose service cannot reach Secrets Manager: one mandatory finding, exit 1. */
  let failing: string;

  before(() => {
    ensureBuilt();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "output-files-"));
    failing = path.join(scratch, "failing.json");
    const resources = referenceStack("deployed").remove("secretsmanager-endpoint").resources;
    fs.writeFileSync(failing, JSON.stringify(stackExport(resources)));
  });

  it("a missing folder, a directory or a folder that is a file: exit 2 before anything runs, each option and path named", async () => {
    const directory = path.join(scratch, "adir");
    fs.mkdirSync(directory);
    const missingFolder = path.join(scratch, "out", "f.json");
    const underAFile = path.join(failing, "x.md");
    // The state file does not exist either: the report paths are checked before it is read.
    const result = await runMain([
      "check",
      "--state",
      path.join(scratch, "no-such-state.json"),
      "--quiet",
      "--json-file",
      missingFolder,
      "--sarif-file",
      directory,
      "--markdown-file",
      underAFile,
    ]);
    assert.equal(result.code, EXIT.badInput, result.err);
    assert.equal(result.out, "");
    const lines = result.err.trim().split("\n");
    assert.deepEqual(lines, [
      `fargate-preflight: --json-file ${missingFolder}: its folder ${path.dirname(missingFolder)} does not exist; expected a file in an existing folder (create the folder first)`,
      `--sarif-file ${directory}: is a directory; expected the path of a file to write the report to`,
      `--markdown-file ${underAFile}: ${failing} is not a folder; expected a file in an existing folder`,
    ]);
  });

  it("two reports into one file: exit 2, the second option named with the first", async () => {
    const same = path.join(scratch, "report.out");
    const result = await runMain(["check", "--state", failing, "--quiet", "--json-file", same, "--sarif-file", same]);
    assert.equal(result.code, EXIT.badInput, result.err);
    assert.match(result.err, new RegExp(`--sarif-file ${same}: --json-file names the same file`));
    assert.equal(fs.existsSync(same), false);
  });

  it("a folder that cannot be looked at (a symbolic link loop): exit 2, the option, the path and the reason named", async () => {
    const loop = path.join(scratch, "loop");
    fs.symlinkSync(loop, loop);
    const target = path.join(loop, "r.md");
    const result = await runMain(["check", "--state", failing, "--quiet", "--markdown-file", target]);
    assert.equal(result.code, EXIT.badInput, result.err);
    assert.equal(
      result.err,
      `fargate-preflight: --markdown-file ${target}: its folder ${loop} cannot be read (ELOOP); expected a file in a folder this can write to\n`,
    );
  });

  const full = "/dev/full";
  (fs.existsSync(full) ? it : it.skip)(
    "a write that fails at the end (a full disk): named with its option and path, the other reports and stdout still written, exit 2 not 3",
    async () => {
      const sarif = path.join(scratch, "r.sarif");
      const markdown = path.join(scratch, "r.md");
      const argv = ["check", "--state", failing, "--region", "eu-west-1", "--quiet", "--format", "json"];
      const result = await runMain([...argv, "--json-file", full, "--sarif-file", sarif, "--markdown-file", markdown]);
      assert.equal(result.code, EXIT.badInput, result.err);
      assert.match(result.err, /fargate-preflight: --json-file \/dev\/full: the report could not be written \(ENOSPC/);
      assert.doesNotMatch(result.err, /internal error/);
      const report = JSON.parse(result.out) as { findings: { ruleId: string; level: string }[] };
      assert.ok(report.findings.some((finding) => finding.level === "mandatory"));
      assert.equal((JSON.parse(fs.readFileSync(sarif, "utf8")) as { version: string }).version, "2.1.0");
      assert.match(fs.readFileSync(markdown, "utf8"), /FARGATE-SECRETS-NETWORK/);
      // The same run with the files writable: exit 1, as a failing stack should.
      const json = path.join(scratch, "r.json");
      const written = await runMain([...argv, "--json-file", json, "--sarif-file", sarif, "--markdown-file", markdown]);
      assert.equal(written.code, EXIT.findings, written.err);
      assert.deepEqual(JSON.parse(fs.readFileSync(json, "utf8")), JSON.parse(written.out));
    },
  );
});
