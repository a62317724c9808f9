import {
  containerSizeProblems,
  cpuUnits,
  EPHEMERAL_STORAGE_SOURCE,
  FARGATE_PARAMETERS_SOURCE,
  memoryMiB,
  SizeProblem,
  TASK_SIZE_SOURCE,
  taskSizeProblems,
} from "../../model/startup";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import type { StackModel } from "../stack/model";
import { known, UNKNOWN_FACT } from "../stack/values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-TASK-SIZE";

export const rule: Rule = {
  id: ID,
  description:
    "Every task definition registered for Fargate has a task-level cpu and memory pair Fargate offers (for its OS and architecture), containers that fit in it, and ephemeral storage in range.",
  explanation:
    "RegisterTaskDefinition checks Fargate's sizes for every task definition that lists FARGATE in requiresCompatibilities: a missing task-level value, a pair Fargate does not offer (512 CPU with 512 MiB, 8 vCPU on Windows), or containers asking for more than the task has, stop the deployment before any task starts.",
  fix: "Use a cpu/memory pair from Fargate's table and keep the containers' cpu and memory within the task's.",
  defaultLevel: "mandatory",
  awsErrors: [
    "ClientException: Fargate requires that 'cpu' be defined at the task level.",
    "ClientException: Fargate requires that 'memory' be defined at the task level.",
    "ClientException: No Fargate configuration exists for given values: <cpu> CPU, <memory> memory.",
    "ClientException: Invalid 'cpu' setting for task.",
    "ClientException: The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
    "ClientException: The 'memory' setting for container '<name>' is greater than for the task.",
    "ClientException: The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.",
  ],
  sources: [TASK_SIZE_SOURCE, FARGATE_PARAMETERS_SOURCE, EPHEMERAL_STORAGE_SOURCE],
  docs: {
    failing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "4096", // 0.25 vCPU goes up to 2 GB
      });
    `,
    passing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        requiresCompatibilities: ["FARGATE"],
        cpu: "512",
        memory: "4096",
      });
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task) => {
      if (!task.registeredForFargate) return [];
      const problems = sizeProblems(task);
      return problems === undefined ? unknownSize(analysis.model, task) : findingFor(analysis.model, task, problems);
    }),
};

/** Undefined when a value the size depends on is computed at preview. */
function sizeProblems(task: FargateTask): SizeProblem[] | undefined {
  const definition = task.taskDefinition;
  const { cpu, memory, cpuArchitecture, ephemeralStorageGiB } = definition;
  if ([cpu, memory, cpuArchitecture, ephemeralStorageGiB].includes(UNKNOWN_FACT) || task.os === undefined)
    return undefined;
  const problems = taskSizeProblems({
    cpu: known(cpu) ? cpu : undefined,
    memory: known(memory) ? memory : undefined,
    os: task.os,
    architecture: known(cpuArchitecture) ? cpuArchitecture : undefined,
    ephemeralStorageGiB: known(ephemeralStorageGiB) ? ephemeralStorageGiB : undefined,
  });
  if (task.containers)
    problems.push(
      ...containerSizeProblems(
        known(cpu) ? cpuUnits(cpu) : undefined,
        known(memory) ? memoryMiB(memory) : undefined,
        task.containers,
      ),
    );
  return problems;
}

function subject(model: StackModel, task: FargateTask): string {
  const runBy = task.services.map((service) => `ECS service "${label(model, service.service.urn)}"`);
  return `task definition "${label(model, task.taskDefinition.urn)}"${runBy.length > 0 ? ` (run by ${runBy.join(", ")})` : ""}`;
}

function findingFor(model: StackModel, task: FargateTask, problems: SizeProblem[]): Finding[] {
  if (problems.length === 0) return [];
  return [
    finding(ID, task.taskDefinition.urn, {
      problem: `${subject(model, task)} cannot be registered for Fargate: ${problems.map((p) => p.problem).join("; ")}.`,
      consequence: { kind: "deployment-stops", error: [...new Set(problems.map((p) => p.awsError))].join(" | ") },
      fixes: problems.map((p) => p.fix),
    }),
  ];
}

function unknownSize(model: StackModel, task: FargateTask): Finding[] {
  return [
    finding("FARGATE-UNKNOWN", task.taskDefinition.urn, {
      problem:
        `${subject(model, task)}: whether Fargate offers its size cannot be known before deployment: its cpu, memory, runtimePlatform or ephemeralStorage is computed at preview. ` +
        "To decide it at preview, give them as literals.",
    }),
  ];
}
