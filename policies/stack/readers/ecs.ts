/**
 * Readers of ECS task definitions and services, and the EFS mount targets their volumes use.
 * Each reads a resource already settled (planned-state.ts): an unset Optional+Computed attribute
 * holds its create-time value from PLANNED_STATE, so "absent" below means "absent after create".
 */
import {
  Fact,
  known,
  readArray,
  readBlocks,
  readBoolean,
  readObject,
  readString,
  readStrings,
  readValue,
  UNKNOWN_VALUE,
} from "../values";
import { arnOf, regionOf, ReadContext, ReaderTable } from "./common";
import type { Properties, StackResource } from "../resources";
import { T } from "../types";

function isFargateService(props: Properties): Fact<boolean> {
  const launchType = readString(props, "launchType");
  if (launchType === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (known(launchType)) return launchType === "FARGATE";
  const strategies = readBlocks(props, "capacityProviderStrategies");
  if (strategies === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (known(strategies) && strategies.length > 0) {
    const providers = strategies.map((strategy) => readString(strategy, "capacityProvider"));
    if (providers.some((provider) => provider === UNKNOWN_VALUE)) return UNKNOWN_VALUE;
    return providers.some((provider) => provider === "FARGATE" || provider === "FARGATE_SPOT");
  }
  // No launch type and no strategy: the cluster's default strategy decides; it may be Fargate.
  return UNKNOWN_VALUE;
}

function readTaskDefinition(r: StackResource, { model, resolver }: ReadContext): void {
  const p = r.props;
  const executionRole = readString(p, "executionRoleArn");
  const taskRole = readString(p, "taskRoleArn");
  const definitions = readValue(p, "containerDefinitions");
  model.taskDefinitions.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    family: readString(p, "family"),
    containerDefinitions:
      definitions === UNKNOWN_VALUE
        ? UNKNOWN_VALUE
        : typeof definitions === "string" || Array.isArray(definitions)
          ? definitions
          : undefined,
    containerDefinitionSources: r.propertyDependencies.containerDefinitions ?? [],
    volumes: readArray(p, "volumes"),
    executionRole: resolver.one(r, "executionRoleArn", executionRole, [T.role]),
    executionRoleUnknown: executionRole === UNKNOWN_VALUE,
    taskRole: resolver.one(r, "taskRoleArn", taskRole, [T.role]),
    taskRoleUnknown: taskRole === UNKNOWN_VALUE,
    region: regionOf(p),
  });
}

function readService(r: StackResource, { model, resolver }: ReadContext): void {
  const p = r.props;
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
    taskDefinitionUnknown: taskDefinition === UNKNOWN_VALUE,
    subnets: subnetRefs.refs,
    subnetsUnknown: subnetRefs.unknown,
    securityGroups: groupRefs.refs,
    securityGroupsUnknown: groupRefs.unknown,
    assignPublicIp: known(network) ? (readBoolean(network, "assignPublicIp") ?? false) : UNKNOWN_VALUE,
    enableExecuteCommand: readBoolean(p, "enableExecuteCommand") ?? false,
    platformVersion: readString(p, "platformVersion"),
    region: regionOf(p),
    hasNetworkConfiguration: network !== undefined,
  });
}

function readEfsMountTarget(r: StackResource, { model, resolver }: ReadContext): void {
  const p = r.props;
  model.mountTargets.push({
    urn: r.urn,
    fileSystemId: readString(p, "fileSystemId"),
    subnet: resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]),
    securityGroups: resolver.many(r, "securityGroups", readStrings(p, "securityGroups"), [T.securityGroup]).refs,
  });
}

export const ECS_READERS: ReaderTable = {
  [T.taskDefinition]: readTaskDefinition,
  [T.service]: readService,
  [T.efsMountTarget]: readEfsMountTarget,
};
