/**
 * The task definitions the start-up rules look at: every one registered for Fargate
 * (`requiresCompatibilities` with FARGATE, whether a service runs it or not: registration
 * itself checks it) and every one a Fargate service runs, with their containers when the
 * container definitions are known. Built once per analysis.
 */
import { ContainerView, osKind, OsKind, readContainers } from "../../model/startup";
import type { TaskDefinition } from "../stack/model";
import { known, UNKNOWN_FACT } from "../stack/values";
import type { ServiceAnalysis, StackAnalysis } from "./analyze";

export interface FargateTask {
  taskDefinition: TaskDefinition;
  /** The services that run it (Fargate, or checked as Fargate when their launch type is not known). */
  services: ServiceAnalysis[];
  /** `requiresCompatibilities` names FARGATE: RegisterTaskDefinition applies Fargate's rules. */
  registeredForFargate: boolean;
  /** Undefined: the container definitions are computed at preview, or cannot be read. */
  containers?: ContainerView[];
  /** Undefined: `runtimePlatform.operatingSystemFamily` is computed at preview. */
  os?: OsKind;
}

const cache = new WeakMap<StackAnalysis, FargateTask[]>();

function containersOf(taskDefinition: TaskDefinition): ContainerView[] | undefined {
  const definitions = taskDefinition.containerDefinitions;
  return known(definitions) ? readContainers(definitions) : undefined;
}

function registeredForFargate(taskDefinition: TaskDefinition): boolean {
  const compatibilities = taskDefinition.compatibilities;
  return known(compatibilities) && compatibilities.includes("FARGATE");
}

export function fargateTasks(analysis: StackAnalysis): FargateTask[] {
  const cached = cache.get(analysis);
  if (cached) return cached;
  const byUrn = new Map<string, FargateTask>();
  const task = (taskDefinition: TaskDefinition): FargateTask => {
    let entry = byUrn.get(taskDefinition.urn);
    if (!entry) {
      const family = taskDefinition.operatingSystemFamily;
      entry = {
        taskDefinition,
        services: [],
        registeredForFargate: registeredForFargate(taskDefinition),
        containers: containersOf(taskDefinition),
        os: family === UNKNOWN_FACT ? undefined : osKind(family),
      };
      byUrn.set(taskDefinition.urn, entry);
    }
    return entry;
  };
  for (const service of analysis.services)
    if (service.taskDefinition) task(service.taskDefinition).services.push(service);
  for (const taskDefinition of analysis.model.taskDefinitions.values())
    if (registeredForFargate(taskDefinition)) task(taskDefinition);
  const tasks = [...byUrn.values()];
  cache.set(analysis, tasks);
  return tasks;
}
