/**
 * Reachability: from a task ENI in one subnet, with the service's security groups, to one AWS
 * service (through a VPC endpoint or the internet) or to an internet host. Each check answers
 * reachable / unreachable / unknown and names the path, the missing link or the unknown fact.
 */
import {
  ANYWHERE,
  AWS_SERVICES,
  AwsServiceKey,
  cidrContains,
  endpointServiceName,
  evaluateRequest,
  IamRequirement,
  isUnknown,
} from "../../model";
import type {
  EcsService,
  NetworkAcl,
  Ref,
  RouteEntry,
  RouteTable,
  SecurityGroup,
  StackModel,
  Subnet,
  Vpc,
  VpcEndpoint,
} from "../stack/model";
import { lookup, refKeys } from "../stack/lookup";
import { Fact, known, UNKNOWN_VALUE } from "../stack/values";

export type Status = "reachable" | "unreachable" | "unknown";

export interface Reach {
  status: Status;
  /** The path taken, when reachable. */
  path?: string;
  /** The missing link (unreachable) or the fact that cannot be known (unknown). */
  missing?: string;
  /** The resource to change, when it is not the service itself. */
  fixAt?: string;
  /** What to change. */
  fix?: string;
  /** The path is simply not there (no endpoint, no default route), rather than broken on the way. */
  absent?: boolean;
  /** When no endpoint and no internet path exist: what is missing on the internet side. */
  alternative?: string;
  /** A cause with a rule of its own (reported once per service, not once per need). */
  cause?: "public-ip" | "nat-placement";
}

const reachable = (path: string): Reach => ({ status: "reachable", path });
const unreachable = (missing: string, fix: string, fixAt?: string): Reach => ({
  status: "unreachable",
  missing,
  fix,
  fixAt,
});
const unknown = (missing: string, fixAt?: string): Reach => ({ status: "unknown", missing, fixAt });

/** Where one task ENI sits: the subnet, its VPC, and the service's security groups. */
export interface Placement {
  service: EcsService;
  subnet: Subnet;
  vpc?: Vpc;
  /** The VPC's id or URN, for matching endpoints also when the VPC is outside the stack. */
  vpcKey?: string;
  taskGroups: SecurityGroup[];
  /** Why the task security groups are not all known (outside the stack, computed). */
  taskGroupsUnknown?: string;
  region: string;
}

export function label(model: StackModel, urn: string | undefined, fallback = "?"): string {
  if (!urn) return fallback;
  const resource = model.resources.get(urn);
  const id = resource?.props.id;
  const name = typeof id === "string" && !isUnknown(id) ? `${resource!.name} (${id})` : (resource?.name ?? urn);
  // A fact from context says where it came from: "acme-tasks-a (rtb-0abc) from stack acme/network/prod".
  return resource?.origin ? `${name} from ${resource.origin}` : name;
}

function refKey(ref: Ref | undefined): string | undefined {
  return ref?.urn ?? ref?.value;
}

/** Two references to the same resource: by URN, or by the id behind either (the one key set lookups use). */
function sameRef(a: Ref | undefined, b: Ref | undefined, model: StackModel): boolean {
  const keys = new Set(refKeys(model, a));
  return refKeys(model, b).some((key) => keys.has(key));
}

// ---------------------------------------------------------------- routes

export type RouteTableLookup = { table?: RouteTable; implicitMain?: boolean; unknown?: string };

