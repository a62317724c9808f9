/**
 * Issue 21, case 1: nothing printed may carry any part of a value the engine or state marks
 * secret. A secret-marked containerDefinitions that was not valid JSON (a secret interpolated
 * without quotes) had FARGATE-TASK-DEFINITION embed JSON.parse's error, which quotes the text
 * around the error: the first 10 characters of the secret, an 8-character secret whole.
 *
 * Random secrets (every length 1..40, characters that break JSON included) are put where a
 * program or a state file can put them, and every path that prints is searched for them: the
 * pack's messages over gRPC and in process, check's text, JSON, SARIF and Markdown (with the
 * findings an acknowledgement tag marked secret silenced), and the error messages of malformed files.
 *
 * What counts as a leak: a piece of the secret of K = 4 characters (the whole secret when it is
 * shorter) that appears in the output although neither the pack's own text (its sources) nor
 * the stack's non-secret text contains it. Pieces shorter than 4 characters occur in any
 * sentence and cannot be told from the message's own words; from 4 characters on, a random
 * secret's pieces almost never occur in that vocabulary, so one in the output came from the secret.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";
import { Diagnostic, PolicyPackProcess, secretValue } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { formatMarkdown } from "../../cli/markdown";
import { CheckReport, formatJson, formatSarif, formatText, toReportedFinding } from "../../cli/report";
import { readStateFile } from "../../cli/state";
import { SECRET_PLACEHOLDER, SecretText } from "../../model/secret-text";
import { unwrapSecrets } from "../../model/unknown";
import { deriveTaskNeeds } from "../../model/derive";
import { readPackConfig } from "../../policies/config/pack-config";
import { parseContextExport } from "../../policies/context/export";
import { evaluateStack, evaluateWithAnalysis } from "../../policies/evaluate";
import { acknowledgedReports } from "../../cli/in-process";
import { RULES } from "../../policies/rules";
import { stackSecretText } from "../../policies/secrets";
import { splitAnalyzeStackRequest } from "../../engine/wire/request-bytes";
import { encodeAnalyzeStackRequest } from "../../cli/analyzerClient";
import { ACCOUNT, REGION, referenceStack } from "../fixtures/stacks";
import { startBuiltPack } from "../support/built";
import { REPO_ROOT } from "../support/paths";

const K = 4;

// --- The vocabulary output may contain without leaking: the pack's own text and the stack's clear text. ---

const vocabulary = new Set<string>();
function learn(text: string): void {
  for (let i = 0; i < text.length; i++)
    for (let n = 1; n <= K && i + n <= text.length; n++) vocabulary.add(text.slice(i, i + n));
}

function learnSources(): void {
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith(".ts")) learn(fs.readFileSync(full, "utf8"));
    }
  };
  for (const directory of ["policies", "model", "cli"]) visit(path.join(REPO_ROOT, directory));
  learn(fs.readFileSync(path.join(REPO_ROOT, "RULES.md"), "utf8"));
  // Positions, counts and line numbers.
  for (let n = 0; n < 10000; n++) learn(` ${n} `);
  learn(JSON.stringify(referenceStack("deployed").resources));
  learn(JSON.stringify(referenceStack("preview").resources));
}

/** The pieces of `secret` found in `output` that did not come from the vocabulary. */
function leaks(output: string, secret: string): string[] {
  const pieces =
    secret.length < K ? [secret] : Array.from({ length: secret.length - K + 1 }, (_, i) => secret.slice(i, i + K));
  return pieces.filter((piece) => !vocabulary.has(piece) && output.includes(piece));
}

function assertNoLeak(outputs: Record<string, string>, secret: string, where: string): void {
  for (const [name, output] of Object.entries(outputs)) {
    const found = leaks(output, secret);
    // JSON outputs are also read back, so an escaped secret (\" \\ \u...) is seen as it is.
    const decoded =
      name.startsWith("json") || name.startsWith("sarif")
        ? leaks(JSON.stringify(JSON.parse(output), null, 0).replace(/\\(.)/g, "$1"), secret)
        : [];
    assert.deepEqual(
      [...found, ...decoded],
      [],
      `${where}: ${name} carries ${JSON.stringify(found.concat(decoded))} of the secret ${JSON.stringify(secret)}:\n${output.slice(0, 3000)}`,
    );
  }
}

// --- Secrets, and where a program or a state file puts them. ---

