/**
 * Readers of ECS task definitions, services and clusters, and the EFS file systems and mount
 * targets their volumes use. Each reads a resource already settled (../settle.ts): an unset
 * Optional+Computed attribute holds its create-time value from the provider-fact table, so
 * "absent" below means "absent after create".
 */
import {
  Fact,
  known,
  readArray,
  readBlocks,
  readBoolean,
  readNumber,
  readObject,
  readString,
  readStrings,
  readValue,
  UNKNOWN_FACT,
} from "../values";
import { arnOf, idOf, policyReplacement, regionOf, unsetByProgram, BuildState, ReaderTable } from "./common";
import type { Properties, StackResource } from "../../../engine/stack-resource";
import type { SettledResource } from "../settle";
import { T } from "../../../engine/type-tokens";
import { unsetBoolean, unsetNumber, unsetString } from "../../../engine/provider-facts";

/** What the provider gives these attributes when the program leaves them unset (read once). */
const UNSET = {
  assignPublicIp: unsetBoolean(T.service, "networkConfiguration.assignPublicIp"),
  enableExecuteCommand: unsetBoolean(T.service, "enableExecuteCommand"),
  deploymentMaximumPercent: unsetNumber(T.service, "deploymentMaximumPercent"),
  deploymentController: unsetString(T.service, "deploymentController.type"),
  cluster: unsetString(T.service, "cluster"),
};

function isFargateService(properties: Properties): Fact<boolean> {
  const launchType = readString(properties, "launchType");
  if (launchType === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (known(launchType)) return launchType === "FARGATE";
  const strategies = readBlocks(properties, "capacityProviderStrategies");
  if (strategies === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (known(strategies) && strategies.length > 0) {
    const providers = strategies.map((strategy) => readString(strategy, "capacityProvider"));
    if (providers.some((provider) => provider === UNKNOWN_FACT)) return UNKNOWN_FACT;
    return providers.some((provider) => provider === "FARGATE" || provider === "FARGATE_SPOT");
  }
  // No launch type and no strategy: the cluster's default strategy decides; it may be Fargate.
  return UNKNOWN_FACT;
}

/** Task-level settings Fargate refuses (fargate-tasks-services.html), by the name AWS's error uses. */
function fargateRefusedSettings(p: Properties): string[] {
  const refused: string[] = [];
  if (readString(p, "ipcMode") !== undefined) refused.push("ipcMode");
  if (readString(p, "pidMode") === "host") refused.push("pidMode host");
  const constraints = readArray(p, "placementConstraints");
  if (constraints === UNKNOWN_FACT || (known(constraints) && constraints.length > 0))
    refused.push("placementConstraints");
  const volumes = readBlocks(p, "volumes");
  if (known(volumes) && volumes.some((volume) => readObject(volume, "dockerVolumeConfiguration") !== undefined))
    refused.push("dockerVolumeConfiguration");
  return refused;
}

function readTaskDefinition(r: SettledResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  const executionRole = readString(p, "executionRoleArn");
  const taskRole = readString(p, "taskRoleArn");
  const definitions = readValue(p, "containerDefinitions");
  const platform = readObject(p, "runtimePlatform");
  const storage = readObject(p, "ephemeralStorage");
  model.taskDefinitions.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    family: readString(p, "family"),
    containerDefinitions:
      definitions === UNKNOWN_FACT
        ? UNKNOWN_FACT
        : typeof definitions === "string" || Array.isArray(definitions)
          ? definitions
          : undefined,
    containerDefinitionSources: r.propertyDependencies.containerDefinitions ?? [],
    // Marked secret as a whole (a secret interpolated into it): errors about it quote nothing of it.
    containerDefinitionsSecret: typeof definitions === "string" && (r.secrets ?? []).includes(definitions),
    volumes: readArray(p, "volumes"),
    executionRole: resolver.one(r, "executionRoleArn", executionRole, [T.role]),
    executionRoleUnknown: executionRole === UNKNOWN_FACT,
    taskRole: resolver.one(r, "taskRoleArn", taskRole, [T.role]),
    taskRoleUnknown: taskRole === UNKNOWN_FACT,
    region: regionOf(p),
    compatibilities: readStrings(p, "requiresCompatibilities"),
    cpu: readString(p, "cpu"),
    memory: readString(p, "memory"),
    // Unset means bridge (RegisterTaskDefinition's default); at a first preview it is planned unknown.
    networkMode: unsetByProgram(r, "networkMode") ? undefined : readString(p, "networkMode"),
    operatingSystemFamily: known(platform) ? readString(platform, "operatingSystemFamily") : platform,
    cpuArchitecture: known(platform) ? readString(platform, "cpuArchitecture") : platform,
    ephemeralStorageGiB: known(storage) ? readNumber(storage, "sizeInGiB") : storage,
    fargateRefusedSettings: fargateRefusedSettings(p),
  });
}

