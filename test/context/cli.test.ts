/** `fargate-preflight check <app> --context <export>`: the offline command decides the app stack against its network. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureBuilt } from "../support/built";
import { REPO_ROOT } from "../support/paths";
import { BROKEN_EXPORT, EXAMPLE_DIR, WORKING_EXPORT } from "./support";

const BIN = path.join(REPO_ROOT, "bin", "fargate-preflight.js");
const APP = path.join(EXAMPLE_DIR, "app");

function check(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, "check", APP, "--quiet", "--format", "json", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120000,
  });
  const findings =
    run.status === 0 || run.status === 1
      ? (
          JSON.parse(run.stdout) as {
            findings: { level: string; ruleId: string; resourceName: string; message: string }[];
          }
        ).findings
      : [];
  return { code: run.status, stderr: run.stderr, findings };
}

const mandatory = (findings: ReturnType<typeof check>["findings"]) =>
  findings
    .filter((finding) => finding.level === "mandatory")
    .map((finding) => `${finding.ruleId} ${finding.resourceName}`);

describe("fargate-preflight check --context", function () {
  this.timeout(240000);
  // The command runs the compiled code (dist/, policy-pack/), as users run it.
  before(function () {
    this.timeout(600000);
    ensureBuilt();
  });

  for (const form of [[], ["--deployed"]]) {
    const name = form.length ? "deployed" : "first preview";
    it(`${name}: the broken network exits 1 with FARGATE-SECRETS-NETWORK${form.length ? "" : ", the working one exits 0"}`, () => {
      const broken = check(...form, "--context", BROKEN_EXPORT);
      assert.equal(broken.code, 1, broken.stderr);
      assert.deepEqual(mandatory(broken.findings), ["FARGATE-SECRETS-NETWORK shop-api"]);
      assert.match(broken.findings[0].message, /from stack network\/prod \(network-broken\.json\)/);
      if (form.length) return; // deployed + working is covered over gRPC (pack-process.test.ts); each run starts the pack
      const working = check(...form, "--context", WORKING_EXPORT);
      assert.equal(working.code, 0, working.stderr);
      assert.deepEqual(mandatory(working.findings), []);
    });
  }

  it("without --context: exit 0, the network unknown, and the advice names --context", () => {
    const run = check();
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.findings.some((finding) => /--context network\.json/.test(finding.message)));
  });

  it("exit 2 with the file named for a missing or invalid --context file", () => {
    const missing = check("--context", "/nowhere/network.json");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--context \/nowhere\/network\.json: cannot read it \(ENOENT\)/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "context-")), "bad.json");
    fs.writeFileSync(file, "[]");
    const invalid = check("--context", file);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /expected the JSON that `pulumi stack export` writes/);
  });
});