export function routeTableForSubnet(model: StackModel, subnet: Subnet): RouteTableLookup {
  const { associationsBySubnet, undecidedAssociation } = lookup(model);
  const association = [subnet.urn, subnet.id]
    .map((key) => (key ? associationsBySubnet.get(key) : undefined))
    .find((found) => found);
  if (association) {
    const table = association.routeTable?.urn ? model.routeTables.get(association.routeTable.urn) : undefined;
    if (table) return { table };
    return {
      unknown: `subnet ${label(model, subnet.urn)} is associated with route table ${association.routeTable?.value ?? "(computed)"}, which is not in this stack`,
    };
  }
  if (undecidedAssociation) {
    return {
      unknown: `the subnet of route table association ${label(model, undecidedAssociation.urn)} is computed at preview; it may be subnet ${label(model, subnet.urn)}`,
    };
  }
  const vpc = subnet.vpc?.urn ? model.vpcs.get(subnet.vpc.urn) : undefined;
  if (!vpc)
    return {
      unknown: `subnet ${label(model, subnet.urn)} has no route table association in this stack and its VPC is not in it`,
    };
  if (vpc.mainRouteTable) {
    const table = vpc.mainRouteTable.urn ? model.routeTables.get(vpc.mainRouteTable.urn) : undefined;
    return table ? { table } : { unknown: `the main route table of VPC ${label(model, vpc.urn)} is not in this stack` };
  }
  // No association and no managed main route table: AWS's main route table has only the local route.
  return { implicitMain: true };
}

function defaultRoute(model: StackModel, table: RouteTable): RouteEntry | "unknown" | undefined {
  const exact = table.routes.find((route) => route.destination === ANYWHERE);
  if (exact) return exact;
  if (table.routesUnknown || table.routes.some((route) => route.destination === UNKNOWN_VALUE)) return "unknown";
  // A route whose table is computed at preview may be this table's default route.
  if (model.unplacedRoutes.length > 0) return "unknown";
  return undefined;
}

function igwAttachedTo(
  model: StackModel,
  igwRef: Ref,
  vpcKey: string | undefined,
  vpc: Vpc | undefined,
): Fact<boolean> {
  const igw = igwRef.urn ? model.internetGateways.get(igwRef.urn) : undefined;
  if (!igw) return UNKNOWN_VALUE; // An igw-... id outside the stack.
  if (igw.vpcs.length === 0) return false;
  if (igw.vpcs.some((ref) => !ref.urn && !ref.value)) return UNKNOWN_VALUE; // Attached to a VPC computed at preview.
  if (vpcKey === undefined && !vpc) return UNKNOWN_VALUE; // The subnet's VPC is computed at preview.
  return igw.vpcs.some(
    (ref) => ref.urn === vpcKey || ref.value === vpcKey || (vpc?.id !== undefined && ref.value === vpc.id),
  );
}

function natReachesInternet(model: StackModel, natRef: Ref): Reach {
  const nat = natRef.urn ? model.natGateways.get(natRef.urn) : undefined;
  const name = label(model, natRef.urn, natRef.value);
  if (!nat) return unknown(`NAT gateway ${name} is not in this stack`);
  if (nat.connectivity === "private") {
    return {
      ...unreachable(
        `NAT gateway ${name} is a private NAT gateway: it does not reach the internet`,
        'use connectivityType "public"',
        nat.urn,
      ),
      cause: "nat-placement",
    };
  }
  const subnet = nat.subnet?.urn ? model.subnets.get(nat.subnet.urn) : undefined;
  if (!subnet) return unknown(`the subnet of NAT gateway ${name} is not in this stack`, nat.urn);
  const lookup = routeTableForSubnet(model, subnet);
  if (lookup.unknown) return unknown(lookup.unknown, nat.urn);
  const route = lookup.table ? defaultRoute(model, lookup.table) : undefined;
  if (route === "unknown")
    return unknown(`the routes of route table ${label(model, lookup.table?.urn)} are computed at preview`, nat.urn);
  const vpc = subnet.vpc?.urn ? model.vpcs.get(subnet.vpc.urn) : undefined;
  if (route?.target.kind === "igw") {
    const attached = igwAttachedTo(model, route.target.ref, refKey(subnet.vpc), vpc);
    if (attached === false) {
      return unreachable(
        `NAT gateway ${name} routes to internet gateway ${label(model, route.target.ref.urn, route.target.ref.value)}, which is not attached to its VPC`,
        "attach the internet gateway to the VPC",
        route.target.ref.urn,
      );
    }
    if (attached === UNKNOWN_VALUE) {
      return unknown(
        `internet gateway ${route.target.ref.value ?? "(computed)"} of NAT gateway ${name}'s subnet is not in this stack`,
        route.declaredBy,
      );
    }
    return reachable(`NAT gateway ${name} in public subnet ${label(model, subnet.urn)}`);
  }
  return {
    ...unreachable(
      `NAT gateway ${name} sits in subnet ${label(model, subnet.urn)}, whose route table has no 0.0.0.0/0 route to an internet gateway (a NAT gateway must be placed in a public subnet)`,
      "place the NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to an internet gateway)",
      nat.urn,
    ),
    cause: "nat-placement",
  };
}