/** The capacity providers a service's strategy names; undefined when it has none. */
function strategyProviders(p: Properties): Fact<Fact<string>[]> | undefined {
  const strategies = readBlocks(p, "capacityProviderStrategies");
  if (!known(strategies)) return strategies;
  if (strategies.length === 0) return undefined;
  return strategies.map((strategy) => readString(strategy, "capacityProvider") ?? UNKNOWN_FACT);
}

function readService(r: SettledResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  const cluster = readString(p, "cluster") ?? UNSET.cluster;
  const controller = readObject(p, "deploymentController");
  const network = readObject(p, "networkConfiguration");
  const subnets = known(network) ? readStrings(network, "subnets") : network;
  const groups = known(network) ? readStrings(network, "securityGroups") : network;
  const subnetRefs = resolver.many(r, "networkConfiguration", subnets, [T.subnet]);
  const groupRefs = resolver.many(r, "networkConfiguration", groups, [T.securityGroup, T.defaultSecurityGroup]);
  const taskDefinition = readString(p, "taskDefinition");
  model.services.set(r.urn, {
    urn: r.urn,
    name: r.name,
    fargate: isFargateService(p),
    taskDefinition: resolver.one(r, "taskDefinition", taskDefinition, [T.taskDefinition]),
    taskDefinitionUnknown: taskDefinition === UNKNOWN_FACT,
    subnets: subnetRefs.refs,
    subnetsUnknown: subnetRefs.unknown,
    securityGroups: groupRefs.refs,
    securityGroupsUnknown: groupRefs.unknown,
    assignPublicIp: known(network) ? (readBoolean(network, "assignPublicIp") ?? UNSET.assignPublicIp) : UNKNOWN_FACT,
    enableExecuteCommand: readBoolean(p, "enableExecuteCommand") ?? UNSET.enableExecuteCommand,
    // Unset means LATEST; at a first preview an unset platformVersion is planned unknown.
    platformVersion: unsetByProgram(r, "platformVersion") ? undefined : readString(p, "platformVersion"),
    region: regionOf(p),
    hasNetworkConfiguration: network !== undefined,
    launchType: readString(p, "launchType"),
    capacityProviders: strategyProviders(p),
    cluster: resolver.one(r, "cluster", cluster, [T.cluster]),
    clusterUnknown: cluster === UNKNOWN_FACT,
    desiredCount: readNumber(p, "desiredCount"),
    deploymentMaximumPercent: readNumber(p, "deploymentMaximumPercent") ?? UNSET.deploymentMaximumPercent,
    deploymentController: known(controller)
      ? (readString(controller, "type") ?? UNSET.deploymentController)
      : (controller ?? UNSET.deploymentController),
  });
}

function readCluster(r: StackResource, { model }: BuildState): void {
  model.clusters.set(r.urn, { urn: r.urn, name: readString(r.properties, "name") });
}

/** ClusterCapacityProviders sets the providers associated with the cluster it names (by name). */
function readClusterCapacityProviders(r: StackResource, { model, resolver, later }: BuildState): void {
  later.push(() => {
    const ref = resolver.one(r, "clusterName", readString(r.properties, "clusterName"), [T.cluster]);
    const cluster = ref?.urn ? model.clusters.get(ref.urn) : undefined;
    if (!cluster) return;
    cluster.capacityProviders = readStrings(r.properties, "capacityProviders") ?? [];
    cluster.capacityProvidersDeclaredBy = r.urn;
  });
}

function readEfsMountTarget(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  model.mountTargets.push({
    urn: r.urn,
    fileSystemId: readString(p, "fileSystemId"),
    subnet: resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]),
    securityGroups: resolver.many(r, "securityGroups", readStrings(p, "securityGroups"), [T.securityGroup]).refs,
  });
}

function readFileSystem(r: StackResource, { model }: BuildState): void {
  model.fileSystems.set(r.urn, { urn: r.urn, id: idOf(r.properties), arn: arnOf(r.properties) });
}

/** A FileSystemPolicy replaces the policy of the file system it names (by id). */
const readFileSystemPolicy = policyReplacement("fileSystemId", [T.efsFileSystem], (model) => model.fileSystems);

export const ECS_READERS: ReaderTable = {
  [T.taskDefinition]: readTaskDefinition,
  [T.service]: readService,
  [T.efsMountTarget]: readEfsMountTarget,
  [T.efsFileSystem]: readFileSystem,
  [T.efsFileSystemPolicy]: readFileSystemPolicy,
  [T.cluster]: readCluster,
  [T.clusterCapacityProviders]: readClusterCapacityProviders,
};
