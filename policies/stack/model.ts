/**
 * One typed model of the network and IAM resources of a stack, linked by id/ARN where ids
 * are known (deployed stacks) and by `propertyDependencies` where they are not (first
 * preview). Built once per AnalyzeStack request and shared by every rule.
 */
import type { PolicyDocument } from "../../model";
import { settleResource } from "./planned-state";
import { ReadContext } from "./readers/common";
import { READERS } from "./readers";
import { Resolver } from "./resolver";
import type { StackResource } from "./resources";
import { T } from "./types";
import { Fact, readString } from "./values";

export { Resolver } from "./resolver";

/** What a reference property points to. */
export interface Ref {
  /** The resource in this stack, when it can be told. */
  urn?: string;
  /** The known id / ARN / name, also for resources outside the stack. */
  value?: string;
}

export type RouteTarget =
  | { kind: "igw"; ref: Ref }
  | { kind: "nat"; ref: Ref }
  | { kind: "vpc-endpoint"; ref: Ref }
  | { kind: "other"; what: string; ref: Ref }
  /** A route whose target is gone (state "blackhole"): AWS drops the traffic. */
  | { kind: "blackhole"; what: string }
  | { kind: "unknown" };

export interface RouteEntry {
  /** An IPv4 or IPv6 CIDR; unknown when computed, or when the destination is a prefix list. */
  destination: Fact<string>;
  /** The prefix list the route sends to its target (`destinationPrefixListId`), when it is one. */
  destinationPrefixList?: Ref;
  target: RouteTarget;
  /** The resource that declares the route (route table or aws.ec2.Route). */
  declaredBy: string;
}

export interface Vpc {
  urn: string;
  id?: string;
  cidr: Fact<string> | undefined;
  dnsSupport: Fact<boolean>;
  dnsHostnames: Fact<boolean>;
  /** DNS servers of associated DHCP options, when set in the stack. */
  dnsServers?: Fact<Fact<string>[]>;
  /** The main route table when the stack manages it. */
  mainRouteTable?: Ref;
  dhcpOptionsAssociation?: string;
}

export interface Subnet {
  urn: string;
  id?: string;
  vpc?: Ref;
  az: Fact<string> | undefined;
  cidr: Fact<string> | undefined;
}

export interface RouteTable {
  urn: string;
  id?: string;
  vpc?: Ref;
  routes: RouteEntry[];
  /** Inline routes are computed at preview: which routes exist is not known. */
  routesUnknown: boolean;
}

export interface SubnetRouteTableAssociation {
  urn: string;
  subnet: Ref | undefined;
  routeTable: Ref | undefined;
}

export interface InternetGateway {
  urn: string;
  id?: string;
  vpcs: Ref[];
}

export interface NatGateway {
  urn: string;
  id?: string;
  subnet?: Ref;
  connectivity: Fact<string>;
}

export interface VpcEndpoint {
  urn: string;
  id?: string;
  vpc?: Ref;
  serviceName: Fact<string> | undefined;
  type: Fact<string>;
  privateDns: Fact<boolean>;
  subnets: Ref[];
  securityGroups: Ref[];
  routeTables: Ref[];
  /** Any of the lists above computed at preview with nothing to follow. */
  listsUnknown: string[];
  policy: Fact<PolicyDocument> | undefined;
  policyDeclaredBy?: string;
  /** A gateway endpoint's prefix list (an output): the addresses of its service. */
  prefixListId?: Fact<string>;
}

/** A managed prefix list of the stack, or one read with ManagedPrefixList.get. */
export interface ManagedPrefixList {
  urn: string;
  id?: string;
  name: Fact<string> | undefined;
  cidrs: Fact<string>[];
  /** Its entries (inline or separate entry resources) are computed at preview. */
  entriesUnknown: boolean;
}

export interface SecurityGroupRule {
  direction: "ingress" | "egress";
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrs: Fact<string>[];
  /** Prefix lists by id, or by the resource (gateway endpoint, managed prefix list) the id comes from. */
  prefixLists: Ref[];
  groups: Ref[];
  self: boolean;
  /** A part of the rule (ports, peers) is not known at preview. */
  unknown: boolean;
  declaredBy: string;
}

export interface SecurityGroup {
  urn: string;
  id?: string;
  vpc?: Ref;
  rules: SecurityGroupRule[];
  /** Inline rule blocks are computed at preview. */
  rulesUnknown: boolean;
}

export interface NetworkAclRule {
  egress: boolean;
  ruleNumber: number;
  protocol: string;
  allow: boolean;
  cidr: Fact<string> | undefined;
  fromPort: number;
  toPort: number;
  declaredBy: string;
}

export interface NetworkAcl {
  urn: string;
  id?: string;
  vpc?: Ref;
  subnets: Ref[];
  rules: NetworkAclRule[];
  rulesUnknown: boolean;
  isDefault: boolean;
}

