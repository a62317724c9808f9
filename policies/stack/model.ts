/**
 * One typed model of the network and IAM resources of a stack, linked by id/ARN where ids
 * are known (deployed stacks) and by `propertyDependencies` where they are not (first
 * preview). Built once per AnalyzeStack request and shared by every rule.
 */
import { isUnknown, parsePolicyDocument, PolicyDocument } from "../../model";
import type { Properties, StackResource } from "./resources";
import { T } from "./types";
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
  UNKNOWN_VALUE,
} from "./values";

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
}

/** Looks resources up by any known identifier (id, ARN, name), per type. */
class Index {
  private readonly byKey = new Map<string, string[]>();

  add(type: string, key: unknown, urn: string): void {
    if (typeof key !== "string" || key === "" || isUnknown(key)) return;
    const indexKey = `${type}\u0000${key}`;
    const urns = this.byKey.get(indexKey);
    if (urns) urns.push(urn);
    else this.byKey.set(indexKey, [urn]);
  }

  find(types: readonly string[], key: string): string | undefined {
    for (const type of types) {
      const urns = this.byKey.get(`${type}\u0000${key}`);
      if (urns) return urns[0];
    }
    return undefined;
  }
}

/** Keys a resource can be referenced by, per type. */
function identifiers(resource: StackResource): unknown[] {
  const p = resource.props;
  const keys = [p.id, p.arn];
  switch (resource.type) {
    case T.role:
    case T.policy:
    case T.secret:
    case T.parameter:
    case T.logGroup:
    case T.repository:
      keys.push(p.name);
      break;
    case T.kmsKey:
      keys.push(p.keyId);
      break;
    case T.kmsAlias:
      keys.push(p.name, p.arn);
      break;
    case T.defaultRouteTable:
      keys.push(p.defaultRouteTableId);
      break;
    case T.defaultNetworkAcl:
      keys.push(p.defaultNetworkAclId);
      break;
    case T.taskDefinition:
      keys.push(p.arnWithoutRevision, p.family);
      break;
  }
  return keys;
}

export class Resolver {
  readonly index = new Index();
  constructor(readonly resources: Map<string, StackResource>) {
    for (const resource of resources.values()) {
      for (const key of identifiers(resource)) this.index.add(resource.type, key, resource.urn);
    }
  }

  private dependenciesOfType(resource: StackResource, property: string, types: readonly string[]): string[] {
    return (resource.propertyDependencies[property] ?? []).filter((urn) => {
      const type = this.resources.get(urn)?.type;
      return type !== undefined && types.includes(type);
    });
  }

  /**
   * A single reference: by its known value, else by the property's dependencies.
   * `property` is the top-level property whose dependencies to follow (nested values share it).
   */
  one(
    resource: StackResource,
    property: string,
    value: Fact<string> | undefined,
    types: readonly string[],
  ): Ref | undefined {
    if (value === undefined) return undefined;
    if (known(value)) {
      const urn = this.index.find(types, value) ?? this.index.find(types, value.replace(/:\d+$/, ""));
      return { urn, value };
    }
    const candidates = this.dependenciesOfType(resource, property, types);
    return candidates.length === 1 ? { urn: candidates[0] } : {};
  }

  /** A list of references; unknown elements are matched to the property's dependencies not matched by id. */
  many(
    resource: StackResource,
    property: string,
    values: Fact<Fact<string>[]> | undefined,
    types: readonly string[],
  ): { refs: Ref[]; unknown: boolean } {
    if (values === undefined) return { refs: [], unknown: false };
    const candidates = this.dependenciesOfType(resource, property, types);
    if (!known(values)) {
      return candidates.length > 0
        ? { refs: candidates.map((urn) => ({ urn })), unknown: false }
        : { refs: [], unknown: true };
    }
    const refs: Ref[] = [];
    let unknownCount = 0;
    for (const value of values) {
      if (known(value)) refs.push({ urn: this.index.find(types, value), value });
      else unknownCount++;
    }
    const matched = new Set(refs.map((ref) => ref.urn));
    const unmatched = candidates.filter((urn) => !matched.has(urn));
    refs.push(...unmatched.slice(0, unknownCount).map((urn) => ({ urn })));
    return { refs, unknown: unknownCount > unmatched.length };
  }
}