// ---------------------------------------------------------------- security groups

interface Peer {
  /** Address ranges the traffic goes to / comes from; a rule covering any of them matches. */
  cidrs: Fact<string>[];
  /** Security groups of the peer (URNs or ids). */
  groups: Ref[];
  /** The peer is S3 through a gateway endpoint: a prefix list rule also matches. */
  prefixList?: boolean;
}

type Tri = { result: true } | { result: false; why: string } | { result: "unknown"; why: string };

function portCovered(protocol: string, from: number, to: number, port: number): boolean {
  if (protocol === "-1" || protocol === "all") return true;
  if (protocol !== "tcp" && protocol !== "6") return false;
  return from <= port && port <= to;
}

export function securityGroupsAllow(
  model: StackModel,
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  port: number,
  peer: Peer,
): Tri {
  let unknownWhy: string | undefined;
  for (const group of groups) {
    for (const rule of group.rules) {
      if (rule.direction !== direction) continue;
      if (rule.protocol === "unknown") {
        unknownWhy ??= `a rule of security group ${label(model, group.urn)} is computed at preview`;
        continue;
      }
      if (!portCovered(rule.protocol, rule.fromPort, rule.toPort, port)) continue;
      for (const cidr of rule.cidrs) {
        if (!known(cidr)) {
          unknownWhy ??= `a CIDR of security group ${label(model, group.urn)} is computed at preview`;
          continue;
        }
        if (peer.cidrs.some((target) => known(target) && cidrContains(cidr, target))) return { result: true };
      }
      if (peer.prefixList && rule.prefixLists.length > 0) return { result: true };
      for (const ref of rule.groups) {
        if (peer.groups.some((target) => sameRef(ref, target, model))) return { result: true };
        if (!ref.urn && !ref.value)
          unknownWhy ??= `a source group of security group ${label(model, group.urn)} is computed at preview`;
      }
      if (rule.self && peer.groups.some((target) => target.urn === group.urn)) return { result: true };
      if (rule.unknown) unknownWhy ??= `a rule of security group ${label(model, group.urn)} is computed at preview`;
    }
    if (group.rulesUnknown)
      unknownWhy ??= `the rules of security group ${label(model, group.urn)} are computed at preview`;
  }
  if (unknownWhy) return { result: "unknown", why: unknownWhy };
  const names = groups.map((group) => label(model, group.urn)).join(", ");
  return {
    result: false,
    why: `security group${groups.length > 1 ? "s" : ""} ${names} allow${groups.length > 1 ? "" : "s"} no ${direction} on TCP ${port}`,
  };
}

// ---------------------------------------------------------------- network ACLs

function naclForSubnet(model: StackModel, subnet: Subnet): NetworkAcl | undefined {
  const { aclsBySubnet, defaultAclsByVpc } = lookup(model);
  for (const key of [subnet.urn, subnet.id]) {
    const acl = key ? aclsBySubnet.get(key) : undefined;
    if (acl) return acl;
  }
  // Not associated with a NACL of the stack: the VPC's default NACL, when the stack manages it.
  for (const key of refKeys(model, subnet.vpc)) {
    const acl = defaultAclsByVpc.get(key);
    if (acl) return acl;
  }
  return undefined;
}

