/**
 * What an `awsx.ecs.FargateTaskDefinition` computes from its containers, as pure functions over
 * plain (resolved) values: the container definitions JSON, the task size, the family and the
 * service's load balancer list. Each names the provider function it re-derives
 * (pulumi/pulumi-awsx awsx/ecs/*.ts and awsx/utils.ts, facts.ts AWSX_SOURCE).
 */
import { createHash } from "crypto";
import { FARGATE_SIZES } from "./facts";

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/** utils.ts sha1hash: the first 8 hex digits of SHA-1 (attachment names, the default family). */
export function sha1Prefix(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 8);
}

/**
 * A value as the provider process receives it: the program's inputs travel as a protobuf Struct,
 * whose maps the provider reads back with their keys sorted (the recorded gRPC of
 * provider/testdata/recorded/TestProviderUpgrade/ts-lb-simple shows the container keys in
 * order), and whose undefined values are dropped. The JSON awsx writes, and so the family it
 * hashes, follow that order.
 */
export function asProviderReceives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asProviderReceives);
  if (!isPlainObject(value)) return value;
  const sorted: Json = {};
  for (const key of Object.keys(value).sort())
    if (value[key] !== undefined) sorted[key] = asProviderReceives(value[key]);
  return sorted;
}

export interface PortMappingInput {
  name?: unknown;
  containerPortRange?: unknown;
  appProtocol?: unknown;
  containerPort?: number;
  hostPort?: number;
  protocol?: unknown;
}

/**
 * containers.ts getMappingInputs: a mapping rebuilt field by field; a target group's port fills
 * a missing container or host port (so `{containerPort: 8080}` behind a target group on port 80
 * becomes host port 80, which awsvpc rejects), and the target group itself is dropped.
 */
export function portMapping(mapping: PortMappingInput, targetGroupPort: number | undefined): Json {
  return {
    name: mapping.name,
    containerPortRange: mapping.containerPortRange,
    appProtocol: mapping.appProtocol,
    containerPort: mapping.containerPort ?? mapping.hostPort ?? targetGroupPort,
    hostPort: mapping.hostPort ?? targetGroupPort ?? mapping.containerPort,
    protocol: mapping.protocol,
  };
}

export interface LogGroupId {
  name: string;
  /** Undefined only where awsx before AWSX_SINCE.regionFromParent found no aws:region (the option is then left out). */
  region: string | undefined;
}

/**
 * containers.ts computeContainerDefinition: the container as given (keys as the provider sees
 * them), its rebuilt port mappings, its name (the key of `containers`, or the container's own
 * name) and, when it has no log configuration and a log group exists, awslogs to that group.
 */
export function containerDefinition(
  name: string,
  container: Json,
  portMappings: Json[] | undefined,
  logGroup: LogGroupId | undefined,
): Json {
  const definition: Json = { ...(asProviderReceives(container) as Json), portMappings, name };
  if (definition.logConfiguration === undefined && logGroup !== undefined) {
    definition.logConfiguration = {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logGroup.name,
        "awslogs-region": logGroup.region,
        "awslogs-stream-prefix": name,
      },
    };
  }
  return definition;
}

/**
 * containers.ts computeContainerDefinitions: containers in name order from v3.0.0 (#1626,
 * `AWSX_SINCE.containerNameOrder`), in the order the program gave them before.
 */
export function containerOrder<T>(containers: Record<string, T>, byName: boolean): [string, T][] {
  const entries = Object.entries(containers);
  return byName ? entries.sort(([a], [b]) => a.localeCompare(b)) : entries;
}

/** fargateTaskDefinition.ts buildTaskDefinitionArgs: the default family, hashed from the stack and the JSON. */
export function defaultFamily(taskName: string, stack: string, containerDefinitionsJson: string): string {
  return `${taskName}-${sha1Prefix(stack + containerDefinitionsJson)}`;
}

export interface ContainerSize {
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
}

/**
 * fargateMemoryAndCpu.ts calculateFargateMemoryAndCPU: the smallest task size (by memory, then
 * vCPU) that holds the sum of the containers' CPU units and memory (the soft limit when set,
 * else the hard one), as the strings the task definition takes.
 */
export function fargateTaskSize(
  containers: readonly ContainerSize[],
  options: {
    largestVcpu: number;
    /** Before AWSX_SINCE.fargateSizeRefusesOversize a request beyond the largest size was cut down to it. */
    clampOversize?: boolean;
  },
): { cpu: string; memory: string } {
  let memoryMb = 0;
  let cpuUnits = 0;
  for (const container of containers) {
    if (container.memoryReservation) memoryMb += container.memoryReservation;
    else if (container.memory) memoryMb += container.memory;
    if (container.cpu) cpuUnits += container.cpu;
  }
  let vcpu = cpuUnits / 1024;
  let memoryGb = memoryMb / 1024;
  const sizes = FARGATE_SIZES.filter((entry) => entry.vcpu <= options.largestVcpu).flatMap((entry) =>
    entry.memoryGb.map((gb) => ({ vcpu: entry.vcpu, gb })),
  );
  const largestGb = Math.max(...sizes.map((entry) => entry.gb));
  if (options.clampOversize) {
    vcpu = Math.min(vcpu, options.largestVcpu);
    memoryGb = Math.min(memoryGb, largestGb);
  }
  if (vcpu > options.largestVcpu || memoryGb > largestGb)
    throw new Error(
      `the containers ask for ${vcpu} vCPU and ${memoryGb} GB; a Fargate task holds at most ${options.largestVcpu} vCPU and ${largestGb} GB`,
    );
  // awsx's list ends up sorted by memory, then vCPU (in-place sorts at module load); the first fit wins.
  const ordered = [...sizes].sort((a, b) => a.gb - b.gb || a.vcpu - b.vcpu);
  const fit = ordered.find((entry) => entry.vcpu >= vcpu && entry.gb >= memoryGb)!;
  return { cpu: `${fit.vcpu * 1024}`, memory: `${fit.gb * 1024}` };
}

export interface TargetedMapping {
  containerName: string;
  targetGroupArn?: string;
  targetGroupPort?: number;
}

export interface ServiceLoadBalancer {
  containerName: string;
  containerPort: number;
  targetGroupArn: string;
}

/** containers.ts computeLoadBalancers: one entry per mapping with a target group, its port as the container port. */
export function serviceLoadBalancers(mappings: readonly TargetedMapping[]): ServiceLoadBalancer[] {
  return mappings.flatMap((mapping) =>
    mapping.targetGroupArn === undefined || mapping.targetGroupPort === undefined
      ? []
      : [
          {
            containerName: mapping.containerName,
            containerPort: mapping.targetGroupPort,
            targetGroupArn: mapping.targetGroupArn,
          },
        ],
  );
}

/** utils.ts parseArn, enough for a log group ARN: its region and name. */
export function logGroupFromArn(arn: string): LogGroupId {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || (parts.length !== 6 && parts.length !== 7))
    throw new Error(`"${arn}" is not an ARN (arn:partition:service:region:account:resource)`);
  const [, , service, region, , typeOrId, id] = parts;
  const resourceType = id !== undefined ? typeOrId : typeOrId.split("/")[0];
  const name = id !== undefined ? id : typeOrId.slice(typeOrId.indexOf("/") + 1);
  if (service !== "logs" || resourceType !== "log-group") throw new Error(`"${arn}" is not a log group ARN`);
  return { name, region };
}
