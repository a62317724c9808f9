/**
 * The task sizes Fargate offers and the size rules RegisterTaskDefinition applies to a task
 * definition that requires FARGATE (even beside EC2), as data with their source, and pure
 * checks over them. Every problem carries the text AWS answers with.
 */
import type { ContainerView } from "./containers";

export const TASK_SIZE_SOURCE =
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html";
export const FARGATE_PARAMETERS_SOURCE =
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html";
export const EPHEMERAL_STORAGE_SOURCE =
  "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html";

export type OsKind = "linux" | "windows";

export interface FargateTaskSize {
  /** CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Memory in MiB: from, to, step. */
  memory: { from: number; to: number; step: number } | { values: readonly number[] };
  os: readonly OsKind[];
  /** Lowest Linux platform version that offers the size; undefined: all. */
  minLinuxPlatform?: string;
}

/** The table of task-cpu-memory-error.html: the only cpu values Fargate takes, and their memory. */
export const FARGATE_TASK_SIZES: readonly FargateTaskSize[] = [
  { cpu: 256, memory: { values: [512, 1024, 2048] }, os: ["linux"] },
  { cpu: 512, memory: { from: 1024, to: 4096, step: 1024 }, os: ["linux"] },
  { cpu: 1024, memory: { from: 2048, to: 8192, step: 1024 }, os: ["linux", "windows"] },
  { cpu: 2048, memory: { from: 4096, to: 16384, step: 1024 }, os: ["linux", "windows"] },
  { cpu: 4096, memory: { from: 8192, to: 30720, step: 1024 }, os: ["linux", "windows"] },
  { cpu: 8192, memory: { from: 16384, to: 61440, step: 4096 }, os: ["linux"], minLinuxPlatform: "1.4.0" },
  { cpu: 16384, memory: { from: 32768, to: 122880, step: 8192 }, os: ["linux"], minLinuxPlatform: "1.4.0" },
];

/** ephemeralStorage.sizeInGiB: 21 to 200 (unset: 20 GiB). */
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;

export function memoryOffered(size: FargateTaskSize, memory: number): boolean {
  const range = size.memory;
  if ("values" in range) return range.values.includes(memory);
  return memory >= range.from && memory <= range.to && (memory - range.from) % range.step === 0;
}

function describeMemory(size: FargateTaskSize): string {
  const range = size.memory;
  if ("values" in range) return range.values.join(", ");
  return `${range.from} to ${range.to} in steps of ${range.step}`;
}

/**
 * CPU units from a task definition's `cpu`: units ("256"), or vCPUs ("1 vCPU", "0.5 vcpu"),
 * which ECS converts to units on registration. Undefined: not a form ECS documents.
 */
export function cpuUnits(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const vcpu = /^(\d+(?:\.\d+)?|\.\d+)\s*vcpu$/i.exec(value);
  return vcpu ? Math.round(Number(vcpu[1]) * 1024) : undefined;
}

/** MiB from a task definition's `memory`: MiB ("512") or GB ("1GB", "2 GB"). */
export function memoryMiB(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const gb = /^(\d+(?:\.\d+)?|\.\d+)\s*gb$/i.exec(value);
  return gb ? Math.round(Number(gb[1]) * 1024) : undefined;
}

/** The OS a `runtimePlatform.operatingSystemFamily` runs (unset: Linux). */
export function osKind(family: string | undefined): OsKind {
  return family !== undefined && family.toUpperCase().startsWith("WINDOWS") ? "windows" : "linux";
}

/** What would make a size right, as data (the rules render it: policies/analysis/startup-fixes.ts). */
export type TaskSizeFix =
  | { kind: "use-fargate-size"; os: OsKind }
  | { kind: "set-task-size"; field: "cpu" | "memory"; os: OsKind }
  | { kind: "fit-containers"; what: "cpu" | "memory" | "memoryReservation"; container?: string }
  | { kind: "windows-on-x86" }
  | { kind: "ephemeral-storage-in-range" };

/** One thing AWS refuses, with the text it answers and what would be right. */
export interface SizeProblem {
  /** The field to change. */
  field: string;
  /** What is wrong, in our words. */
  problem: string;
  /** The text AWS answers with. */
  awsError: string;
  fix: TaskSizeFix;
}

export interface TaskSizeInput {
  /** Task-level cpu and memory as written; undefined: unset. */
  cpu?: string;
  memory?: string;
  os: OsKind;
  /** `runtimePlatform.cpuArchitecture` (unset: X86_64). */
  architecture?: string;
  ephemeralStorageGiB?: number;
}

const NO_CONFIGURATION = (cpu: string, memory: string) =>
  `ClientException: No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. (the API and CLI answer: Invalid 'cpu' setting for task.)`;

/** Fargate's sizes for an OS, as a sentence: `cpu 256 with memory 512, 1024, 2048; ...`. */
export function fargateSizesText(os: OsKind): string {
  return FARGATE_TASK_SIZES.filter((size) => size.os.includes(os))
    .map((size) => `cpu ${size.cpu} with memory ${describeMemory(size)}`)
    .join("; ");
}