/** Characters of secrets: printable ASCII (JSON's own among them) and a few others. */
const secretCharacter = fc.oneof(
  fc.constantFrom('"', "\\", "{", "}", "[", "]", ",", ":", " ", "\n"),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
  fc.constantFrom("é", "λ", "€", "☃", "ß", "Ж", "中", "𝄞"),
);
const secretArbitrary = fc.string({ unit: secretCharacter, minLength: 1, maxLength: 40 });

type Placement = (secret: string, position: number) => StackResource[];

const definitionsOf = (resources: StackResource[]) =>
  resources.find((resource) => resource.name === "api-task")!.properties.containerDefinitions as string;

/** The reference stack with its task definition's containerDefinitions replaced, marked secret. */
function withDefinitions(change: (definitions: string) => string): StackResource[] {
  const stack = referenceStack("deployed");
  const definitions = change(definitionsOf(stack.resources));
  stack.patch("api-task", (props) => (props.containerDefinitions = secretValue(definitions)));
  return stack.resources;
}

/** The reference stack with one field of its container definition set, the definitions marked secret. */
function withContainerField(edit: (container: Record<string, unknown>) => void): StackResource[] {
  return withDefinitions((definitions) => {
    const containers = JSON.parse(definitions) as Record<string, unknown>[];
    edit(containers[0]);
    return JSON.stringify(containers);
  });
}

const PLACEMENTS: Record<string, Placement> = {
  // The issue: a secret interpolated into the JSON without quotes.
  "unquoted in containerDefinitions": (secret, position) =>
    withDefinitions((definitions) => {
      const at = position % (definitions.length + 1);
      return `${definitions.slice(0, at)}${secret}${definitions.slice(at)}`;
    }),
  "an environment value": (secret) =>
    withContainerField((container) => (container.environment = [{ name: "DB_PASSWORD", value: secret }])),
  "the image": (secret) => withContainerField((container) => (container.image = secret)),
  "a valueFrom": (secret) =>
    withContainerField((container) => ((container.secrets as { valueFrom: string }[])[0].valueFrom = secret)),
  "the awslogs group": (secret) =>
    withContainerField(
      (container) =>
        ((container.logConfiguration as { options: Record<string, string> }).options["awslogs-group"] = secret),
    ),
  "the container name": (secret) => withContainerField((container) => (container.name = secret)),
  "an acknowledgement tag": (secret, position) =>
    referenceStack("deployed")
      .remove("secretsmanager-endpoint")
      .patch("api-service", (props) => {
        props.tags = secretValue({
          "fargate-preflight:ack:FARGATE-SECRETS-NETWORK": `${secret}; expires=${position % 2 ? "2020-01-01" : secret}`,
        });
      }).resources,
  // A tag that holds: the finding is acknowledged, and check lists it without the tag's text.
  "a valid acknowledgement tag": (secret) =>
    referenceStack("deployed")
      .remove("secretsmanager-endpoint")
      .patch("api-service", (props) => {
        props.tags = secretValue({ "fargate-preflight:ack:FARGATE-SECRETS-NETWORK": `${secret}; expires=2999-12-31` });
      }).resources,
  "a subnet id": (secret) =>
    referenceStack("deployed").patch("api-service", (props) => {
      (props.networkConfiguration as Record<string, unknown>).subnets = [secretValue(secret)];
    }).resources,
  "an action of a policy": (secret) =>
    referenceStack("deployed").patch("exec-policy", (props) => {
      props.policy = secretValue(
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: secret, Resource: "*" }] }),
      );
    }).resources,
};

// --- What prints: the pack's messages (in process and over gRPC), check's four formats. ---

const DESCRIPTION = "Every Fargate service can reach, and may use, each AWS service its tasks need at start-up.";
const config = () => readPackConfig({ region: REGION, accountId: ACCOUNT });

/** As the pack reads the engine's request: from its bytes, secret markers removed and kept aside. */
function asThePackReads(resources: readonly StackResource[]): StackResource[] {
  return splitAnalyzeStackRequest(Buffer.from(encodeAnalyzeStackRequest(resources))).resources;
}

/** As check turns the resources it recorded into the pack's (cli/main.ts). */
function asCheckReads(resources: readonly StackResource[]): StackResource[] {
  return resources.map((resource) => {
    const secrets: unknown[] = [];
    return {
      type: resource.type,
      urn: resource.urn,
      name: resource.name,
      properties: unwrapSecrets(resource.properties, secrets) as Record<string, unknown>,
      dependencies: resource.dependencies ?? [],
      propertyDependencies: resource.propertyDependencies ?? {},
      secrets,
    };
  });
}

