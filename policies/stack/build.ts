/**
 * Builds the stack model (./model.ts) from the resources of one AnalyzeStack request: each
 * resource settled first (./settle.ts), read by the reader of its type (./readers), then the
 * resources that add to others (routes, rules, attachments) applied once every owner exists.
 */
import { ownEntry } from "../../model/own";
import { settleResource } from "./settle";
import { BuildState } from "./readers/common";
import { READERS } from "./readers";
import { Resolver } from "./resolver";
import type { StackModel } from "./model";
import type { StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { readString } from "./values";

export function buildStackModel(planned: readonly StackResource[]): StackModel {
  // First preview: unknowns the program did not cause take their create-time values.
  const resourceList = planned.map(settleResource);
  const resources = new Map(resourceList.map((resource) => [resource.urn, resource]));
  const resolver = new Resolver(resources);
  const model: StackModel = {
    resources,
    vpcs: new Map(),
    subnets: new Map(),
    routeTables: new Map(),
    subnetAssociations: [],
    internetGateways: new Map(),
    natGateways: new Map(),
    endpoints: new Map(),
    prefixLists: new Map(),
    securityGroups: new Map(),
    networkAcls: new Map(),
    roles: new Map(),
    policies: new Map(),
    secrets: new Map(),
    parameters: new Map(),
    kmsKeys: new Map(),
    logGroups: new Map(),
    repositories: new Map(),
    cacheRules: new Map(),
    registryPolicies: [],
    taskDefinitions: new Map(),
    services: new Map(),
    clusters: new Map(),
    secretVersions: [],
    fileSystems: new Map(),
    builtImages: new Map(),
    serviceLinkedRoles: new Map(),
    mountTargets: [],
    unplacedRoutes: [],
    detachedRolePolicies: [],
  };
  // Resources that add to others (routes, rules, attachments) are applied after every owner exists.
  const later: (() => void)[] = [];
  const vpcRef = (r: StackResource) => resolver.one(r, "vpcId", readString(r.properties, "vpcId"), [T.vpc]);

  const state: BuildState = { model, resolver, resources, later, vpcRef };
  for (const r of resourceList) {
    // The type is data: a type such as `constructor` must find no reader (model/own.ts).
    ownEntry(READERS, r.type)?.(r, state);
  }
  for (const apply of later) apply();
  return model;
}
