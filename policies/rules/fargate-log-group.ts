import type { ContainerView } from "../../model/startup";
import type { StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { freshNameIn } from "../analysis/fresh-names";
import { label } from "../analysis/label";
import { known } from "../stack/values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-LOG-GROUP";

const MISSING_GROUP_ERROR =
  "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1";

export const rule: Rule = {
  id: ID,
  description:
    "Every awslogs log group a Fargate task writes to exists when the task starts: the stack creates it, or the container sets awslogs-create-group.",
  explanation:
    'The awslogs driver creates a log stream in an existing group; it creates the group only with awslogs-create-group "true". A group this stack does not create may come from another stack, so that is an advisory saying how to settle it; a group whose name is built from a name this very preview generates (an autonamed cluster\'s) cannot exist yet, and every task stops before its container runs.',
  fix: 'Create the log group in the stack (aws.cloudwatch.LogGroup) and take awslogs-group from it, or set awslogs-create-group "true" (the execution role then needs logs:CreateLogGroup).',
  defaultLevel: "mandatory",
  awsErrors: [MISSING_GROUP_ERROR],
  sources: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html",
  ],
  docs: {
    failing: code`
      const cluster = new aws.ecs.Cluster("shop"); // autonamed: shop-1a2b3c4
      const logConfiguration = {
        logDriver: "awslogs",
        options: {
          "awslogs-group": pulumi.interpolate\`/ecs/\${cluster.name}\`, // no such group yet
          "awslogs-region": "eu-west-1",
          "awslogs-stream-prefix": "api",
        },
      };
    `,
    passing: code`
      const logGroup = new aws.cloudwatch.LogGroup("api", {
        name: pulumi.interpolate\`/ecs/\${cluster.name}\`,
      });
      const logConfiguration = {
        logDriver: "awslogs",
        options: {
          "awslogs-group": logGroup.name,
          "awslogs-region": "eu-west-1",
          "awslogs-stream-prefix": "api",
        },
      };
    `,
  },
  check: (analysis) => fargateTasks(analysis).flatMap((task) => taskFindings(analysis, task)),
};

interface LogTarget {
  group: string;
  region: string;
  containers: string[];
}

/** The awslogs groups the containers write to without asking the driver to create them. */
function groupsWithoutCreate(containers: readonly ContainerView[], taskRegion: string): LogTarget[] {
  const targets = new Map<string, LogTarget>();
  for (const container of containers) {
    if (container.logDriver !== "awslogs") continue;
    const group = container.logOptions["awslogs-group"];
    if (group === undefined || container.logOptions["awslogs-create-group"]?.toLowerCase() === "true") continue;
    const region = container.logOptions["awslogs-region"] ?? taskRegion;
    const key = `${region}\u0000${group}`;
    const target = targets.get(key) ?? { group, region, containers: [] };
    target.containers.push(container.name);
    targets.set(key, target);
  }
  return [...targets.values()];
}

/** The stack's log groups by region and name, once per model; `someUnnamed`: one has a name computed at preview. */
const groupsCache = new WeakMap<StackAnalysis["model"], { keys: Set<string>; someUnnamed: boolean }>();

function stackGroups(analysis: StackAnalysis): { keys: Set<string>; someUnnamed: boolean } {
  let groups = groupsCache.get(analysis.model);
  if (!groups) {
    groups = { keys: new Set(), someUnnamed: false };
    for (const logGroup of analysis.model.logGroups.values()) {
      if (!known(logGroup.name)) groups.someUnnamed = true;
      else groups.keys.add(`${logGroup.region ?? analysis.facts.region}\u0000${logGroup.name}`);
    }
    groupsCache.set(analysis.model, groups);
  }
  return groups;
}

function createdByStack(analysis: StackAnalysis, target: LogTarget): boolean | "maybe" {
  const groups = stackGroups(analysis);
  if (groups.keys.has(`${target.region}\u0000${target.group}`)) return true;
  return groups.someUnnamed ? "maybe" : false;
}

function taskFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  const region = task.services[0]?.region ?? task.taskDefinition.region ?? analysis.facts.region;
  if (!task.containers || task.services.length === 0 || !region) return [];
  const definition = task.taskDefinition;
  const name = `task definition "${label(analysis.model, definition.urn)}"`;
  const findings: Finding[] = [];
  for (const target of groupsWithoutCreate(task.containers, region)) {
    const created = createdByStack(analysis, target);
    if (created !== false) continue;
    const where = `log group ${target.group} (${target.region}) of container${target.containers.length > 1 ? "s" : ""} ${target.containers.map((c) => `"${c}"`).join(", ")}`;
    const fresh = freshNameIn(analysis.model, definition.containerDefinitionSources, target.group);
    if (fresh) {
      findings.push(
        finding(ID, definition.urn, {
          problem: `${name}: ${where} cannot exist yet: its name is built from ${fresh.name}, the name this preview generates for ${label(analysis.model, fresh.urn)}, and this stack creates no such group and does not set awslogs-create-group.`,
          consequence: { kind: "tasks-stop", error: MISSING_GROUP_ERROR },
          fixes: [{ kind: "create-log-group", group: target.group }],
        }),
      );
      continue;
    }
    findings.push(
      finding("FARGATE-UNKNOWN", definition.urn, {
        problem:
          `${name}: whether ${where} exists cannot be known before deployment: this stack does not create it and awslogs-create-group is not set, so it must come from elsewhere (if it does not exist, tasks stop with ResourceNotFoundException: The specified log group does not exist). ` +
          `To decide it at preview, create it in this stack, set awslogs-create-group "true", or look it up with aws.cloudwatch.getLogGroup (the preview then fails if it is missing) and acknowledge this finding.`,
      }),
    );
  }
  return findings;
}