/** Check's outputs for the pack's findings and its own evaluation's acknowledged ones, wired as cli/check.ts wires them. */
function checkOutputs(resources: readonly StackResource[], diagnostics: Diagnostic[]): Record<string, string> {
  const evaluation = evaluateWithAnalysis(asCheckReads(resources), config(), { stackConfig: { region: REGION } });
  const analysis = evaluation.analysis;
  const secrets = stackSecretText(asCheckReads(resources), analysis) ?? new SecretText();
  const scrub = (text: string) => secrets.scrub(text);
  const report: CheckReport = {
    target: "stack.json",
    form: "deployed",
    resourceCount: resources.length,
    findings: diagnostics.map((diagnostic) => toReportedFinding({ ...diagnostic, message: scrub(diagnostic.message) })),
    acknowledged: acknowledgedReports(evaluation.acknowledged, scrub),
  };
  const rules = RULES.map((rule) => ({ id: rule.id, description: rule.description, fix: rule.fix }));
  return {
    text: scrub(formatText(report)),
    json: formatJson(report),
    sarif: formatSarif(report, rules, "0.1.0", () => ({ uri: "index.ts", startLine: 1 })),
    markdown: scrub(formatMarkdown(report, analysis, scrub)),
  };
}

/**
 * The pack's findings in process, as diagnostics the engine would get. Read as check reads
 * them (the wire reader gives the same resources and secrets, asserted below, and is slower).
 */
function inProcess(resources: readonly StackResource[]): Diagnostic[] {
  return evaluateStack(asCheckReads(resources), config(), { stackConfig: { region: REGION } }).map((finding) => ({
    policyName: "fargate-preflight",
    policyPackName: "fargate-preflight",
    description: DESCRIPTION,
    message: `${DESCRIPTION}\n[${finding.ruleId}] ${finding.message}`,
    enforcementLevel: finding.level,
    urn: finding.urn,
  }));
}

const messagesOf = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.message).join("\n");