/** First matching rule by number decides (NACLs are ordered, stateless, with a final deny). */
function naclDecides(acl: NetworkAcl, egress: boolean, ports: [number, number], peer: Fact<string>[]): Tri {
  const rules = acl.rules.filter((rule) => rule.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const rule of rules) {
    if (rule.protocol === "unknown" || !known(rule.cidr))
      return { result: "unknown", why: "a rule is computed at preview" };
    const protocolHit =
      rule.protocol === "-1" || rule.protocol === "all" || rule.protocol === "tcp" || rule.protocol === "6";
    if (!protocolHit) continue;
    const all = rule.protocol === "-1" || rule.protocol === "all";
    if (!all && !(rule.fromPort <= ports[0] && ports[1] <= rule.toPort)) continue;
    if (!peer.some((cidr) => known(cidr) && cidrContains(rule.cidr as string, cidr))) continue;
    return rule.allow ? { result: true } : { result: false, why: `rule ${rule.ruleNumber} denies it` };
  }
  return { result: false, why: "no rule allows it (the final rule denies all)" };
}

/** Linux picks return ports from 32768-60999; ACLs must let those back in (AWS advises 1024-65535). */
const EPHEMERAL: [number, number] = [32768, 60999];

function naclAllowsTls(
  model: StackModel,
  subnet: Subnet,
  peer: Fact<string>[],
  side: "client" | "server",
): Reach | undefined {
  const acl = naclForSubnet(model, subnet);
  if (!acl) return undefined;
  if (acl.rulesUnknown)
    return unknown(`the rules of network ACL ${label(model, acl.urn)} are computed at preview`, acl.urn);
  const out = naclDecides(acl, true, side === "client" ? [443, 443] : EPHEMERAL, peer);
  const back = naclDecides(acl, false, side === "client" ? EPHEMERAL : [443, 443], peer);
  for (const [tri, what] of [
    [out, side === "client" ? "outbound TCP 443" : "outbound return traffic on ephemeral ports 1024-65535"],
    [back, side === "client" ? "inbound return traffic on ephemeral ports 1024-65535" : "inbound TCP 443"],
  ] as const) {
    if (tri.result === true) continue;
    const message = `network ACL ${label(model, acl.urn)} of subnet ${label(model, subnet.urn)} does not allow ${what} (${tri.why}); network ACLs are stateless`;
    if (tri.result === "unknown") return unknown(message, acl.urn);
    return unreachable(
      message,
      `add ${side === "client" ? "an outbound rule for TCP 443 and an inbound rule for TCP 1024-65535" : "an inbound rule for TCP 443 and an outbound rule for TCP 1024-65535"} for ${peer.filter(known).join(", ") || "the peer"}`,
      acl.urn,
    );
  }
  return undefined;
}

// ---------------------------------------------------------------- paths

function taskGroupsCheck(model: StackModel, placement: Placement, peer: Peer, target: string): Reach | undefined {
  if (placement.taskGroupsUnknown) return unknown(placement.taskGroupsUnknown, placement.service.urn);
  const tri = securityGroupsAllow(model, placement.taskGroups, "egress", 443, peer);
  if (tri.result === true) return undefined;
  const fixAt = placement.taskGroups[0]?.urn ?? placement.service.urn;
  if (tri.result === "unknown") return unknown(tri.why, fixAt);
  return unreachable(
    `${tri.why} to ${target}`,
    `add an egress rule for TCP 443 to ${target} on the task security group`,
    fixAt,
  );
}

