/**
 * A new user's report: with an acknowledgement (pack config or `fargate-preflight:ack:<RULE>`
 * tag), the acknowledged finding vanished from every `check` report without trace, the summary
 * had no acknowledged count, and an acknowledgement naming a resource the stack does not have
 * (the README's own example, "batch-api") was accepted silently. Now every report shows the
 * acknowledged findings as such, and `check` notes a config acknowledgement that matches no
 * finding. The pack itself reports neither: what `pulumi preview` shows is unchanged.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as sarif from "sarif";
import { secretValue } from "../../cli/analyzerClient";
import { EXIT } from "../../cli/arguments";
import { runMain } from "../support/main-run";
import type { StackResource } from "../../engine/stack-resource";
import { ACCOUNT, REGION, referenceStack } from "../fixtures/stacks";
import { startBuiltPack, ensureBuilt } from "../support/built";
import { stackExport } from "../support/stack-export";

const RULE = "FARGATE-SECRETS-NETWORK";
const TAG = `fargate-preflight:ack:${RULE}`;
const REASON = "the hub VPC's endpoint serves secrets";
const EXPIRES = "2999-12-31";

/** A deployed stack whose service cannot reach Secrets Manager: one mandatory finding on api-service. */
const failing = () => referenceStack("deployed").remove("secretsmanager-endpoint");

/** As `pulumi stack export --show-secrets` writes a secret: its JSON text as `plaintext`. */
function showSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(showSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270")
    return { ...record, value: undefined, plaintext: JSON.stringify(record.value) };
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, showSecrets(item)]));
}

interface Outputs {
  code: number;
  text: string;
  stderr: string;
  json: {
    summary: Record<string, unknown>;
    findings: Record<string, unknown>[];
    acknowledged: Record<string, unknown>[];
  };
  sarif: sarif.Log;
  markdown: string;
}