function idOf(props: Properties): string | undefined {
  const id = readString(props, "id");
  return known(id) ? id : undefined;
}

function arnOf(props: Properties): string | undefined {
  const arn = readString(props, "arn");
  return known(arn) ? arn : undefined;
}

function regionOf(props: Properties): string | undefined {
  const region = readString(props, "region");
  return known(region) ? region : undefined;
}

function policyDocument(value: unknown): Fact<PolicyDocument> | undefined {
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (value === undefined || value === null || value === "") return undefined;
  // A document built with pulumi.jsonStringify from unknown ARNs arrives as one unknown string;
  // a document object may hold unknowns inside: those statements are then unknown.
  if (typeof value === "string" && isUnknown(value)) return UNKNOWN_VALUE;
  const document = parsePolicyDocument(value);
  if (!document) return undefined;
  return JSON.stringify(document).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9") ? UNKNOWN_VALUE : document;
}

function portOf(props: Properties, key: string, fallback: number): number | undefined {
  const port = readNumber(props, key);
  if (port === undefined) return fallback;
  return known(port) ? port : undefined;
}

const ROUTE_TARGETS: [key: string, kind: RouteTarget["kind"], types: readonly string[]][] = [
  ["natGatewayId", "nat", [T.natGateway]],
  ["vpcEndpointId", "vpc-endpoint", [T.vpcEndpoint]],
  ["transitGatewayId", "other", []],
  ["networkInterfaceId", "other", []],
  ["vpcPeeringConnectionId", "other", []],
  ["egressOnlyGatewayId", "other", []],
  ["localGatewayId", "other", []],
  ["carrierGatewayId", "other", []],
  ["coreNetworkArn", "other", []],
];

function routeTarget(resolver: Resolver, owner: StackResource, property: string, route: Properties): RouteTarget {
  const gateway = readString(route, "gatewayId");
  if (gateway !== undefined) {
    if (known(gateway) && gateway.startsWith("vpce-")) {
      return { kind: "vpc-endpoint", ref: resolver.one(owner, property, gateway, [T.vpcEndpoint]) ?? {} };
    }
    if (known(gateway) && gateway === "local") return { kind: "other", what: "local", ref: { value: gateway } };
    const ref = resolver.one(owner, property, gateway, [T.internetGateway]) ?? {};
    if (ref.urn || (known(gateway) && gateway.startsWith("igw-"))) return { kind: "igw", ref };
    // A gateway id we cannot place: a virtual private gateway or an unknown IGW.
    return known(gateway) ? { kind: "other", what: `gateway ${gateway}`, ref } : { kind: "unknown" };
  }
  for (const [key, kind, types] of ROUTE_TARGETS) {
    const value = readString(route, key);
    if (value === undefined) continue;
    if (kind === "other")
      return {
        kind,
        what: `${key.replace(/Id$|Arn$/, "")} ${known(value) ? value : "(computed)"}`,
        ref: known(value) ? { value } : {},
      };
    const ref = resolver.one(owner, property, value, types) ?? {};
    if (!ref.urn && !known(value)) return { kind: "unknown" };
    return { kind, ref } as RouteTarget;
  }
  return { kind: "unknown" };
}

/**
 * One route, inline (`routes` of a route table) or an aws.ec2.Route. Its destination is an
 * IPv4 or IPv6 CIDR or a prefix list; a deployed route whose target was deleted has state
 * "blackhole" (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
 */
