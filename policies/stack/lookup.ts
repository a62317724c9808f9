/**
 * Indexes over a stack model, built once per model on first use, so the per-service analysis
 * finds a subnet's route table, network ACL, or a service's endpoints without scanning every
 * resource again (that scan made 100,000 resources quadratic).
 */
import { isUnknown } from "../../model";
import { known } from "./values";
import type {
  NetworkAcl,
  Parameter,
  Ref,
  Repository,
  Secret,
  StackModel,
  SubnetRouteTableAssociation,
  VpcEndpoint,
} from "./model";

export interface ModelLookup {
  associationsBySubnet: Map<string, SubnetRouteTableAssociation>;
  /** An association whose subnet is computed at preview with nothing to follow. */
  undecidedAssociation?: SubnetRouteTableAssociation;
  aclsBySubnet: Map<string, NetworkAcl>;
  defaultAclsByVpc: Map<string, NetworkAcl>;
  /** By `<vpc key>\u0000<service name>` (the VPC by URN and by id). */
  endpointsByVpcAndService: Map<string, VpcEndpoint[]>;
  /** Endpoints whose VPC or service name is computed at preview: they may serve any task. */
  endpointsUndecided: VpcEndpoint[];
  secretsByKey: Map<string, Secret>;
  parametersByKey: Map<string, Parameter>;
  /** By ARN and by `name:<repository name>`. */
  repositoriesByKey: Map<string, Repository>;
}

/** Every key a reference can be matched by: its URN, its id, and the id of the resource behind the URN. */
export function refKeys(model: StackModel, ref: Ref | undefined): string[] {
  if (!ref) return [];
  const keys: string[] = [];
  if (ref.urn) {
    keys.push(ref.urn);
    const id = model.resources.get(ref.urn)?.properties.id;
    // An id still unknown (a resource being created) is the same sentinel for every resource: no key.
    if (typeof id === "string" && !isUnknown(id)) keys.push(id);
  }
  if (ref.value && !isUnknown(ref.value)) keys.push(ref.value);
  return keys;
}

function addFirst<V>(map: Map<string, V>, keys: string[], value: V): void {
  for (const key of keys) if (!map.has(key)) map.set(key, value);
}

const cache = new WeakMap<StackModel, ModelLookup>();

export function lookup(model: StackModel): ModelLookup {
  const cached = cache.get(model);
  if (cached) return cached;
  const result: ModelLookup = {
    associationsBySubnet: new Map(),
    aclsBySubnet: new Map(),
    defaultAclsByVpc: new Map(),
    endpointsByVpcAndService: new Map(),
    endpointsUndecided: [],
    secretsByKey: new Map(),
    parametersByKey: new Map(),
    repositoriesByKey: new Map(),
  };
  for (const association of model.subnetAssociations) {
    const keys = refKeys(model, association.subnet);
    if (keys.length === 0) result.undecidedAssociation ??= association;
    addFirst(result.associationsBySubnet, keys, association);
  }
  for (const acl of model.networkAcls.values()) {
    for (const subnet of acl.subnets) addFirst(result.aclsBySubnet, refKeys(model, subnet), acl);
    if (acl.isDefault) addFirst(result.defaultAclsByVpc, refKeys(model, acl.vpc), acl);
  }
  for (const endpoint of model.endpoints.values()) {
    const vpcKeys = refKeys(model, endpoint.vpc);
    if (!known(endpoint.serviceName) || vpcKeys.length === 0) {
      result.endpointsUndecided.push(endpoint);
      continue;
    }
    for (const vpcKey of new Set(vpcKeys)) {
      const key = `${vpcKey}\u0000${endpoint.serviceName}`;
      const list = result.endpointsByVpcAndService.get(key);
      if (list) list.push(endpoint);
      else result.endpointsByVpcAndService.set(key, [endpoint]);
    }
  }
  for (const secret of model.secrets.values()) {
    if (secret.arn) addFirst(result.secretsByKey, [secret.arn, secret.arn.replace(/-[A-Za-z0-9]{6}$/, "")], secret);
    if (known(secret.name)) addFirst(result.secretsByKey, [`name:${secret.name}`], secret);
  }
  for (const parameter of model.parameters.values()) {
    if (parameter.arn) addFirst(result.parametersByKey, [parameter.arn], parameter);
    if (known(parameter.name))
      addFirst(
        result.parametersByKey,
        [`name:${parameter.name.startsWith("/") ? parameter.name : `/${parameter.name}`}`],
        parameter,
      );
  }
  for (const repository of model.repositories.values()) {
    if (repository.arn) addFirst(result.repositoriesByKey, [repository.arn], repository);
    if (known(repository.name)) addFirst(result.repositoriesByKey, [`name:${repository.name}`], repository);
  }
  cache.set(model, result);
  return result;
}