export function internetReach(model: StackModel, placement: Placement, destination: string, prefixList = false): Reach {
  const { subnet, vpc } = placement;
  const noDns = dnsOff(model, vpc);
  if (noDns) return noDns;
  const lookup = routeTableForSubnet(model, subnet);
  if (lookup.unknown) return unknown(lookup.unknown, subnet.urn);
  const route = lookup.table ? defaultRoute(model, lookup.table) : undefined;
  const tableName = lookup.table
    ? `route table ${label(model, lookup.table.urn)}`
    : "the VPC's main route table (only the local route)";
  if (route === "unknown") return unknown(`the routes of ${tableName} are computed at preview`, lookup.table?.urn);
  if (!route) {
    return {
      ...unreachable(
        `${tableName} of subnet ${label(model, subnet.urn)} has no 0.0.0.0/0 route (to a NAT gateway or an internet gateway)`,
        "add a NAT gateway route, or VPC endpoints",
        lookup.table?.urn ?? subnet.urn,
      ),
      absent: true,
    };
  }
  let via: Reach;
  switch (route.target.kind) {
    case "igw": {
      const attached = igwAttachedTo(model, route.target.ref, placement.vpcKey, vpc);
      if (attached === false) {
        return unreachable(
          `internet gateway ${label(model, route.target.ref.urn)} is not attached to the VPC`,
          "attach the internet gateway to the task's VPC",
          route.target.ref.urn,
        );
      }
      if (attached === UNKNOWN_VALUE) {
        return unknown(
          `internet gateway ${route.target.ref.value ?? "(computed)"} is not in this stack, so whether it is attached to the VPC cannot be seen`,
          route.declaredBy,
        );
      }
      if (placement.service.assignPublicIp === UNKNOWN_VALUE)
        return unknown("assignPublicIp is computed at preview", placement.service.urn);
      if (placement.service.assignPublicIp !== true) {
        return {
          ...unreachable(
            `subnet ${label(model, subnet.urn)} is public (0.0.0.0/0 to an internet gateway) but the service sets assignPublicIp false: a task without a public IP cannot use an internet gateway`,
            "set networkConfiguration.assignPublicIp: true, or run the tasks in private subnets with a NAT gateway or VPC endpoints",
            placement.service.urn,
          ),
          cause: "public-ip",
        };
      }
      via = reachable(`public IP and internet gateway ${label(model, route.target.ref.urn, route.target.ref.value)}`);
      break;
    }
    case "nat":
      via = natReachesInternet(model, route.target.ref);
      break;
    case "other":
      return unknown(
        `subnet ${label(model, subnet.urn)} sends 0.0.0.0/0 to ${route.target.what}; what lies beyond is outside this stack (declare it with the assumeReachable config)`,
        route.declaredBy,
      );
    case "vpc-endpoint":
      return unknown(
        `subnet ${label(model, subnet.urn)} sends 0.0.0.0/0 to an endpoint (a firewall appliance); what lies beyond is outside this stack (declare it with assumeReachable)`,
        route.declaredBy,
      );
    default:
      return unknown(`the 0.0.0.0/0 route of ${tableName} points at a target computed at preview`, route.declaredBy);
  }
  if (via.status !== "reachable") return via;
  const groups = taskGroupsCheck(
    model,
    placement,
    { cidrs: [ANYWHERE], groups: [], prefixList },
    prefixList ? "0.0.0.0/0 or the S3 prefix list" : "0.0.0.0/0",
  );
  if (groups) return groups;
  const acl = naclAllowsTls(model, subnet, [ANYWHERE], "client");
  if (acl) return acl;
  return reachable(`${via.path} to ${destination}`);
}

/**
 * Endpoints for a service in the task's VPC, and those that may be (their VPC, service name
 * or type is computed at preview), so a missing endpoint is only claimed when none may exist.
 */
function endpointsInVpc(
  model: StackModel,
  placement: Placement,
  serviceName: string,
  type: "Interface" | "Gateway",
): { endpoints: VpcEndpoint[]; possible?: VpcEndpoint } {
  const endpoints: VpcEndpoint[] = [];
  let possible: VpcEndpoint | undefined;
  const { endpointsByVpcAndService, endpointsUndecided } = lookup(model);
  const candidates = new Set(endpointsUndecided);
  for (const vpcKey of [placement.vpcKey, placement.vpc?.id]) {
    for (const endpoint of (vpcKey && endpointsByVpcAndService.get(`${vpcKey}\u0000${serviceName}`)) || [])
      candidates.add(endpoint);
  }
  for (const endpoint of candidates) {
    const typeHit =
      endpoint.type === UNKNOWN_VALUE ? undefined : (endpoint.type === "Gateway") === (type === "Gateway");
    const nameHit = known(endpoint.serviceName) ? endpoint.serviceName === serviceName : undefined;
    const vpcKnown = !!(endpoint.vpc?.urn || endpoint.vpc?.value);
    const vpcHit = vpcKnown
      ? (endpoint.vpc!.urn ?? endpoint.vpc!.value) === placement.vpcKey ||
        (!!endpoint.vpc!.value && placement.vpc?.id === endpoint.vpc!.value)
      : undefined;
    if (typeHit === false || nameHit === false || vpcHit === false) continue;
    if (typeHit && nameHit && vpcHit) endpoints.push(endpoint);
    else possible ??= endpoint;
  }
  return { endpoints, possible };
}