describe("hardening: no secret text is printed (issue 21, case 1)", function () {
  this.timeout(180000);

  before(function () {
    this.timeout(60000);
    learnSources();
  });

  it("the issue's case: a secret interpolated without quotes is reported by position, container and field", () => {
    for (const secret of ["hunter22", "s3cr3t-Pa55w0rd-that-is-long", "x"]) {
      const resources = withDefinitions((definitions) => {
        const containers = JSON.parse(definitions) as Record<string, unknown>[];
        containers[0].environment = [{ name: "DB_PASSWORD", value: "PLACEHOLDER" }];
        return JSON.stringify(containers).replace('"PLACEHOLDER"', secret);
      });
      const message = messagesOf(inProcess(resources));
      assert.match(
        message,
        /\[FARGATE-TASK-DEFINITION\] .*containerDefinitions: expected valid JSON, not a character that cannot start a value \(a string must be in double quotes\) at line 1, column \d+ \(character \d+\), in containerDefinitions\[0\]\.environment\[0\]\.value/,
      );
      assertNoLeak({ messages: message, ...checkOutputs(resources, inProcess(resources)) }, secret, "issue case");
    }
  });

  it("a service named like a string of its secret-marked definitions is still named (names are never secret)", () => {
    const secret = "s3cr3t-Pa55w0rd-that-is-long";
    const resources = withContainerField((container) => {
      container.name = "api-service";
      container.environment = [{ name: "DB_PASSWORD", value: secret }];
    });
    // A task size Fargate does not offer: a finding that names the task definition and its service.
    const task = resources.find((resource) => resource.name === "api-task")!;
    task.properties = { ...task.properties, cpu: "300", memory: "512" };
    task.inputs = { ...(task.inputs ?? task.properties), cpu: "300", memory: "512" };
    const diagnostics = inProcess(resources);
    const outputs = checkOutputs(resources, diagnostics);
    assert.match(outputs.text, /ECS service api-service/);
    assert.doesNotMatch(outputs.text, /ECS service \[secret\]/);
    assertNoLeak({ messages: messagesOf(diagnostics), ...outputs }, secret, "named service");
  });

  it("every length 1..40 (every placement for the short ones): no piece of the secret in the pack's messages or check's formats (in process)", () => {
    const started = Date.now();
    const names = Object.keys(PLACEMENTS);
    for (let length = 1; length <= 40; length++) {
      const [secret] = fc.sample(fc.string({ unit: secretCharacter, minLength: length, maxLength: length }), {
        numRuns: 1,
        seed: length,
      });
      // Three placements per length, in turn, so every placement meets lengths all along; all of them up to K.
      const placed = length <= K ? names : [0, 1, 2].map((offset) => names[(length * 3 + offset) % names.length]);
      for (const name of placed) {
        const resources = PLACEMENTS[name](secret, length * 37);
        const diagnostics = inProcess(resources);
        // The formats of check cost an analysis more: for every fourth length (and the short ones).
        const formats = length <= K || length % 4 === 0 ? checkOutputs(resources, diagnostics) : {};
        assertNoLeak({ messages: messagesOf(diagnostics), ...formats }, secret, name);
      }
    }
    console.log(`      40 lengths in ${Date.now() - started} ms`);
  });

  it("a secret-marked acknowledgement tag that holds: check's four formats list the finding as acknowledged, without the tag's text", () => {
    const secret = "Qv7#the-hub-endpoint-serves-it";
    const resources = PLACEMENTS["a valid acknowledgement tag"](secret, 0);
    const diagnostics = inProcess(resources);
    assert.ok(!messagesOf(diagnostics).includes("[FARGATE-SECRETS-NETWORK]"), "the pack does not report it");
    const outputs = checkOutputs(resources, diagnostics);
    assert.match(
      outputs.text,
      /acknowledged by the tag fargate-preflight:ack:FARGATE-SECRETS-NETWORK \(its value is marked secret/,
    );
    assert.equal(JSON.parse(outputs.json).summary.acknowledged, 1);
    assert.match(outputs.sarif, /"suppressions"/);
    assert.match(outputs.markdown, /### Acknowledged/);
    assertNoLeak({ messages: messagesOf(diagnostics), ...outputs }, secret, "a valid acknowledgement tag");
  });

  it("every position of an unquoted secret in the container definitions: the definition's error, and the pack's messages at every tenth", () => {
    const definitions = definitionsOf(referenceStack("deployed").resources);
    const secret = 'Tr0ub4dor&3€"}';
    for (let position = 0; position <= definitions.length; position++) {
      const text = `${definitions.slice(0, position)}${secret}${definitions.slice(position)}`;
      let error = "";
      try {
        deriveTaskNeeds({ containerDefinitions: text, region: REGION, accountId: ACCOUNT, secret: true });
      } catch (thrown) {
        error = (thrown as Error).message;
      }
      assertNoLeak({ error }, secret, `position ${position}`);
      if (position % 10 !== 0) continue;
      const diagnostics = inProcess(PLACEMENTS["unquoted in containerDefinitions"](secret, position));
      assertNoLeak({ messages: messagesOf(diagnostics) }, secret, `position ${position}`);
    }
  });

  it("random secrets, placements and positions (property, in process, bounded)", () => {
    fc.assert(
      fc.property(secretArbitrary, fc.constantFrom(...Object.keys(PLACEMENTS)), fc.nat(), (secret, name, position) => {
        const resources = PLACEMENTS[name](secret, position);
        // The pack's wire reader keeps aside exactly the values the request marks secret.
        if (position % 5 === 0) {
          const secretsOf = (read: StackResource[]) => read.map((resource) => JSON.stringify(resource.secrets ?? []));
          assert.deepEqual(secretsOf(asThePackReads(resources)), secretsOf(asCheckReads(resources)));
        }
        const diagnostics = inProcess(resources);
        assertNoLeak({ messages: messagesOf(diagnostics), ...checkOutputs(resources, diagnostics) }, secret, name);
      }),
      { numRuns: 150, seed: 2101 },
    );
  });

  it("error messages of malformed files (--state, --context, context.stackExports) name a position, not the text", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "secret-files-"));
    try {
      fc.assert(
        fc.property(secretArbitrary, fc.nat(), (secret, position) => {
          // A --show-secrets export whose plaintext secret breaks the JSON around it.
          const text = JSON.stringify({
            version: 3,
            deployment: {
              resources: [
                {
                  urn: "urn:pulumi:prod::net::aws:ec2/vpc:Vpc::v",
                  type: "aws:ec2/vpc:Vpc",
                  outputs: {
                    tags: {
                      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                      plaintext: "PLACE",
                    },
                  },
                },
              ],
            },
          });
          const at = text.indexOf("PLACE");
          const broken = `${text.slice(0, at - 1 - (position % 3))}${secret}${text.slice(at + 5)}`;
          const file = path.join(scratch, "export.json");
          fs.writeFileSync(file, broken);
          const messages: string[] = [];
          for (const read of [
            () => readStateFile(file),
            () => parseContextExport(broken, "--context export.json", ""),
          ]) {
            try {
              read();
            } catch (error) {
              messages.push((error as Error).message);
            }
          }
          assertNoLeak({ errors: messages.join("\n") }, secret, "malformed export");
        }),
        { numRuns: 300, seed: 2102 },
      );
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("the scrub removes secret text wherever it occurs, short text only where it stands alone, and nothing without secrets", () => {
    const text = new SecretText();
    text.addSecret({ password: "hunter2", short: "ab", json: '[{"image":"private/app:1"}]' });
    text.addSecret('sa"id');
    text.countSent({ clear: "private" });
    assert.equal(
      text.scrub('hunter2 hunter22 tab ab (ab) private/app:1 "sa\\"id" sa"id'),
      `${SECRET_PLACEHOLDER} ${SECRET_PLACEHOLDER}2 tab ${SECRET_PLACEHOLDER} (${SECRET_PLACEHOLDER}) ${SECRET_PLACEHOLDER} "${SECRET_PLACEHOLDER}" ${SECRET_PLACEHOLDER}`,
    );
    assert.equal(new SecretText().scrub("hunter2"), "hunter2");
    // Text the stack also sends in the clear is no secret of its own (a repository URL in the clear, in a secret definition too).
    const shared = new SecretText();
    shared.addSecret("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1");
    shared.countSent({
      inSecret: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
      image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
    });
    assert.deepEqual(shared.texts(), []);
  });

  describe("over gRPC and through the command, the built pack", () => {
    let pack: PolicyPackProcess;

    before(async function () {
      this.timeout(600000);
      pack = await startBuiltPack({ accountId: ACCOUNT });
    });
    after(async () => pack?.stop());

    it("random secrets in every placement: the pack's messages over gRPC carry none (bounded sample)", async () => {
      const started = Date.now();
      const samples = fc.sample(fc.tuple(secretArbitrary, fc.constantFrom(...Object.keys(PLACEMENTS)), fc.nat()), {
        numRuns: 60,
        seed: 2103,
      });
      for (const [secret, name, position] of samples) {
        const diagnostics = await pack.analyzeStack(PLACEMENTS[name](secret, position));
        assertNoLeak({ messages: messagesOf(diagnostics) }, secret, `${name} over gRPC`);
      }
      assert.ok(Date.now() - started < 20000);
    });

    it("check --state of a --show-secrets export: text, JSON, SARIF and Markdown carry no piece of the secrets", () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "secret-check-"));
      try {
        const secret = 'Zq9"}ψ-hunter2-Wx';
        // The stack as `pulumi stack export --show-secrets` writes it: secrets as plaintext JSON text.
        const resources = PLACEMENTS["unquoted in containerDefinitions"](secret, 61);
        const plaintext = (value: unknown): unknown => {
          if (Array.isArray(value)) return value.map(plaintext);
          if (typeof value !== "object" || value === null) return value;
          const record = value as Record<string, unknown>;
          if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270")
            return { ...record, value: undefined, plaintext: JSON.stringify(record.value) };
          return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, plaintext(item)]));
        };
        const exported = {
          version: 3,
          deployment: {
            resources: [
              {
                urn: "urn:pulumi:dev::shop::pulumi:providers:aws::default",
                type: "pulumi:providers:aws",
                inputs: { region: REGION },
              },
              ...resources.map((resource) => ({
                urn: resource.urn,
                type: resource.type,
                id: String(resource.properties.id ?? resource.name),
                outputs: plaintext(resource.properties),
              })),
            ],
          },
        };
        const state = path.join(scratch, "stack.json");
        fs.writeFileSync(state, JSON.stringify(exported));
        const files = { json: "report.json", sarif: "report.sarif", markdown: "report.md" };
        const run = spawnSync(
          process.execPath,
          [
            path.join(REPO_ROOT, "bin", "fargate-preflight.js"),
            "check",
            "--state",
            state,
            "--quiet",
            "--account",
            ACCOUNT,
            "--json-file",
            path.join(scratch, files.json),
            "--sarif-file",
            path.join(scratch, files.sarif),
            "--markdown-file",
            path.join(scratch, files.markdown),
          ],
          { cwd: REPO_ROOT, encoding: "utf8", timeout: 120000 },
        );
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, /FARGATE-TASK-DEFINITION/);
        const read = (name: string) => fs.readFileSync(path.join(scratch, name), "utf8");
        assertNoLeak(
          {
            text: run.stdout,
            stderr: run.stderr,
            json: read(files.json),
            sarif: read(files.sarif),
            markdown: read(files.markdown),
          },
          secret,
          "check --state",
        );
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
});