export interface InlinePolicy {
  name: string;
  document: Fact<PolicyDocument> | undefined;
  declaredBy: string;
}

export interface Role {
  urn: string;
  id?: string;
  arn?: string;
  name: Fact<string> | undefined;
  trust: Fact<PolicyDocument> | undefined;
  inlinePolicies: InlinePolicy[];
  /** ARNs of attached managed policies (AWS managed or customer managed), with their source. */
  attachedPolicies: { arn: Fact<string>; policy?: Ref; declaredBy: string }[];
  /** The managed policy set as permissions boundary; undefined: none (it caps nothing). */
  permissionsBoundary?: { arn: Fact<string>; policy?: Ref };
}

export interface CustomerPolicy {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  document: Fact<PolicyDocument> | undefined;
}

export interface Secret {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  kmsKey?: Ref;
  region?: string;
  /** Its resource policy (Secret.policy or a SecretPolicy); undefined: none. */
  policy?: Fact<PolicyDocument>;
}

export interface Parameter {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  type: Fact<string> | undefined;
  kmsKey?: Ref;
  region?: string;
}

export interface KmsKey {
  urn: string;
  arn?: string;
  keyId?: string;
  /** Its key policy (Key.policy or a KeyPolicy); undefined: AWS's default key policy (the account may use it through IAM). */
  policy?: Fact<PolicyDocument>;
}

export interface LogGroup {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  region?: string;
}

export interface Repository {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  url?: string;
  /** Its repository policy (a RepositoryPolicy); undefined: none (only its own account may pull). */
  policy?: Fact<PolicyDocument>;
}

export interface TaskDefinition {
  urn: string;
  arn?: string;
  family: Fact<string> | undefined;
  containerDefinitions: Fact<string | unknown[]> | undefined;
  /** URNs the container definitions were computed from (images, log groups, secrets...). */
  containerDefinitionSources: string[];
  volumes: Fact<unknown[]> | undefined;
  executionRole?: Ref;
  executionRoleUnknown: boolean;
  taskRole?: Ref;
  taskRoleUnknown: boolean;
  region?: string;
}

export interface EcsService {
  urn: string;
  name: string;
  /** Runs on Fargate: launch type FARGATE or a FARGATE / FARGATE_SPOT capacity provider. */
  fargate: Fact<boolean>;
  taskDefinition?: Ref;
  taskDefinitionUnknown: boolean;
  subnets: Ref[];
  subnetsUnknown: boolean;
  securityGroups: Ref[];
  securityGroupsUnknown: boolean;
  assignPublicIp: Fact<boolean>;
  enableExecuteCommand: Fact<boolean>;
  platformVersion: Fact<string> | undefined;
  region?: string;
  hasNetworkConfiguration: boolean;
}

export interface MountTarget {
  urn: string;
  fileSystemId: Fact<string> | undefined;
  subnet?: Ref;
  securityGroups: Ref[];
}

export interface StackModel {
  resources: Map<string, StackResource>;
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
  routeTables: Map<string, RouteTable>;
  subnetAssociations: SubnetRouteTableAssociation[];
  internetGateways: Map<string, InternetGateway>;
  natGateways: Map<string, NatGateway>;
  endpoints: Map<string, VpcEndpoint>;
  prefixLists: Map<string, ManagedPrefixList>;
  securityGroups: Map<string, SecurityGroup>;
  networkAcls: Map<string, NetworkAcl>;
  roles: Map<string, Role>;
  policies: Map<string, CustomerPolicy>;
  secrets: Map<string, Secret>;
  parameters: Map<string, Parameter>;
  kmsKeys: Map<string, KmsKey>;
  logGroups: Map<string, LogGroup>;
  repositories: Map<string, Repository>;
  taskDefinitions: Map<string, TaskDefinition>;
  services: Map<string, EcsService>;
  mountTargets: MountTarget[];
  /** aws.ec2.Route resources whose route table is computed at preview with nothing to follow. */
  unplacedRoutes: string[];
  /**
   * Inline role policies whose role is not a role of this stack that can be told (computed at
   * preview with no dependency on one, or outside the stack): IAM still checks their documents.
   */
  detachedRolePolicies: { urn: string; document: Fact<PolicyDocument> | undefined }[];
}

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
    taskDefinitions: new Map(),
    services: new Map(),
    mountTargets: [],
    unplacedRoutes: [],
    detachedRolePolicies: [],
  };
  // Resources that add to others (routes, rules, attachments) are applied after every owner exists.
  const later: (() => void)[] = [];
  const vpcRef = (r: StackResource) => resolver.one(r, "vpcId", readString(r.props, "vpcId"), [T.vpc]);

  const context: ReadContext = { model, resolver, resources, later, vpcRef };
  for (const r of resourceList) {
    READERS[r.type]?.(r, context);
  }
  for (const apply of later) apply();
  return model;
}