function possiblyAnEndpoint(model: StackModel, endpoint: VpcEndpoint, serviceName: string): Reach {
  return unknown(
    `endpoint ${label(model, endpoint.urn)} may serve ${serviceName} in the task's VPC, but its VPC, service name or type is computed at preview`,
    endpoint.urn,
  );
}

function endpointPolicyAllows(
  model: StackModel,
  endpoint: VpcEndpoint,
  requests: readonly IamRequirement[],
): Reach | undefined {
  if (endpoint.policy === undefined) return undefined; // No policy: full access.
  const at = endpoint.policyDeclaredBy ?? endpoint.urn;
  if (endpoint.policy === UNKNOWN_VALUE)
    return unknown(`the policy of endpoint ${label(model, endpoint.urn)} is computed at preview`, at);
  for (const request of requests) {
    const verdict = evaluateRequest(
      [{ name: `endpoint policy of ${label(model, endpoint.urn)}`, document: endpoint.policy }],
      request,
    );
    if (verdict.decision === "allowed") continue;
    const what = `${request.action} on ${request.resource}`;
    if (verdict.decision === "unknown")
      return unknown(
        `the policy of endpoint ${label(model, endpoint.urn)} may not allow ${what}: ${verdict.reason}`,
        at,
      );
    return unreachable(
      `the policy of endpoint ${label(model, endpoint.urn)} does not allow ${what}${verdict.decision === "explicit-deny" ? ` (denied by ${verdict.policy})` : ""}`,
      `allow ${what} in the endpoint policy`,
      at,
    );
  }
  return undefined;
}