describe("check: acknowledged findings stay visible, unmatched acknowledgements are noted", function () {
  this.timeout(180000);
  let scratch: string;

  before(() => {
    ensureBuilt();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "acknowledgements-"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** `check --state` of the resources in every format (text on stdout, the others as files). */
  async function check(name: string, resources: StackResource[], config?: unknown, quiet = false): Promise<Outputs> {
    const state = path.join(scratch, `${name}.json`);
    fs.writeFileSync(state, JSON.stringify(showSecrets(stackExport(resources))));
    const argv = ["check", "--state", state, "--region", REGION, "--account", ACCOUNT];
    if (config !== undefined) {
      const file = path.join(scratch, `${name}-config.json`);
      fs.writeFileSync(file, JSON.stringify({ "fargate-preflight": config }));
      argv.push("--config", file);
    }
    const files = { json: `${name}.report.json`, sarif: `${name}.sarif`, markdown: `${name}.md` };
    argv.push("--json-file", path.join(scratch, files.json), "--sarif-file", path.join(scratch, files.sarif));
    argv.push("--markdown-file", path.join(scratch, files.markdown));
    if (quiet) argv.push("--quiet");
    const result = await runMain(argv);
    const read = (file: string) => fs.readFileSync(path.join(scratch, file), "utf8");
    return {
      code: result.code,
      text: result.out,
      stderr: result.err,
      json: JSON.parse(read(files.json)),
      sarif: JSON.parse(read(files.sarif)),
      markdown: read(files.markdown),
    };
  }

  const summaryOf = (text: string) => text.trimEnd().split("\n").pop() ?? "";
  const resultsOf = (log: sarif.Log, ruleId: string) => (log.runs[0].results ?? []).filter((r) => r.ruleId === ruleId);

  it("a config acknowledgement: counted in the summary, listed in text, JSON, SARIF (external suppression) and Markdown; one naming a missing resource is noted", async () => {
    const config = {
      acknowledgements: [
        { rule: RULE, resource: "api-service", reason: REASON, expires: EXPIRES },
        // The README's example: no batch-api in this stack.
        { rule: "FARGATE-LOGS-NETWORK", resource: "batch-api", reason: "logs go to FireLens, not awslogs" },
      ],
    };
    const outputs = await check("config", failing().resources, config);
    assert.equal(outputs.code, EXIT.pass, outputs.text + outputs.stderr);
    assert.match(
      summaryOf(outputs.text),
      /^passed: 0 mandatory, \d+ advisory findings?, 1 acknowledged in \d+ resources /,
    );
    const listed = outputs.text.slice(outputs.text.indexOf("Acknowledged (not counted as findings)"));
    assert.ok(listed.startsWith("Acknowledged"), outputs.text);
    assert.ok(listed.includes(`    ${RULE}  (aws:ecs/service:Service: api-service)\n`), listed);
    assert.ok(listed.includes(`        acknowledged in the pack config: "${REASON}", expires ${EXPIRES}\n`), listed);

    // Noted on stderr by check: the acknowledgement that matches nothing, and only that one.
    const notes = outputs.stderr.split("\n").filter((line) => line.startsWith("note: "));
    assert.deepEqual(notes, [
      "note: the acknowledgement of FARGATE-LOGS-NETWORK on batch-api matches no finding of this stack",
    ]);

    const { summary, findings, acknowledged } = outputs.json;
    assert.deepEqual(summary, { passed: true, mandatory: 0, advisory: findings.length, acknowledged: 1 });
    assert.equal(findings.filter((finding) => finding.ruleId === RULE).length, 0);
    assert.equal(acknowledged.length, 1);
    const [entry] = acknowledged;
    assert.equal(entry.ruleId, RULE);
    assert.equal(entry.level, "mandatory", "the level it would have had");
    assert.equal(entry.resourceName, "api-service");
    assert.equal(entry.service, "api-service");
    assert.match(String(entry.message), /^ECS service "api-service \(svc-\d+\)" cannot reach AWS Secrets Manager/);
    assert.match(String(entry.runtimeError), /ResourceInitializationError/);
    assert.match(String(entry.fix), /secretsmanager/);
    assert.deepEqual(entry.acknowledgement, { source: "config", secret: false, reason: REASON, expires: EXPIRES });

    const [result] = resultsOf(outputs.sarif, RULE);
    assert.deepEqual(result.suppressions, [{ kind: "external", justification: REASON }]);
    assert.equal(result.level, "error");
    assert.match(result.message.text ?? "", /cannot reach AWS Secrets Manager/);
    assert.ok(outputs.sarif.runs[0].tool.driver.rules?.some((rule) => rule.id === RULE));
    for (const other of (outputs.sarif.runs[0].results ?? []).filter((r) => r.ruleId !== RULE))
      assert.equal(other.suppressions, undefined, "only the acknowledged result is suppressed");

    assert.match(outputs.markdown, /passed: 0 mandatory, \d+ advisory findings?, 1 acknowledged in/);
    assert.ok(
      outputs.markdown.includes(
        `### Acknowledged\n\n- \`${RULE}\` (aws:ecs/service:Service \`api-service\`): acknowledged in the pack config: "${REASON}", expires ${EXPIRES}`,
      ),
      outputs.markdown,
    );
  });

  it("a tag acknowledgement: listed as the tag's, SARIF inSource; --quiet keeps the count, drops the list", async () => {
    const resources = failing().patch("api-service", (props) => {
      props.tags = { [TAG]: `${REASON}; expires=${EXPIRES}` };
    }).resources;
    const outputs = await check("tag", resources);
    assert.equal(outputs.code, EXIT.pass, outputs.text + outputs.stderr);
    assert.match(summaryOf(outputs.text), /, 1 acknowledged in /);
    assert.ok(outputs.text.includes(`        acknowledged by the tag ${TAG}: "${REASON}", expires ${EXPIRES}\n`));
    assert.ok(!outputs.stderr.includes("note: "), "no config acknowledgement, nothing to note");
    assert.deepEqual(outputs.json.acknowledged[0].acknowledgement, {
      source: "tag",
      secret: false,
      reason: REASON,
      expires: EXPIRES,
    });
    const [result] = resultsOf(outputs.sarif, RULE);
    assert.deepEqual(result.suppressions, [{ kind: "inSource", justification: REASON }]);
    assert.ok(outputs.markdown.includes(`acknowledged by the tag ${TAG}: "${REASON}", expires ${EXPIRES}`));

    const quiet = await check("tag-quiet", resources, undefined, true);
    assert.match(summaryOf(quiet.text), /, 1 acknowledged in /);
    assert.ok(!quiet.text.includes("Acknowledged"), quiet.text);
  });

  it("a tag acknowledgement marked secret: listed and counted, its reason and expiry printed nowhere", async () => {
    const reason = "classified-Zq9xW-rationale";
    const expires = "2987-06-05";
    const resources = failing().patch("api-service", (props) => {
      props.tags = secretValue({ [TAG]: `${reason}; expires=${expires}` });
    }).resources;
    const outputs = await check("secret", resources);
    assert.equal(outputs.code, EXIT.pass, outputs.text + outputs.stderr);
    assert.match(summaryOf(outputs.text), /, 1 acknowledged in /);
    assert.ok(outputs.text.includes(`acknowledged by the tag ${TAG} (its value is marked secret, so not shown)`));
    assert.deepEqual(outputs.json.acknowledged[0].acknowledgement, { source: "tag", secret: true });
    assert.deepEqual(resultsOf(outputs.sarif, RULE)[0].suppressions, [{ kind: "inSource" }]);
    const printed = {
      text: outputs.text,
      stderr: outputs.stderr,
      json: JSON.stringify(outputs.json),
      sarif: JSON.stringify(outputs.sarif),
      markdown: outputs.markdown,
    };
    for (const [name, output] of Object.entries(printed))
      for (const piece of ["classified", "Zq9xW", "rationale", expires])
        assert.ok(!output.includes(piece), `${name} carries ${piece}`);
  });

  it("the pack over gRPC reports neither the acknowledged finding nor the unmatched acknowledgement (pulumi preview unchanged)", async () => {
    const pack = await startBuiltPack({
      accountId: ACCOUNT,
      acknowledgements: [
        { rule: RULE, resource: "api-service", reason: REASON, expires: EXPIRES },
        { rule: "FARGATE-LOGS-NETWORK", resource: "batch-api", reason: "logs go to FireLens, not awslogs" },
      ],
    });
    try {
      const diagnostics = await pack.analyzeStack(failing().resources);
      const messages = diagnostics.map((diagnostic) => diagnostic.message).join("\n");
      assert.ok(!messages.includes(`[${RULE}]`), messages);
      assert.ok(!/batch-api|acknowledg/i.test(messages), messages);
    } finally {
      await pack.stop();
    }
  });
});