function routeEntry(resolver: Resolver, owner: StackResource, property: string, route: Properties): RouteEntry {
  const prefixListValue = readString(route, "destinationPrefixListId");
  const destinationPrefixList =
    prefixListValue === undefined
      ? undefined
      : (resolver.one(
          owner,
          "destinationPrefixListId" in route ? "destinationPrefixListId" : property,
          prefixListValue,
          [T.managedPrefixList, T.vpcEndpoint],
        ) ?? {});
  const destination =
    readString(route, "cidrBlock") ??
    readString(route, "destinationCidrBlock") ??
    readString(route, "ipv6CidrBlock") ??
    readString(route, "destinationIpv6CidrBlock") ??
    UNKNOWN_VALUE;
  const state = readString(route, "state");
  return {
    destination,
    destinationPrefixList,
    target:
      state === "blackhole"
        ? { kind: "blackhole", what: `route ${known(destination) ? destination : "(prefix list)"} (state blackhole)` }
        : routeTarget(resolver, owner, property, route),
    declaredBy: owner.urn,
  };
}

/** A list property and its single-valued twin (`cidrBlocks` and `cidrIpv4`) as one list. */
function joinFacts(list: Fact<Fact<string>[]> | undefined, single: Fact<string> | undefined): Fact<string>[] {
  const joined: Fact<string>[] = list === UNKNOWN_VALUE ? [UNKNOWN_VALUE] : [...(list ?? [])];
  if (single !== undefined) joined.push(single);
  return joined;
}

/** Where a prefix list id in a rule or route can come from. */
const PREFIX_LIST_SOURCES = [T.managedPrefixList, T.vpcEndpoint] as const;

function securityGroupRuleFromBlock(
  resolver: Resolver,
  owner: StackResource,
  property: string,
  direction: SecurityGroupRule["direction"],
  block: Properties,
): SecurityGroupRule {
  const protocol = readString(block, "protocol") ?? readString(block, "ipProtocol");
  const fromPort = portOf(block, "fromPort", 0);
  const toPort = portOf(block, "toPort", 65535);
  const cidrs = readStrings(block, "cidrBlocks");
  const single = readString(block, "cidrIpv4");
  // A rule resource has its own property dependencies per field; an inline block shares its owner's.
  const standalone = block === owner.props;
  const prefixLists = resolver.many(
    owner,
    standalone ? "prefixListIds" : property,
    readStrings(block, "prefixListIds"),
    PREFIX_LIST_SOURCES,
  );
  const singlePrefixList = resolver.one(
    owner,
    standalone ? "prefixListId" : property,
    readString(block, "prefixListId"),
    PREFIX_LIST_SOURCES,
  );
  const groupValues = readStrings(block, "securityGroups");
  const singleGroup = readString(block, "sourceSecurityGroupId") ?? readString(block, "referencedSecurityGroupId");
  const groups = resolver.many(owner, property, groupValues, [T.securityGroup, T.defaultSecurityGroup]);
  const groupRef = resolver.one(owner, property, singleGroup, [T.securityGroup, T.defaultSecurityGroup]);
  return {
    direction,
    protocol: known(protocol) ? protocol.toLowerCase() : "unknown",
    fromPort: fromPort ?? 0,
    toPort: toPort ?? 65535,
    cidrs: joinFacts(cidrs, single),
    prefixLists: [...prefixLists.refs, ...(singlePrefixList ? [singlePrefixList] : [])],
    groups: [...groups.refs, ...(groupRef ? [groupRef] : [])],
    self: readBoolean(block, "self") === true,
    unknown:
      !known(protocol) || fromPort === undefined || toPort === undefined || groups.unknown || prefixLists.unknown,
    declaredBy: owner.urn,
  };
}

function networkAclRuleFromBlock(owner: StackResource, egress: boolean, block: Properties): NetworkAclRule {
  const action = readString(block, "action") ?? readString(block, "ruleAction");
  const protocol = readString(block, "protocol");
  return {
    egress,
    ruleNumber: (() => {
      const n = readNumber(block, "ruleNo") ?? readNumber(block, "ruleNumber");
      return known(n) ? n : 0;
    })(),
    protocol: known(protocol) ? protocol.toLowerCase() : "unknown",
    allow: known(action) && action.toLowerCase() === "allow",
    cidr: readString(block, "cidrBlock"),
    fromPort: portOf(block, "fromPort", 0) ?? 0,
    toPort: portOf(block, "toPort", 65535) ?? 65535,
    declaredBy: owner.urn,
  };
}

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

