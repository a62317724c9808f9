import { parseSecretArn } from "../../model";
import {
  ASM_PREFIX,
  INVALID_SECRET_ARN,
  jsonKeyProblem,
  SECRET_SOURCES,
  secretArnFormProblem,
} from "../../model/startup";
import type { StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import { secretValueFor } from "../analysis/secret-values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-SECRET-VALUE";

export const rule: Rule = {
  id: ID,
  description:
    "Every Secrets Manager valueFrom has a form the agent reads, and the JSON key, staging label or version it names is in the value the stack sets (aws.secretsmanager.SecretVersion).",
  explanation:
    "The agent splits a secret ARN into name, json-key, version-stage and version-id and refuses any other count of fields; it then reads the version with that label (AWSCURRENT unless named) and, for a JSON key, parses the value as a JSON object. A key the value lacks, a value that is not JSON, or a label or version the secret does not have stops every task before its container runs. Nothing of the secret's value is printed.",
  fix: "Write valueFrom as <secret ARN>:<json-key>:<version-stage>:<version-id> with all three colons, and name a key, label and version that the secret's value has.",
  defaultLevel: "mandatory",
  awsErrors: [
    `${ASM_PREFIX}: ... retrieved secret from Secrets Manager did not contain json key <key>`,
    `${ASM_PREFIX}: ... invalid character '<c>' looking for beginning of value`,
    `${ASM_PREFIX}: ... ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: <label>`,
    INVALID_SECRET_ARN,
  ],
  sources: [SECRET_SOURCES.valueFrom],
  docs: {
    failing: code`
      new aws.secretsmanager.SecretVersion("db", {
        secretId: dbSecret.id,
        secretString: pulumi.jsonStringify({ user: "app", pass: dbPassword.result }),
      });
      const secrets = [
        { name: "DB_PASSWORD", valueFrom: pulumi.interpolate\`\${dbSecret.arn}:password::\` },
      ];
    `,
    passing: code`
      new aws.secretsmanager.SecretVersion("db", {
        secretId: dbSecret.id,
        secretString: pulumi.jsonStringify({ user: "app", password: dbPassword.result }),
      });
      const secrets = [
        { name: "DB_PASSWORD", valueFrom: pulumi.interpolate\`\${dbSecret.arn}:password::\` },
      ];
    `,
  },
  check: (analysis) => fargateTasks(analysis).flatMap((task) => taskFindings(analysis, task)),
};

function taskFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  if (!task.containers || task.services.length === 0) return [];
  const definition = task.taskDefinition;
  const name = `task definition "${label(analysis.model, definition.urn)}"`;
  const findings: Finding[] = [];
  for (const entry of task.containers.flatMap((container) => container.secrets)) {
    const form = secretArnFormProblem(entry.valueFrom);
    if (form) {
      findings.push(
        finding(ID, definition.urn, {
          problem: `${name}: ${entry.field} is not a form the agent reads: ${form}.`,
          consequence: { kind: "tasks-stop", error: `${ASM_PREFIX}: ... ${INVALID_SECRET_ARN}` },
          fixes: [{ kind: "write-secret-value-from" }],
        }),
      );
      continue;
    }
    const reference = parseSecretArn(entry.valueFrom);
    if (!reference || (reference.jsonKey ?? reference.versionStage ?? reference.versionId) === undefined) continue;
    const read = secretValueFor(analysis.model, reference.arn, {
      stage: reference.versionStage,
      versionId: reference.versionId,
    });
    const asked = [
      reference.jsonKey ? `JSON key "${reference.jsonKey}"` : undefined,
      reference.versionStage ? `staging label ${reference.versionStage}` : undefined,
      reference.versionId ? `version ${reference.versionId}` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    if (read.kind === "unknown") {
      findings.push(
        finding("FARGATE-UNKNOWN", definition.urn, {
          problem:
            `${name}: whether ${entry.field} (${asked}) can be read cannot be known before deployment: ${read.why}. ` +
            "To decide it at preview, set the secret's value in this stack with an aws.secretsmanager.SecretVersion whose secretString is known at preview.",
        }),
      );
      continue;
    }
    if (read.kind === "missing") {
      findings.push(
        finding(ID, definition.urn, {
          problem: `${name}: ${entry.field} asks for ${asked}, but ${read.why}.`,
          consequence: { kind: "tasks-stop", error: `${ASM_PREFIX}: ... ${read.awsError}` },
          fixes: [{ kind: "name-secret-version" }],
        }),
      );
      continue;
    }
    const problem = reference.jsonKey ? jsonKeyProblem(read.value, reference.jsonKey) : undefined;
    if (!problem || !reference.jsonKey) continue;
    findings.push(
      finding(ID, definition.urn, {
        problem: `${name}: ${entry.field} asks for ${asked} of secret ${label(analysis.model, read.secret.urn)}, but the value ${label(analysis.model, read.version.urn)} sets ${problem.problem} (the value itself is not shown).`,
        consequence: { kind: "tasks-stop", error: `${ASM_PREFIX}: ... ${problem.agentError}` },
        fixes: [{ kind: "name-secret-key", key: reference.jsonKey }],
      }),
    );
  }
  return findings;
}