/** The task-level size: both values present, a pair Fargate offers, for the task's OS and architecture. */
export function taskSizeProblems(input: TaskSizeInput): SizeProblem[] {
  const problems: SizeProblem[] = [];
  for (const key of ["cpu", "memory"] as const) {
    if (input[key] === undefined)
      problems.push({
        field: key,
        problem: `it has no task-level ${key}`,
        awsError: `ClientException: Fargate requires that '${key}' be defined at the task level.`,
        fix: { kind: "set-task-size", field: key, os: input.os },
      });
  }
  if (input.architecture === "ARM64" && input.os === "windows")
    problems.push({
      field: "runtimePlatform",
      problem: "Windows containers on Fargate run on X86_64 only, and it asks for ARM64",
      awsError: "ClientException (RegisterTaskDefinition refuses the runtime platform)",
      fix: { kind: "windows-on-x86" },
    });
  const storage = input.ephemeralStorageGiB;
  if (storage !== undefined && (storage < EPHEMERAL_STORAGE_GIB.min || storage > EPHEMERAL_STORAGE_GIB.max))
    problems.push({
      field: "ephemeralStorage.sizeInGiB",
      problem: `ephemeralStorage.sizeInGiB is ${storage}, outside ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max}`,
      awsError: "ClientException (RegisterTaskDefinition refuses the ephemeral storage size)",
      fix: { kind: "ephemeral-storage-in-range" },
    });
  if (input.cpu === undefined || input.memory === undefined) return problems;
  const cpu = cpuUnits(input.cpu);
  const memory = memoryMiB(input.memory);
  const size = FARGATE_TASK_SIZES.find((candidate) => candidate.cpu === cpu);
  const wrong = (problem: string) =>
    problems.push({
      field: "cpu and memory",
      problem,
      awsError: NO_CONFIGURATION(String(cpu ?? input.cpu), String(memory ?? input.memory)),
      fix: { kind: "use-fargate-size", os: input.os },
    });
  if (cpu === undefined) wrong(`its cpu "${input.cpu}" is neither CPU units nor vCPUs`);
  else if (memory === undefined) wrong(`its memory "${input.memory}" is neither MiB nor GB`);
  else if (!size) wrong(`Fargate offers no task with ${cpu} CPU units`);
  else if (!size.os.includes(input.os))
    wrong(`Fargate offers ${cpu} CPU units to ${size.os.join(" and ")} tasks only, and this one runs ${input.os}`);
  else if (!memoryOffered(size, memory))
    wrong(`with ${cpu} CPU units Fargate offers ${describeMemory(size)} MiB of memory, not ${memory}`);
  return problems;
}

/** The containers' cpu and memory against the task's (RegisterTaskDefinition checks them). */
export function containerSizeProblems(
  taskCpu: number | undefined,
  taskMemory: number | undefined,
  containers: readonly ContainerView[],
): SizeProblem[] {
  const problems: SizeProblem[] = [];
  const cpuSum = containers.reduce((sum, container) => sum + (container.cpu ?? 0), 0);
  if (taskCpu !== undefined && cpuSum > taskCpu)
    problems.push({
      field: "containerDefinitions[].cpu",
      problem: `its containers ask for ${cpuSum} CPU units together, more than the task's ${taskCpu}`,
      awsError:
        "ClientException: The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
      fix: { kind: "fit-containers", what: "cpu" },
    });
  for (const container of containers) {
    if (container.memory !== undefined && taskMemory !== undefined && container.memory > taskMemory)
      problems.push({
        field: `containerDefinitions[${container.index}].memory`,
        problem: `container "${container.name}" has a memory limit of ${container.memory} MiB, more than the task's ${taskMemory}`,
        awsError: `ClientException: The 'memory' setting for container '${container.name}' is greater than for the task.`,
        fix: { kind: "fit-containers", what: "memory", container: container.name },
      });
    if (
      container.memory !== undefined &&
      container.memoryReservation !== undefined &&
      container.memoryReservation > container.memory
    )
      problems.push({
        field: `containerDefinitions[${container.index}].memoryReservation`,
        problem: `container "${container.name}" reserves ${container.memoryReservation} MiB, more than its own limit of ${container.memory}`,
        awsError: "ClientException (RegisterTaskDefinition refuses a memoryReservation above the container's memory)",
        fix: { kind: "fit-containers", what: "memoryReservation", container: container.name },
      });
  }
  // Only explicit reservations: whether AWS counts a bare memory limit in this sum is not documented.
  const reserved = containers.reduce((sum, container) => sum + (container.memoryReservation ?? 0), 0);
  if (taskMemory !== undefined && reserved > taskMemory)
    problems.push({
      field: "containerDefinitions[].memoryReservation",
      problem: `its containers reserve ${reserved} MiB together, more than the task's ${taskMemory}`,
      awsError:
        "ClientException: The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.",
      fix: { kind: "fit-containers", what: "memoryReservation" },
    });
  return problems;
}
