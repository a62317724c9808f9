/**
 * Every example through the `fargate-preflight check` command, as a user runs it: the
 * findings of each are pinned (text, JSON and SARIF from one run), the SARIF is validated
 * against the SARIF 2.1.0 schema, and the exit codes are checked.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv = require("ajv");
import { RULES } from "../policies/rules";
import { referenceStack } from "./fixtures/stacks";
import { ensureBuilt } from "./support/built";
import { REPO_ROOT } from "./support/paths";
import { stackExport } from "./support/stack-export";

const BIN = path.join(REPO_ROOT, "bin", "fargate-preflight.js");
const U = "advisory FARGATE-UNKNOWN shop-api"; // containerDefinitions computed at a first preview
// The execution policy names the account; ARNs built at a first preview hold {account} (no accountId in config).
const A = "advisory FARGATE-UNKNOWN shop-execution";

/** Expected findings per example: `level RULE resource-name`, sorted. */
const EXPECTED: Record<string, string[]> = {
  "private-endpoints": [U, A],
  "public-subnets": [U, A],
  "nat-per-az": [U, A],
  mixed: [U, A],
  "secrets-endpoint-missing": ["mandatory FARGATE-SECRETS-NETWORK shop-api", U, A],
  "ecr-permissions-missing": [U, A, "mandatory FARGATE-ECR-IAM shop-execution"],
  "private-no-path": [
    U,
    A,
    "mandatory FARGATE-ECR-NETWORK shop-api",
    "mandatory FARGATE-LOGS-NETWORK shop-api",
    "mandatory FARGATE-S3-NETWORK shop-api",
    "mandatory FARGATE-SECRETS-NETWORK shop-api",
    "mandatory FARGATE-SSM-NETWORK shop-api",
  ],
  "public-without-public-ip": [U, A, "mandatory FARGATE-PUBLIC-IP shop-api"],
  "task-sg-no-egress": [
    U,
    A,
    "mandatory FARGATE-ECR-NETWORK shop-tasks",
    "mandatory FARGATE-LOGS-NETWORK shop-tasks",
    "mandatory FARGATE-S3-NETWORK shop-tasks",
    "mandatory FARGATE-SECRETS-NETWORK shop-tasks",
    "mandatory FARGATE-SSM-NETWORK shop-tasks",
  ],
  "endpoint-sg-no-ingress": [
    U,
    A,
    "mandatory FARGATE-ECR-NETWORK shop-endpoints",
    "mandatory FARGATE-LOGS-NETWORK shop-endpoints",
    "mandatory FARGATE-SECRETS-NETWORK shop-endpoints",
    "mandatory FARGATE-SSM-NETWORK shop-endpoints",
  ],
  "dns-resolution-off": [
    U,
    A,
    "mandatory FARGATE-ECR-NETWORK shop-vpc",
    "mandatory FARGATE-LOGS-NETWORK shop-vpc",
    "mandatory FARGATE-S3-NETWORK shop-vpc",
    "mandatory FARGATE-SECRETS-NETWORK shop-vpc",
    "mandatory FARGATE-SSM-NETWORK shop-vpc",
  ],
  "ssm-without-endpoint-or-permission": [
    U,
    A,
    "mandatory FARGATE-SSM-IAM shop-execution",
    "mandatory FARGATE-SSM-NETWORK shop-api",
  ],
  "cmk-without-decrypt": [U, A, "mandatory FARGATE-KMS-IAM shop-execution"],
  // The finding goes on the endpoint that reaches the engine second (AnalyzeStack lists resources
  // in completion order): which of the two AWS creates second cannot be known before deployment.
  "duplicate-private-dns": [U, A, "mandatory FARGATE-DUPLICATE-PRIVATE-DNS platform-logs"],
  "nat-in-private-subnet": [
    U,
    A,
    "mandatory FARGATE-NAT-PLACEMENT shop-nat-a",
    "mandatory FARGATE-NAT-PLACEMENT shop-nat-b",
  ],
  // awsx programs: the children awsx's provider creates, constructed offline. The image comes from a new
  // repository, so the container definitions are computed at a first preview (as in every example above).
  "awsx-private-no-nat": [
    "advisory FARGATE-UNKNOWN shop-api",
    // awsx computes the task's cpu and memory from the containers, image included: unknown at a first preview.
    "advisory FARGATE-UNKNOWN shop-api",
    "mandatory FARGATE-ECR-NETWORK shop-api",
    "mandatory FARGATE-LOGS-NETWORK shop-api",
    "mandatory FARGATE-S3-NETWORK shop-api",
    "mandatory FARGATE-SECRETS-NETWORK shop-api",
    // awsx's default execution role has the managed execution policy only.
    "mandatory FARGATE-SECRETS-IAM shop-api-execution",
  ],
  "awsx-working": ["advisory FARGATE-UNKNOWN shop-api", "advisory FARGATE-UNKNOWN shop-api", A],
};

