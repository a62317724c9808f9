/**
 * A tolerant reading of container definitions for the start-up rules: the fields they check,
 * each known or absent. Values not known yet (the engine's unknown) read as absent and are
 * listed, so a rule never decides on them. Definitions that cannot be read at all are left to
 * deriveTaskNeeds, which names the field (FARGATE-TASK-DEFINITION).
 */
import { isRecord } from "../record";
import { isUnknown } from "../unknown";

/** A `secrets` or `secretOptions` entry. */
export interface ValueFromEntry {
  valueFrom: string;
  /** Path in the task definition, e.g. `containerDefinitions[0].secrets[1].valueFrom`. */
  field: string;
}

export interface ContainerView {
  index: number;
  /** The container's name, or `#<index>` when it has none that is known. */
  name: string;
  image?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  logDriver?: string;
  /** String-valued log options (other values are not options ECS accepts). */
  logOptions: Record<string, string>;
  /** `firelensConfiguration`, when the container is a log router. */
  firelens?: { type?: string; options: Record<string, string> };
  secrets: ValueFromEntry[];
  credentialsParameter?: string;
  environmentFiles: number;
  /** `linuxParameters.capabilities.add`. */
  capabilitiesAdded: string[];
  healthCheck: boolean;
  /** Container parameters Fargate refuses that this container sets. */
  fargateRefused: string[];
  /** Paths of values not known yet. */
  unknownFields: string[];
}

function knownString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

/** ECS takes integers; a numeric string is read as its number (the provider's JSON may carry either). */
function knownNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" && !isUnknown(item)) map[key] = item;
  }
  return map;
}

function valueFromEntries(value: unknown, field: string): ValueFromEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: ValueFromEntry[] = [];
  value.forEach((entry, i) => {
    const valueFrom = isRecord(entry) ? knownString(entry.valueFrom) : undefined;
    if (valueFrom !== undefined) entries.push({ valueFrom, field: `${field}[${i}].valueFrom` });
  });
  return entries;
}

/**
 * Container parameters Fargate does not accept (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html,
 * "Task definition parameters"): registration fails with `Tasks using the Fargate launch type do not support <parameter>.`
 */
const REFUSED_WHEN_SET = [
  "disableNetworking",
  "dnsSearchDomains",
  "dnsServers",
  "dockerSecurityOptions",
  "extraHosts",
  "links",
];
const REFUSED_LINUX_PARAMETERS = ["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"];

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function refusedOnFargate(container: Record<string, unknown>): string[] {
  const refused = REFUSED_WHEN_SET.filter((key) => isSet(container[key]));
  if (container.privileged === true) refused.push("privileged");
  const resources = Array.isArray(container.resourceRequirements) ? container.resourceRequirements : [];
  if (resources.some((requirement) => isRecord(requirement) && requirement.type === "GPU")) refused.push("gpu");
  const linux = isRecord(container.linuxParameters) ? container.linuxParameters : {};
  for (const key of REFUSED_LINUX_PARAMETERS) if (isSet(linux[key])) refused.push(`linuxParameters.${key}`);
  return refused;
}

function capabilitiesAdded(container: Record<string, unknown>): string[] {
  const linux = isRecord(container.linuxParameters) ? container.linuxParameters : {};
  const capabilities = isRecord(linux.capabilities) ? linux.capabilities : {};
  return Array.isArray(capabilities.add) ? capabilities.add.map(knownString).filter((c): c is string => !!c) : [];
}

function readContainer(definition: unknown, index: number): ContainerView | undefined {
  if (!isRecord(definition)) return undefined;
  const field = `containerDefinitions[${index}]`;
  const unknownFields = Object.entries(definition)
    .filter(([, value]) => isUnknown(value))
    .map(([key]) => `${field}.${key}`);
  const log = isRecord(definition.logConfiguration) ? definition.logConfiguration : undefined;
  const firelens = isRecord(definition.firelensConfiguration) ? definition.firelensConfiguration : undefined;
  const credentials = isRecord(definition.repositoryCredentials) ? definition.repositoryCredentials : undefined;
  return {
    index,
    name: knownString(definition.name) ?? `#${index}`,
    image: knownString(definition.image),
    cpu: knownNumber(definition.cpu),
    memory: knownNumber(definition.memory),
    memoryReservation: knownNumber(definition.memoryReservation),
    logDriver: log ? knownString(log.logDriver) : undefined,
    logOptions: log ? stringMap(log.options) : {},
    firelens: firelens ? { type: knownString(firelens.type), options: stringMap(firelens.options) } : undefined,
    secrets: [
      ...valueFromEntries(definition.secrets, `${field}.secrets`),
      ...valueFromEntries(log?.secretOptions, `${field}.logConfiguration.secretOptions`),
    ],
    credentialsParameter: credentials ? knownString(credentials.credentialsParameter) : undefined,
    environmentFiles: Array.isArray(definition.environmentFiles) ? definition.environmentFiles.length : 0,
    capabilitiesAdded: capabilitiesAdded(definition),
    healthCheck: isRecord(definition.healthCheck),
    fargateRefused: refusedOnFargate(definition),
    unknownFields,
  };
}

/**
 * The containers of known container definitions (a JSON string or the parsed array);
 * undefined when they cannot be read as a list of objects.
 */
export function readContainers(definitions: string | readonly unknown[]): ContainerView[] | undefined {
  let parsed: unknown = definitions;
  if (typeof definitions === "string") {
    try {
      parsed = JSON.parse(definitions);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(parsed)) return undefined;
  const containers = parsed.map(readContainer);
  return containers.every((container): container is ContainerView => container !== undefined) ? containers : undefined;
}