export function buildStackModel(resourceList: readonly StackResource[]): StackModel {
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
  };
  // Resources that add to others (routes, rules, attachments) are applied after every owner exists.
  const later: (() => void)[] = [];
  const vpcRef = (r: StackResource) => resolver.one(r, "vpcId", readString(r.props, "vpcId"), [T.vpc]);

  for (const r of resourceList) {
    const p = r.props;
    switch (r.type) {
      case T.vpc:
        model.vpcs.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          cidr: readString(p, "cidrBlock"),
          // AWS defaults: DNS resolution on; DNS hostnames off for a VPC that is not the default VPC.
          dnsSupport: readBoolean(p, "enableDnsSupport") ?? true,
          dnsHostnames: readBoolean(p, "enableDnsHostnames") ?? false,
        });
        break;
      case T.subnet:
        model.subnets.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          vpc: vpcRef(r),
          az: readString(p, "availabilityZone") ?? readString(p, "availabilityZoneId"),
          cidr: readString(p, "cidrBlock"),
        });
        break;
      case T.routeTable:
      case T.defaultRouteTable: {
        const blocks = readBlocks(p, "routes");
        const table: RouteTable = {
          urn: r.urn,
          id:
            idOf(p) ??
            (known(readString(p, "defaultRouteTableId"))
              ? (readString(p, "defaultRouteTableId") as string)
              : undefined),
          vpc: vpcRef(r),
          routes: known(blocks) ? blocks.map((block) => routeEntry(resolver, r, "routes", block)) : [],
          routesUnknown: blocks === UNKNOWN_VALUE,
        };
        model.routeTables.set(r.urn, table);
        if (r.type === T.defaultRouteTable) {
          const defaultId = readString(p, "defaultRouteTableId");
          later.push(() => {
            // A DefaultRouteTable is the VPC's main route table; find the VPC by its mainRouteTableId.
            for (const vpc of model.vpcs.values()) {
              const main = readString(resources.get(vpc.urn)!.props, "mainRouteTableId");
              const dependsOnVpc = (r.propertyDependencies.defaultRouteTableId ?? []).includes(vpc.urn);
              if ((known(defaultId) && main === defaultId) || dependsOnVpc) {
                vpc.mainRouteTable = { urn: r.urn };
                table.vpc ??= { urn: vpc.urn };
              }
            }
          });
        }
        break;
      }
      case T.route:
        later.push(() => {
          const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [
            T.routeTable,
            T.defaultRouteTable,
          ]);
          const owner = table?.urn ? model.routeTables.get(table.urn) : undefined;
          if (!table?.urn && !table?.value) model.unplacedRoutes.push(r.urn);
          owner?.routes.push(
            routeEntry(
              resolver,
              r,
              Object.keys(r.propertyDependencies).find((key) => key.endsWith("Id") && key !== "routeTableId") ??
                "gatewayId",
              p,
            ),
          );
        });
        break;
      case T.routeTableAssociation: {
        const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
        if (subnet) {
          model.subnetAssociations.push({
            urn: r.urn,
            subnet,
            routeTable: resolver.one(r, "routeTableId", readString(p, "routeTableId"), [
              T.routeTable,
              T.defaultRouteTable,
            ]),
          });
        }
        break;
      }
      case T.mainRouteTableAssociation:
        later.push(() => {
          const vpc = vpcRef(r);
          const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [
            T.routeTable,
            T.defaultRouteTable,
          ]);
          if (vpc?.urn && table) model.vpcs.get(vpc.urn)!.mainRouteTable = table;
        });
        break;
      case T.internetGateway: {
        const vpc = vpcRef(r);
        model.internetGateways.set(r.urn, { urn: r.urn, id: idOf(p), vpcs: vpc ? [vpc] : [] });
        break;
      }
      case T.internetGatewayAttachment:
        later.push(() => {
          const igw = resolver.one(r, "internetGatewayId", readString(p, "internetGatewayId"), [T.internetGateway]);
          const vpc = vpcRef(r);
          if (igw?.urn && vpc) model.internetGateways.get(igw.urn)?.vpcs.push(vpc);
        });
        break;
      case T.natGateway:
        model.natGateways.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          subnet: resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]),
          connectivity: readString(p, "connectivityType") ?? "public",
        });
        break;
      case T.vpcEndpoint: {
        const subnets = resolver.many(r, "subnetIds", readStrings(p, "subnetIds"), [T.subnet]);
        const groups = resolver.many(r, "securityGroupIds", readStrings(p, "securityGroupIds"), [
          T.securityGroup,
          T.defaultSecurityGroup,
        ]);
        const tables = resolver.many(r, "routeTableIds", readStrings(p, "routeTableIds"), [
          T.routeTable,
          T.defaultRouteTable,
        ]);
        model.endpoints.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          vpc: vpcRef(r),
          serviceName: readString(p, "serviceName"),
          type: readString(p, "vpcEndpointType") ?? "Gateway",
          privateDns: readBoolean(p, "privateDnsEnabled") ?? false,
          subnets: subnets.refs,
          securityGroups: groups.refs,
          routeTables: tables.refs,
          listsUnknown: [
            ...(subnets.unknown ? ["subnetIds"] : []),
            ...(groups.unknown ? ["securityGroupIds"] : []),
            ...(tables.unknown ? ["routeTableIds"] : []),
          ],
          policy: policyDocument(readValue(p, "policy")),
          policyDeclaredBy: readValue(p, "policy") === undefined ? undefined : r.urn,
          prefixListId: readString(p, "prefixListId"),
        });
        break;
      }
      case T.vpcEndpointSubnetAssociation:
      case T.vpcEndpointRouteTableAssociation:
      case T.vpcEndpointSecurityGroupAssociation:
      case T.vpcEndpointPolicy:
        later.push(() => {
          const endpointRef = resolver.one(r, "vpcEndpointId", readString(p, "vpcEndpointId"), [T.vpcEndpoint]);
          const endpoint = endpointRef?.urn ? model.endpoints.get(endpointRef.urn) : undefined;
          if (!endpoint) return;
          if (r.type === T.vpcEndpointSubnetAssociation) {
            const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
            if (subnet) endpoint.subnets.push(subnet);
          } else if (r.type === T.vpcEndpointRouteTableAssociation) {
            const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [
              T.routeTable,
              T.defaultRouteTable,
            ]);
            if (table) endpoint.routeTables.push(table);
          } else if (r.type === T.vpcEndpointSecurityGroupAssociation) {
            const group = resolver.one(r, "securityGroupId", readString(p, "securityGroupId"), [
              T.securityGroup,
              T.defaultSecurityGroup,
            ]);
            if (group) endpoint.securityGroups.push(group);
          } else {
            endpoint.policy = policyDocument(readValue(p, "policy"));
            endpoint.policyDeclaredBy = r.urn;
          }
        });
        break;
      case T.managedPrefixList: {
        const entries = readBlocks(p, "entries");
        model.prefixLists.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          name: readString(p, "name"),
          cidrs: known(entries) ? entries.map((entry) => readString(entry, "cidr") ?? UNKNOWN_VALUE) : [],
          entriesUnknown: entries === UNKNOWN_VALUE,
        });
        break;
      }
      case T.managedPrefixListEntry:
        later.push(() => {
          const list = resolver.one(r, "prefixListId", readString(p, "prefixListId"), [T.managedPrefixList]);
          const owner = list?.urn ? model.prefixLists.get(list.urn) : undefined;
          owner?.cidrs.push(readString(p, "cidr") ?? UNKNOWN_VALUE);
        });
        break;
      case T.securityGroup:
      case T.defaultSecurityGroup: {
        const ingress = readBlocks(p, "ingress");
        const egress = readBlocks(p, "egress");
        model.securityGroups.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          vpc: vpcRef(r),
          // The provider removes AWS's default allow-all egress: no egress block means no egress.
          rules: [
            ...(known(ingress)
              ? ingress.map((block) => securityGroupRuleFromBlock(resolver, r, "ingress", "ingress", block))
              : []),
            ...(known(egress)
              ? egress.map((block) => securityGroupRuleFromBlock(resolver, r, "egress", "egress", block))
              : []),
          ],
          rulesUnknown: ingress === UNKNOWN_VALUE || egress === UNKNOWN_VALUE,
        });
        break;
      }
      case T.securityGroupRule:
      case T.securityGroupIngressRule:
      case T.securityGroupEgressRule:
        later.push(() => {
          const groupRef = resolver.one(r, "securityGroupId", readString(p, "securityGroupId"), [
            T.securityGroup,
            T.defaultSecurityGroup,
          ]);
          const group = groupRef?.urn ? model.securityGroups.get(groupRef.urn) : undefined;
          if (!group) return;
          const type = readString(p, "type");
          const direction =
            r.type === T.securityGroupIngressRule
              ? "ingress"
              : r.type === T.securityGroupEgressRule
                ? "egress"
                : type === "egress"
                  ? "egress"
                  : "ingress";
          const peerProperty =
            ["sourceSecurityGroupId", "referencedSecurityGroupId"].find((key) => key in p) ?? "sourceSecurityGroupId";
          const rule = securityGroupRuleFromBlock(resolver, r, peerProperty, direction, p);
          if (r.type === T.securityGroupRule && !known(type)) rule.unknown = true;
          group.rules.push(rule);
        });
        break;
      case T.networkAcl:
      case T.defaultNetworkAcl: {
        const ingress = readBlocks(p, "ingress");
        const egress = readBlocks(p, "egress");
        const subnets = resolver.many(r, "subnetIds", readStrings(p, "subnetIds"), [T.subnet]);
        model.networkAcls.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          vpc: vpcRef(r),
          subnets: subnets.refs,
          rules: [
            ...(known(ingress) ? ingress.map((block) => networkAclRuleFromBlock(r, false, block)) : []),
            ...(known(egress) ? egress.map((block) => networkAclRuleFromBlock(r, true, block)) : []),
          ],
          rulesUnknown: ingress === UNKNOWN_VALUE || egress === UNKNOWN_VALUE || subnets.unknown,
          isDefault: r.type === T.defaultNetworkAcl,
        });
        break;
      }
      case T.networkAclRule:
      case T.networkAclAssociation:
        later.push(() => {
          const aclRef = resolver.one(r, "networkAclId", readString(p, "networkAclId"), [
            T.networkAcl,
            T.defaultNetworkAcl,
          ]);
          const acl = aclRef?.urn ? model.networkAcls.get(aclRef.urn) : undefined;
          if (!acl) return;
          if (r.type === T.networkAclAssociation) {
            const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
            if (subnet) acl.subnets.push(subnet);
          } else {
            acl.rules.push(networkAclRuleFromBlock(r, readBoolean(p, "egress") === true, p));
          }
        });
        break;
      case T.dhcpOptionsAssociation:
        later.push(() => {
          const vpc = vpcRef(r);
          const options = resolver.one(r, "dhcpOptionsId", readString(p, "dhcpOptionsId"), [T.dhcpOptions]);
          const target = vpc?.urn ? model.vpcs.get(vpc.urn) : undefined;
          if (!target) return;
          target.dhcpOptionsAssociation = r.urn;
          const optionsResource = options?.urn ? resources.get(options.urn) : undefined;
          target.dnsServers = optionsResource
            ? (readStrings(optionsResource.props, "domainNameServers") ?? ["AmazonProvidedDNS"])
            : UNKNOWN_VALUE;
        });
        break;
      case T.role: {
        const inline = readBlocks(p, "inlinePolicies");
        const managed = readStrings(p, "managedPolicyArns");
        model.roles.set(r.urn, {
          urn: r.urn,
          id: idOf(p),
          arn: arnOf(p),
          name: readString(p, "name"),
          trust: policyDocument(readValue(p, "assumeRolePolicy")),
          inlinePolicies: known(inline)
            ? inline.map((block) => {
                const name = readString(block, "name");
                return {
                  name: known(name) ? name : "inline",
                  document: policyDocument(readValue(block, "policy")),
                  declaredBy: r.urn,
                };
              })
            : inline === UNKNOWN_VALUE
              ? [{ name: "inlinePolicies", document: UNKNOWN_VALUE, declaredBy: r.urn }]
              : [],
          attachedPolicies: known(managed)
            ? managed.map((arn) => ({ arn, policy: known(arn) ? { value: arn } : undefined, declaredBy: r.urn }))
            : managed === UNKNOWN_VALUE
              ? [{ arn: UNKNOWN_VALUE, declaredBy: r.urn }]
              : [],
        });
        break;
      }
      case T.rolePolicy:
      case T.rolePolicyAttachment:
      case T.policyAttachment:
        later.push(() => {
          const roleRefs =
            r.type === T.policyAttachment
              ? resolver.many(r, "roles", readStrings(p, "roles"), [T.role]).refs
              : [resolver.one(r, "role", readString(p, "role"), [T.role])].filter((ref): ref is Ref => !!ref);
          for (const roleRef of roleRefs) {
            const role = roleRef.urn ? model.roles.get(roleRef.urn) : undefined;
            if (!role) continue;
            if (r.type === T.rolePolicy) {
              const name = readString(p, "name");
              role.inlinePolicies.push({
                name: known(name) ? name : r.name,
                document: policyDocument(readValue(p, "policy")),
                declaredBy: r.urn,
              });
            } else {
              const arn = readString(p, "policyArn") ?? UNKNOWN_VALUE;
              role.attachedPolicies.push({
                arn,
                policy: resolver.one(r, "policyArn", arn, [T.policy]),
                declaredBy: r.urn,
              });
            }
          }
        });
        break;
      case T.policy:
        model.policies.set(r.urn, {
          urn: r.urn,
          arn: arnOf(p),
          name: readString(p, "name"),
          document: policyDocument(readValue(p, "policy")),
        });
        break;
      case T.secret:
        model.secrets.set(r.urn, {
          urn: r.urn,
          arn: arnOf(p),
          name: readString(p, "name") ?? (readString(p, "namePrefix") !== undefined ? UNKNOWN_VALUE : undefined),
          kmsKey: resolver.one(r, "kmsKeyId", readString(p, "kmsKeyId"), [T.kmsKey, T.kmsAlias]),
          region: regionOf(p),
        });
        break;
      case T.parameter:
        model.parameters.set(r.urn, {
          urn: r.urn,
          arn: arnOf(p),
          name: readString(p, "name"),
          type: readString(p, "type"),
          kmsKey: resolver.one(r, "keyId", readString(p, "keyId"), [T.kmsKey, T.kmsAlias]),
          region: regionOf(p),
        });
        break;
      case T.kmsKey: {
        const keyId = readString(p, "keyId");
        model.kmsKeys.set(r.urn, { urn: r.urn, arn: arnOf(p), keyId: known(keyId) ? keyId : undefined });
        break;
      }
      case T.logGroup:
        model.logGroups.set(r.urn, { urn: r.urn, arn: arnOf(p), name: readString(p, "name"), region: regionOf(p) });
        break;
      case T.repository: {
        const url = readString(p, "repositoryUrl");
        model.repositories.set(r.urn, {
          urn: r.urn,
          arn: arnOf(p),
          name: readString(p, "name"),
          url: known(url) ? url : undefined,
        });
        break;
      }
      case T.taskDefinition: {
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
        break;
      }
      case T.service: {
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
        break;
      }
      case T.efsMountTarget:
        model.mountTargets.push({
          urn: r.urn,
          fileSystemId: readString(p, "fileSystemId"),
          subnet: resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]),
          securityGroups: resolver.many(r, "securityGroups", readStrings(p, "securityGroups"), [T.securityGroup]).refs,
        });
        break;
    }
  }
  for (const apply of later) apply();
  return model;
}