/** Examples whose findings are pinned in another test (lookups need the offline command's own settings). */
const PINNED_ELSEWHERE: Record<string, string> = { "default-vpc": "test/offline/command.test.ts" };

describe("the examples RULES.md links", () => {
  it("each rule's example is an example whose pinned findings include the rule", () => {
    for (const rule of RULES) {
      const example = rule.docs.example;
      if (!example || PINNED_ELSEWHERE[example]) continue;
      assert.ok(
        EXPECTED[example]?.some((line) => line.split(" ")[1] === rule.id),
        `${rule.id}: examples/${example} is not pinned with a ${rule.id} finding`,
      );
    }
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCommand(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs jobs two at a time (the machine has two cores). */
async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

interface JsonReport {
  findings: {
    level: string;
    ruleId: string;
    resourceName: string;
    message: string;
    runtimeError?: string;
    fix?: string;
  }[];
}

describe("examples through `fargate-preflight check`", function () {
  this.timeout(600000);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-preflight-"));
  const runs = new Map<string, Run & { json: JsonReport; sarif: unknown }>();
  const validateSarif = new Ajv({ schemaId: "auto", allErrors: true })
    .addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"))
    .compile(require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"));

  before(async () => {
    ensureBuilt();
    const names = Object.keys(EXPECTED);
    const results = await inPairs(
      names.map((name) => async () => {
        const json = path.join(directory, `${name}.json`);
        const sarif = path.join(directory, `${name}.sarif`);
        const run = await runCommand([
          "check",
          `examples/${name}`,
          "--quiet",
          // The examples are type-checked once by `tsc --noEmit`; type-checking at each run is in package.test.ts.
          "--skip-typecheck",
          "--json-file",
          json,
          "--sarif-file",
          sarif,
        ]);
        return {
          ...run,
          json: fs.existsSync(json) ? JSON.parse(fs.readFileSync(json, "utf8")) : { findings: [] },
          sarif: fs.existsSync(sarif) ? JSON.parse(fs.readFileSync(sarif, "utf8")) : undefined,
        };
      }),
    );
    names.forEach((name, index) => runs.set(name, results[index]));
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    describe(name, () => {
      const mandatory = expected.some((line) => line.startsWith("mandatory"));

      it(`exits ${mandatory ? 1 : 0} with the pinned findings (JSON)`, () => {
        const run = runs.get(name)!;
        assert.equal(run.code, mandatory ? 1 : 0, run.stderr);
        const pairs = run.json.findings
          .map((finding) => `${finding.level} ${finding.ruleId} ${finding.resourceName}`)
          .sort();
        assert.deepEqual(pairs, [...expected].sort());
      });

      it("prints the same findings as text, grouped by service, with a summary line", () => {
        const run = runs.get(name)!;
        for (const line of expected) {
          const [level, ruleId, resource] = line.split(" ");
          assert.ok(
            run.stdout.includes(`[${level}]`) && run.stdout.includes(`${ruleId}  (`) && run.stdout.includes(resource),
            `${line}\n${run.stdout}`,
          );
        }
        assert.match(run.stdout, mandatory ? /^FAILED: \d+ mandatory/m : /^passed: 0 mandatory/m);
      });

      it("writes SARIF 2.1.0 that validates against the schema, with the same findings", () => {
        const { sarif } = runs.get(name)!;
        assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 2));
        const results = (sarif as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0].results;
        assert.deepEqual(
          results.map((result) => `${result.level === "error" ? "mandatory" : "advisory"} ${result.ruleId}`).sort(),
          expected.map((line) => line.split(" ").slice(0, 2).join(" ")).sort(),
        );
      });
    });
  }

  describe("every broken example's mandatory findings read as a new user needs them", () => {
    it("name the service or resource, the missing link, the runtime error and the fix", () => {
      for (const [name, run] of runs) {
        for (const finding of run.json.findings.filter((f) => f.level === "mandatory")) {
          assert.match(finding.message, /ECS service "[^"]+"|Interface endpoints /, `${name}: names the service`);
          assert.match(finding.message, /Tasks will stop with: |fails to create/, `${name}: names the runtime error`);
          assert.match(finding.message, /\nFix: .+/, `${name}: names the fix`);
          // The JSON's parts come from the command's own evaluation, joined to the pack's finding.
          assert.ok(finding.fix && finding.message.includes(`\nFix: ${finding.fix}`), `${name}: the JSON's fix`);
          if (finding.message.includes("Tasks will stop with: "))
            assert.ok(
              finding.runtimeError && finding.message.includes(`\nTasks will stop with: ${finding.runtimeError}\n`),
              `${name}: the JSON's runtime error`,
            );
        }
      }
    });
  });

  it("the README's main-job output is what the command prints, line for line", async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /prints \(real output, exit code 1\):\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(block, "the README shows the main job's output");
    const run = await runCommand(["check", "examples/secrets-endpoint-missing"]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(`${run.stderr.trim()}\n${run.stdout.trim()}`, block);
  });

  describe("exit codes and errors", () => {
    it("2 and the usage on no arguments or an unknown command; 2 and one line on an unknown format", async () => {
      for (const args of [[], ["check"], ["lint", "x"]]) {
        const run = await runCommand(args);
        assert.equal(run.code, 2, args.join(" "));
        assert.match(run.stderr, /usage: fargate-preflight check/);
      }
      const format = await runCommand(["check", "examples/private-endpoints", "--format", "xml"]);
      assert.equal(format.code, 2);
      assert.match(format.stderr, /^fargate-preflight: --format: expected .*, got xml\n$/);
    });

    it("2 with a clear message for a missing directory and for invalid state JSON", async () => {
      const missing = await runCommand(["check", "examples/no-such-example"]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /examples\/no-such-example: no such directory/);
      const badState = path.join(directory, "bad.json");
      fs.writeFileSync(badState, "{ not json");
      const invalid = await runCommand(["check", "--state", badState]);
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /not a readable JSON stack export/);
    });

    it("2 with the program's error when the program throws", async () => {
      const program = path.join(directory, "throws");
      fs.mkdirSync(program, { recursive: true });
      fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: throws\nruntime: nodejs\n");
      fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
      fs.writeFileSync(path.join(program, "index.ts"), 'throw new Error("subnet lookup failed");\n');
      // The check loads the program's own @pulumi/pulumi, so the program needs a node_modules.
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(program, "node_modules"), "junction");
      const run = await runCommand(["check", program]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /the program failed: .*subnet lookup failed\n\s+at .*throws[\\/]index\.ts:1:7/);
      // The frames of the module loader, ts-node, the SDK and the command say nothing about the program.
      assert.doesNotMatch(run.stderr, /node:internal|ts-node|run-program/);
    });

    it("2 naming the stall, not a silent exit 1, when the program's registrations never complete", async () => {
      // An input that never resolves: the event loop drains with the registration pending (as a child does when
      // its component's registration failed, e.g. `transforms` on a component under @pulumi/pulumi 3.248).
      const program = path.join(directory, "stalls");
      fs.mkdirSync(program, { recursive: true });
      fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: stalls\nruntime: nodejs\n");
      fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
      fs.writeFileSync(
        path.join(program, "index.ts"),
        'import * as aws from "@pulumi/aws";\nnew aws.ecs.Cluster("shop", { name: new Promise<string>(() => undefined) });\n',
      );
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(program, "node_modules"), "junction");
      const run = await runCommand(["check", program]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /the program failed: .*never finished/);
    });

    it("takes the region from AWS_REGION when the config has none, as the AWS provider does, else names all three", async () => {
      const program = path.join(directory, "region-from-environment");
      fs.mkdirSync(program, { recursive: true });
      fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: region-from-environment\nruntime: nodejs\n");
      fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config: {}\n");
      fs.writeFileSync(
        path.join(program, "index.ts"),
        'import * as aws from "@pulumi/aws";\nif (aws.config.region !== "eu-central-1") throw new Error(`region ${aws.config.region}`);\n',
      );
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(program, "node_modules"), "junction");
      const fromEnvironment = await runCommand(["check", program], {
        AWS_REGION: "eu-central-1",
        AWS_DEFAULT_REGION: "",
      });
      assert.equal(fromEnvironment.code, 0, fromEnvironment.stderr);
      assert.match(fromEnvironment.stderr, /region eu-central-1 from AWS_REGION/);
      fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:regon: eu-central-1\n");
      const none = await runCommand(["check", program], { AWS_REGION: "", AWS_DEFAULT_REGION: "" });
      assert.equal(none.code, 2);
      assert.match(
        none.stderr,
        /no aws:region in Pulumi.dev.yaml and no AWS_REGION or AWS_DEFAULT_REGION; pass --region \(the config has aws:regon: did you mean aws:region\?\)/,
      );
      // A malformed region is refused before the program runs, naming where it came from.
      const badEnvironment = await runCommand(["check", program], { AWS_REGION: "", AWS_DEFAULT_REGION: "mars-1" });
      assert.equal(badEnvironment.code, 2);
      assert.match(
        badEnvironment.stderr,
        /AWS_DEFAULT_REGION: expected an AWS region name such as us-east-1, got "mars-1"/,
      );
      fs.writeFileSync(path.join(program, "Pulumi.dev.yaml"), "config:\n  aws:region: eu_central_1\n");
      const badConfig = await runCommand(["check", program], { AWS_REGION: "", AWS_DEFAULT_REGION: "" });
      assert.equal(badConfig.code, 2);
      assert.match(
        badConfig.stderr,
        /aws:region in Pulumi.dev.yaml: expected an AWS region name such as us-east-1, got "eu_central_1"/,
      );
    });

    it("checks a deployed stack from `pulumi stack export` (--state)", async () => {
      const good = path.join(directory, "good-state.json");
      const broken = path.join(directory, "broken-state.json");
      fs.writeFileSync(good, JSON.stringify(stackExport(referenceStack("deployed").resources)));
      fs.writeFileSync(
        broken,
        JSON.stringify(stackExport(referenceStack("deployed").remove("secretsmanager-endpoint").resources)),
      );
      const passing = await runCommand([
        "check",
        "--state",
        good,
        "--region",
        "eu-west-1",
        "--format",
        "json",
        "--quiet",
      ]);
      assert.equal(passing.code, 0, passing.stderr);
      assert.deepEqual(JSON.parse(passing.stdout).findings, []);
      const failing = await runCommand([
        "check",
        "--state",
        broken,
        "--region",
        "eu-west-1",
        "--format",
        "json",
        "--quiet",
      ]);
      assert.equal(failing.code, 1, failing.stderr);
      assert.deepEqual(
        JSON.parse(failing.stdout).findings.map(
          (finding: { ruleId: string; resourceName: string }) => `${finding.ruleId} ${finding.resourceName}`,
        ),
        ["FARGATE-SECRETS-NETWORK api-service"],
      );
    });
  });
});