export function interfaceEndpointReach(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
  requests: readonly IamRequirement[],
): Reach {
  const serviceName = endpointServiceName(service, placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Interface");
  if (endpoints.length === 0) {
    if (possible) return possiblyAnEndpoint(model, possible, serviceName);
    return {
      ...unreachable(
        `no interface endpoint for ${serviceName} in the task's VPC`,
        `add an interface endpoint for ${serviceName} (FargateEndpointSet creates it)`,
        placement.service.urn,
      ),
      absent: true,
    };
  }
  const withDns = endpoints.filter((endpoint) => endpoint.privateDns === true);
  if (withDns.length === 0) {
    const dnsUnknown = endpoints.find((endpoint) => endpoint.privateDns === UNKNOWN_VALUE);
    if (dnsUnknown)
      return unknown(
        `privateDnsEnabled of endpoint ${label(model, dnsUnknown.urn)} is computed at preview`,
        dnsUnknown.urn,
      );
    return unreachable(
      `endpoint ${label(model, endpoints[0].urn)} for ${serviceName} has private DNS off, so ${AWS_SERVICES[service].host(placement.region)} still resolves to public addresses${service === "ecr.dkr" ? " (private DNS is mandatory on ecr.dkr)" : ""}`,
      "set privateDnsEnabled: true on the endpoint",
      endpoints[0].urn,
    );
  }
  const endpoint = withDns[0];
  const vpc = placement.vpc;
  if (vpc) {
    for (const [flag, value, property] of [
      ["DNS resolution", vpc.dnsSupport, "enableDnsSupport"],
      ["DNS hostnames", vpc.dnsHostnames, "enableDnsHostnames"],
    ] as const) {
      if (value === UNKNOWN_VALUE)
        return unknown(`${property} of VPC ${label(model, vpc.urn)} is computed at preview`, vpc.urn);
      if (value === false) {
        return unreachable(
          `${flag} (${property}) is off in VPC ${label(model, vpc.urn)}: private DNS of endpoint ${label(model, endpoint.urn)} does not resolve`,
          `set ${property}: true on the VPC`,
          vpc.urn,
        );
      }
    }
  }
  if (endpoint.listsUnknown.includes("subnetIds"))
    return unknown(`the subnets of endpoint ${label(model, endpoint.urn)} are computed at preview`, endpoint.urn);
  if (endpoint.subnets.length === 0)
    return unreachable(
      `endpoint ${label(model, endpoint.urn)} has no subnets, so it has no network interface`,
      "give the endpoint one subnet per Availability Zone the tasks use",
      endpoint.urn,
    );
  const endpointSubnets = endpoint.subnets
    .map((ref) => (ref.urn ? model.subnets.get(ref.urn) : undefined))
    .filter((s): s is Subnet => !!s);
  const endpointRanges: Fact<string>[] = endpointSubnets
    .map((s) => s.cidr)
    .filter((c): c is Fact<string> => c !== undefined);
  if (endpointRanges.length === 0 && vpc?.cidr !== undefined) endpointRanges.push(vpc.cidr);
  const endpointGroups = endpoint.securityGroups.map((ref) =>
    ref.urn ? model.securityGroups.get(ref.urn) : undefined,
  );
  const target = `endpoint ${label(model, endpoint.urn)} (${serviceName})`;
  const egress = taskGroupsCheck(model, placement, { cidrs: endpointRanges, groups: endpoint.securityGroups }, target);
  if (egress) return egress;
  if (endpoint.listsUnknown.includes("securityGroupIds"))
    return unknown(
      `the security groups of endpoint ${label(model, endpoint.urn)} are computed at preview`,
      endpoint.urn,
    );
  if (endpoint.securityGroups.length === 0 || endpointGroups.some((group) => !group)) {
    return unknown(
      `endpoint ${label(model, endpoint.urn)} uses a security group that is not in this stack${endpoint.securityGroups.length === 0 ? " (the VPC's default group)" : ""}`,
      endpoint.urn,
    );
  }
  const taskSource: Peer = {
    cidrs: [placement.subnet.cidr ?? UNKNOWN_VALUE],
    groups: placement.taskGroups.map((group) => ({ urn: group.urn, value: group.id })),
  };
  const ingress = securityGroupsAllow(model, endpointGroups as SecurityGroup[], "ingress", 443, taskSource);
  if (ingress.result === "unknown") return unknown(ingress.why, endpointGroups[0]!.urn);
  if (ingress.result === false) {
    return unreachable(
      `${ingress.why} from the task security group or subnet ${label(model, placement.subnet.urn)}`,
      "allow ingress TCP 443 from the task security group on the endpoint's security group (FargateEndpointSet input taskSecurityGroupIds)",
      endpointGroups[0]!.urn,
    );
  }
  const acl = naclAllowsTls(model, placement.subnet, endpointRanges, "client");
  if (acl) return acl;
  const sameAz = endpointSubnets.find((s) => s.az === placement.subnet.az) ?? endpointSubnets[0];
  if (sameAz) {
    const endpointAcl = naclAllowsTls(model, sameAz, [placement.subnet.cidr ?? UNKNOWN_VALUE], "server");
    if (endpointAcl) return endpointAcl;
  }
  const policy = endpointPolicyAllows(model, endpoint, requests);
  if (policy) return policy;
  return reachable(`interface endpoint ${label(model, endpoint.urn)} with private DNS`);
}

/** DNS resolution off with no custom DNS servers: no AWS host name resolves, whatever the path. */
function dnsOff(model: StackModel, vpc: Vpc | undefined): Reach | undefined {
  if (!vpc || vpc.dnsServers) return undefined;
  if (vpc.dnsSupport === UNKNOWN_VALUE)
    return unknown(`enableDnsSupport of VPC ${label(model, vpc.urn)} is computed at preview`, vpc.urn);
  if (vpc.dnsSupport !== false) return undefined;
  return unreachable(
    `DNS resolution (enableDnsSupport) is off in VPC ${label(model, vpc.urn)}, so no AWS host name resolves`,
    "set enableDnsSupport: true on the VPC",
    vpc.urn,
  );
}

export function gatewayEndpointReach(
  model: StackModel,
  placement: Placement,
  requests: readonly IamRequirement[],
): Reach {
  const noDns = dnsOff(model, placement.vpc);
  if (noDns) return noDns;
  const serviceName = endpointServiceName("s3", placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Gateway");
  const lookup = routeTableForSubnet(model, placement.subnet);
  if (endpoints.length === 0) {
    if (possible) return possiblyAnEndpoint(model, possible, serviceName);
    return {
      ...unreachable(
        `no S3 gateway endpoint (${serviceName}) in the task's VPC`,
        `add an S3 gateway endpoint on the task subnets' route tables (FargateEndpointSet input routeTableIds)`,
        placement.service.urn,
      ),
      absent: true,
    };
  }
  if (lookup.unknown) return unknown(lookup.unknown, placement.subnet.urn);
  if (lookup.implicitMain) {
    return unreachable(
      `subnet ${label(model, placement.subnet.urn)} uses the VPC's implicit main route table, which no S3 gateway endpoint is associated with`,
      "associate the subnet with a route table and add it to the S3 gateway endpoint's routeTableIds",
      placement.subnet.urn,
    );
  }
  const table = lookup.table!;
  const associated = endpoints.find((endpoint) =>
    endpoint.routeTables.some((ref) => sameRef(ref, { urn: table.urn, value: table.id }, model)),
  );
  if (!associated) {
    const computed = endpoints.find((endpoint) => endpoint.listsUnknown.includes("routeTableIds"));
    if (computed)
      return unknown(
        `the route tables of S3 gateway endpoint ${label(model, computed.urn)} are computed at preview`,
        computed.urn,
      );
    return unreachable(
      `S3 gateway endpoint ${label(model, endpoints[0].urn)} is not associated with route table ${label(model, table.urn)} of subnet ${label(model, placement.subnet.urn)}`,
      `add route table ${label(model, table.urn)} to the endpoint's routeTableIds (FargateEndpointSet input routeTableIds)`,
      endpoints[0].urn,
    );
  }
  const groups = taskGroupsCheck(
    model,
    placement,
    { cidrs: [ANYWHERE], groups: [], prefixList: true },
    "the S3 prefix list or 0.0.0.0/0",
  );
  if (groups) return groups;
  const acl = naclAllowsTls(model, placement.subnet, [ANYWHERE], "client");
  if (acl) return acl;
  const policy = endpointPolicyAllows(model, associated, requests);
  if (policy) return policy;
  return reachable(`S3 gateway endpoint ${label(model, associated.urn)} on route table ${label(model, table.urn)}`);
}

/** One AWS service from one placement: an endpoint in the task's region, else the internet. */
export function awsServiceReach(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
  serviceRegion: string,
  requests: readonly IamRequirement[],
): Reach {
  const host = AWS_SERVICES[service].host(serviceRegion);
  if (serviceRegion !== placement.region) {
    const internet = internetReach(model, placement, host);
    if (internet.status !== "unreachable") return internet;
    return {
      ...internet,
      missing: `${host} is in another region (${serviceRegion}), which VPC endpoints do not serve, and ${internet.missing}`,
    };
  }
  const viaEndpoint =
    AWS_SERVICES[service].endpointType === "Gateway"
      ? gatewayEndpointReach(model, placement, requests)
      : interfaceEndpointReach(model, placement, service, requests);
  if (viaEndpoint.status === "reachable") return viaEndpoint;
  const viaInternet = internetReach(model, placement, host, service === "s3");
  if (viaInternet.status === "reachable") return viaInternet;
  if (viaEndpoint.status === "unknown") return viaEndpoint;
  if (viaInternet.status === "unknown") return viaInternet;
  // A broken internet path with a rule of its own (no public IP, misplaced NAT) is the root cause.
  if (viaInternet.cause) return viaInternet;
  // Both fail: a path that exists but is broken on the way is the nearer miss, so it is the one to fix.
  if (!viaEndpoint.absent) return viaEndpoint;
  if (!viaInternet.absent) return viaInternet;
  return {
    status: "unreachable",
    missing: viaEndpoint.missing,
    alternative: viaInternet.missing,
    fix: `${viaEndpoint.fix}; or give the subnet a NAT gateway route`,
    fixAt: viaEndpoint.fixAt,
    absent: true,
  };
}
