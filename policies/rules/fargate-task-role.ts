import type { StackAnalysis } from "../analysis/analyze";
import { fargateTasks } from "../analysis/fargate-tasks";
import { roleFor, trustsEcsTasks } from "../analysis/iam";
import { label } from "../analysis/label";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-TASK-ROLE";

/** What ECS answers when it cannot assume a task's role (task role or execution role alike). */
export function unableToAssume(roleArn: string): string {
  return `ECS was unable to assume the role '${roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.`;
}

export const rule: Rule = {
  id: ID,
  description:
    "The task role of a Fargate task definition, when it has one, can be assumed by ecs-tasks.amazonaws.com.",
  explanation:
    "ECS assumes the task role for the containers' credentials when it starts a task: a role whose trust policy does not let ecs-tasks.amazonaws.com call sts:AssumeRole makes every start fail, even when the execution role is right.",
  fix: 'Allow { "Service": "ecs-tasks.amazonaws.com" } to call sts:AssumeRole in the task role\'s assumeRolePolicy.',
  defaultLevel: "mandatory",
  awsErrors: [unableToAssume("<task role ARN>")],
  sources: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"],
  docs: {
    failing: code`
      const taskRole = new aws.iam.Role("api-task", {
        assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ecs.amazonaws.com" }),
      });
    `,
    passing: code`
      const taskRole = new aws.iam.Role("api-task", {
        assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ecs-tasks.amazonaws.com" }),
      });
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task) =>
      task.services.length > 0 ? taskRoleFindings(analysis, task.taskDefinition.urn) : [],
    ),
};

function taskRoleFindings(analysis: StackAnalysis, taskDefinitionUrn: string): Finding[] {
  const definition = analysis.model.taskDefinitions.get(taskDefinitionUrn);
  const role = definition ? roleFor(analysis.model, definition.taskRole) : undefined;
  if (!definition || !role) return [];
  const trust = trustsEcsTasks(role);
  const name = `task definition "${label(analysis.model, definition.urn)}"`;
  if (trust.status === "ok") return [];
  if (trust.status === "unknown")
    return [
      finding("FARGATE-UNKNOWN", role.urn, {
        problem: `${name}: whether ECS may assume its task role ${label(analysis.model, role.urn)} cannot be known before deployment: ${trust.why}. To decide it at preview, give assumeRolePolicy as a literal document.`,
      }),
    ];
  return [
    finding(ID, role.urn, {
      problem: `${name}: its task role ${label(analysis.model, role.urn)} cannot be assumed by ECS: ${trust.why}.`,
      consequence: {
        kind: "tasks-stop",
        error: unableToAssume(role.arn ?? `arn:aws:iam::<account>:role/${label(analysis.model, role.urn)}`),
      },
      fixes: [{ kind: "trust-ecs-tasks" }],
    }),
  ];
}
