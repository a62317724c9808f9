/**
 * The reports read a finding's parts from the command's own evaluation, joined to the pack's
 * diagnostics by rule, resource and message: never by splitting the message's text.
 */
import { strict as assert } from "assert";
import type { Diagnostic } from "../../cli/analyzerClient";
import { evaluateInProcess, withParts, withRunningService } from "../../cli/in-process";
import { formatMarkdown } from "../../cli/markdown";
import { CheckReport, formatJson, toReportedFinding } from "../../cli/report";
import { fixesText } from "../../policies/analysis/fix";
import type { LeveledFinding } from "../../policies/evaluate";
import { referenceStack } from "../fixtures/stacks";
import { withContainers } from "../fixtures/variants";

/** A finding as the engine hands the pack's diagnostic to the command: the policy description, then `[RULE-ID] message`. */
function diagnosticOf(finding: LeveledFinding, message = finding.message): Diagnostic {
  return {
    policyName: "fargate-preflight",
    policyPackName: "fargate-preflight",
    description: "Every Fargate service can reach, and may use, each AWS service its tasks need at start-up.",
    message: `Every Fargate service can reach, and may use, each AWS service its tasks need at start-up.\n[${finding.ruleId}] ${message}`,
    enforcementLevel: finding.level,
    urn: finding.urn,
  };
}

const report = (findings: CheckReport["findings"]): CheckReport => ({
  target: "infra",
  form: "deployed",
  resourceCount: 1,
  findings,
});

describe("report parts from the command's own evaluation", () => {
  it("a pack finding the command also made gets its parts: JSON's runtime error and fix are the data's", async () => {
    const resources = referenceStack("deployed").remove("secretsmanager-endpoint").resources;
    const { findings } = await evaluateInProcess(
      resources,
      { accountId: "111122223333" },
      { "aws:region": "eu-west-1" },
    );
    const secrets = findings.find((finding) => finding.ruleId === "FARGATE-SECRETS-NETWORK");
    assert.ok(secrets);
    const [joined] = withParts([toReportedFinding(diagnosticOf(secrets))], findings);
    assert.deepEqual(joined.parts, secrets.parts);
    const [json] = JSON.parse(formatJson(report([joined]))).findings;
    assert.equal(json.fix, `${fixesText(secrets.parts.fixes ?? [])}.`);
    assert.match(json.fix, /^add an interface endpoint for com\.amazonaws\.eu-west-1\.secretsmanager /);
    assert.equal(
      json.runtimeError,
      secrets.parts.consequence?.kind === "tasks-stop" && secrets.parts.consequence.error,
    );
    assert.equal(json.parts, undefined, "the JSON keeps its shape");
  });

  it("a pack finding the command did not make keeps its message and gets no parts (the pack is the authority)", async () => {
    const resources = referenceStack("deployed").remove("secretsmanager-endpoint").resources;
    const { findings } = await evaluateInProcess(resources, {}, { "aws:region": "eu-west-1" });
    const secrets = findings.find((finding) => finding.ruleId === "FARGATE-SECRETS-NETWORK")!;
    // As from a pack of another version: the same rule and resource, another text.
    const other = `${secrets.message.split("\n")[0]}\nTasks will stop with: something else\nFix: something else.`;
    const [joined] = withParts([toReportedFinding(diagnosticOf(secrets, other))], findings);
    assert.equal(joined.parts, undefined);
    assert.equal(joined.message, other);
    const [json] = JSON.parse(formatJson(report([joined]))).findings;
    assert.equal(json.fix, undefined);
    assert.equal(json.runtimeError, undefined);
    const markdown = formatMarkdown(report([joined]), undefined);
    assert.ok(markdown.includes(other.split("\n").join("<br>")), markdown);
  });
});

describe("the service a task definition's finding belongs to", () => {
  it("is the one service that runs it, when the message names none (the text report groups it there, not under Stack)", async () => {
    const stack = withContainers(referenceStack("deployed"), (containers) => {
      (containers[0].logConfiguration as { options: Record<string, string> }).options["awslogs-group"] =
        "/created/elsewhere";
    });
    const { findings, analysis } = await evaluateInProcess(
      stack.resources,
      { accountId: "111122223333" },
      { "aws:region": "eu-west-1" },
    );
    const onTask = findings.filter((finding) => finding.urn.endsWith("::api-task"));
    assert.ok(onTask.length > 0, JSON.stringify(findings.map((finding) => finding.ruleId)));
    const reported = onTask.map((finding) => toReportedFinding(diagnosticOf(finding)));
    assert.ok(
      reported.some((finding) => finding.service === undefined),
      "a message that names no service",
    );
    for (const finding of withRunningService(reported, analysis)) assert.equal(finding.service, "api-service");
    assert.deepEqual(withRunningService(reported, undefined), reported);
  });
});
