import { parseSecretArn } from "../../model";
import { ASM_PREFIX, registryCredentialsProblem, SECRET_SOURCES } from "../../model/startup";
import type { StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import { secretValueFor } from "../analysis/secret-values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-REGISTRY-CREDENTIALS";

export const rule: Rule = {
  id: ID,
  description:
    'The secret of repositoryCredentials holds a JSON object with a non-empty "username" and "password" when the stack sets its value.',
  explanation:
    'For an image in a private registry the agent reads the credentials secret and decodes it as {"username": ..., "password": ...}; any other value stops every task before the image is pulled. Whether an image needs credentials at all cannot be told from its name (a private Docker Hub or GHCR repository looks like a public one), so only the shape of a value the stack sets is checked. Nothing of the value is printed.',
  fix: 'Store the credentials as the JSON object {"username": "<user>", "password": "<token>"} in the secret (aws.secretsmanager.SecretVersion secretString).',
  defaultLevel: "mandatory",
  awsErrors: [
    `${ASM_PREFIX}: ... asm fetching authorization data: unable to unmarshal secret value, invalid schema`,
    `${ASM_PREFIX}: ... asm fetching username: AuthorizationData is malformed, empty field`,
    `${ASM_PREFIX}: ... asm fetching password: AuthorizationData is malformed, empty field`,
    `${ASM_PREFIX}: ... asm fetching authorization data: empty secrets value`,
  ],
  sources: [SECRET_SOURCES.registry],
  docs: {
    failing: code`
      new aws.secretsmanager.SecretVersion("registry", {
        secretId: registrySecret.id,
        secretString: config.requireSecret("ghcrToken"), // the token alone
      });
    `,
    passing: code`
      new aws.secretsmanager.SecretVersion("registry", {
        secretId: registrySecret.id,
        secretString: pulumi.jsonStringify({
          username: "ci-bot",
          password: config.requireSecret("ghcrToken"),
        }),
      });
    `,
  },
  check: (analysis) => fargateTasks(analysis).flatMap((task) => taskFindings(analysis, task)),
};

function taskFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  if (!task.containers || task.services.length === 0) return [];
  const definition = task.taskDefinition;
  const findings: Finding[] = [];
  for (const container of task.containers) {
    const reference = container.credentialsParameter ? parseSecretArn(container.credentialsParameter) : undefined;
    if (!reference) continue;
    const read = secretValueFor(analysis.model, reference.arn, {
      stage: reference.versionStage,
      versionId: reference.versionId,
    });
    if (read.kind !== "value") continue;
    const problem = registryCredentialsProblem(read.value);
    if (!problem) continue;
    findings.push(
      finding(ID, read.version.urn, {
        problem: `task definition "${label(analysis.model, definition.urn)}": container "${container.name}" pulls with the credentials in secret ${label(analysis.model, read.secret.urn)}, but the value ${label(analysis.model, read.version.urn)} sets ${problem.problem} (the value itself is not shown).`,
        consequence: { kind: "tasks-stop", error: `${ASM_PREFIX}: ... ${problem.agentError}` },
        fixes: [{ kind: "registry-credentials-json" }],
      }),
    );
  }
  return findings;
}
