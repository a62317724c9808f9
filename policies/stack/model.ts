/**
 * One typed model of the network and IAM resources of a stack, linked by id/ARN where ids
 * are known (deployed stacks) and by `propertyDependencies` where they are not (first
 * preview). Built once per AnalyzeStack request by buildStackModel (./build.ts) and shared
 * by every rule. Declarations only.
 */
import type { PolicyDocument } from "../../model";
import type { SettledResource } from "./settle";
import type { Fact } from "./values";

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
  /** The role's path (`/` by default): with the name and account it makes the role's ARN. */
  path: Fact<string> | undefined;
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

/** A resource's tags as the stack tells them. */
export interface Tags {
  /** The tags the program gives the resource (`tags`); a value may be computed. */
  given: Fact<Record<string, Fact<string>>> | undefined;
  /** Every tag, the provider's default tags included (`tagsAll`), when known. */
  all?: Record<string, string>;
}

export interface Secret {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  kmsKey?: Ref;
  region?: string;
  /** Its resource policy (Secret.policy or a SecretPolicy); undefined: none. */
  policy?: Fact<PolicyDocument>;
  tags: Tags;
}

export interface Parameter {
  urn: string;
  arn?: string;
  name: Fact<string> | undefined;
  type: Fact<string> | undefined;
  kmsKey?: Ref;
  region?: string;
  tags: Tags;
}

export interface KmsKey {
  urn: string;
  arn?: string;
  keyId?: string;
  /** Its key policy (Key.policy or a KeyPolicy); undefined: AWS's default key policy (the account may use it through IAM). */
  policy?: Fact<PolicyDocument>;
  /** The KeyPolicy resource that sets the policy, when one does (the resource to change). */
  policyDeclaredBy?: string;
  tags: Tags;
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

/** An ECR pull-through cache rule of the stack (aws.ecr.PullThroughCacheRule). */
export interface CacheRuleResource {
  urn: string;
  /** `ecrRepositoryPrefix`. */
  prefix: Fact<string> | undefined;
  upstreamRegistryUrl: Fact<string> | undefined;
  region?: string;
  /** Created by this update (it has no id yet): nothing has been pulled through it, so its cache is empty. */
  created: boolean;
}

/** The ECR registry's permissions policy (aws.ecr.RegistryPolicy), of the region it is in. */
export interface RegistryPolicy {
  urn: string;
  region?: string;
  policy: Fact<PolicyDocument> | undefined;
}

export interface TaskDefinition {
  urn: string;
  arn?: string;
  family: Fact<string> | undefined;
  containerDefinitions: Fact<string | unknown[]> | undefined;
  /** The engine or the state marks the container definitions secret. */
  containerDefinitionsSecret?: boolean;
  /** URNs the container definitions were computed from (images, log groups, secrets...). */
  containerDefinitionSources: string[];
  volumes: Fact<unknown[]> | undefined;
  executionRole?: Ref;
  executionRoleUnknown: boolean;
  taskRole?: Ref;
  taskRoleUnknown: boolean;
  region?: string;
  /** `requiresCompatibilities`; undefined: unset (EC2 only). */
  compatibilities: Fact<Fact<string>[]> | undefined;
  /** Task-level `cpu` and `memory` as written (units or "1 vCPU", MiB or "2 GB"); undefined: unset. */
  cpu: Fact<string> | undefined;
  memory: Fact<string> | undefined;
  /** `networkMode`; undefined: unset (AWS's default is bridge on Linux). */
  networkMode: Fact<string> | undefined;
  /** `runtimePlatform`: unset fields mean LINUX and X86_64. */
  operatingSystemFamily: Fact<string> | undefined;
  cpuArchitecture: Fact<string> | undefined;
  /** `ephemeralStorage.sizeInGiB`; undefined: unset (20 GiB). */
  ephemeralStorageGiB: Fact<number> | undefined;
  /** Task-level parameters Fargate refuses that the task definition sets (ipcMode, pidMode host, ...). */
  fargateRefusedSettings: string[];
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
  /** Set by the program; undefined: unset, so AWS runs LATEST. */
  platformVersion: Fact<string> | undefined;
  region?: string;
  hasNetworkConfiguration: boolean;
  launchType: Fact<string> | undefined;
  /** The capacity providers of `capacityProviderStrategies`; undefined: none. */
  capacityProviders: Fact<Fact<string>[]> | undefined;
  cluster?: Ref;
  clusterUnknown: boolean;
  /** Unset: 0 tasks. */
  desiredCount: Fact<number> | undefined;
  deploymentMaximumPercent: Fact<number> | undefined;
  /** `deploymentController.type`: ECS (rolling), CODE_DEPLOY or EXTERNAL. */
  deploymentController: Fact<string> | undefined;
}

export interface Cluster {
  urn: string;
  name: Fact<string> | undefined;
  /** What `aws.ecs.ClusterCapacityProviders` associates with it; undefined: no such resource in the stack. */
  capacityProviders?: Fact<Fact<string>[]>;
  capacityProvidersDeclaredBy?: string;
}

/** A value set for a secret by `aws.secretsmanager.SecretVersion`. Its `value` is secret: never print any part of it. */
export interface SecretVersion {
  urn: string;
  secret?: Ref;
  /** `secretString`; undefined: none (binary, or write-only `secretStringWo`, which no state holds). */
  value: Fact<string> | undefined;
  writeOnly: boolean;
  stages: Fact<Fact<string>[]> | undefined;
}

export interface EfsFileSystem {
  urn: string;
  id?: string;
  arn?: string;
  /** Its file system policy (an `aws.efs.FileSystemPolicy`); undefined: none, so EFS's default policy applies. */
  policy?: Fact<PolicyDocument>;
  policyDeclaredBy?: string;
}

/** An image the program builds (docker.Image, docker-build.Image), with the platforms it is built for. */
export interface BuiltImage {
  urn: string;
  /** `linux/amd64`-style platforms; undefined: not set (the machine running the build decides). */
  platforms: Fact<Fact<string>[]> | undefined;
}

export interface MountTarget {
  urn: string;
  fileSystemId: Fact<string> | undefined;
  subnet?: Ref;
  securityGroups: Ref[];
}

export interface StackModel {
  /** Every resource of the request, settled (./settle.ts), by URN. */
  resources: Map<string, SettledResource>;
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
  cacheRules: Map<string, CacheRuleResource>;
  registryPolicies: RegistryPolicy[];
  taskDefinitions: Map<string, TaskDefinition>;
  services: Map<string, EcsService>;
  clusters: Map<string, Cluster>;
  secretVersions: SecretVersion[];
  fileSystems: Map<string, EfsFileSystem>;
  builtImages: Map<string, BuiltImage>;
  /** `aws.iam.ServiceLinkedRole` resources by AWS service name (`ecs.amazonaws.com`). */
  serviceLinkedRoles: Map<string, string>;
  mountTargets: MountTarget[];
  /** aws.ec2.Route resources whose route table is computed at preview with nothing to follow. */
  unplacedRoutes: string[];
  /**
   * Inline role policies whose role is not a role of this stack that can be told (computed at
   * preview with no dependency on one, or outside the stack): IAM still checks their documents.
   */
  detachedRolePolicies: { urn: string; document: Fact<PolicyDocument> | undefined }[];
}
