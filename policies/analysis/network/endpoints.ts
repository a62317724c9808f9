/**
 * VPC endpoints. An interface endpoint's private DNS name resolves to its network interfaces,
 * one in each of its subnets, and a task may connect to any of them: each must be reachable
 * (route, security groups both ways, network ACLs of both subnets). The S3 gateway endpoint
 * is a prefix-list route on the route tables it is associated with.
 */
import {
  AWS_SERVICES,
  AwsServiceKey,
  endpointServiceName,
  evaluateRequest,
  IamRequirement,
  Ipv4Range,
  parseCidr,
  prefixLength,
  publicAddressSpace,
} from "../../../model";
import { lookup } from "../../stack/lookup";
import type { Ref, RouteTable, SecurityGroup, StackModel, Subnet, VpcEndpoint } from "../../stack/model";
import { Fact, known, UNKNOWN_VALUE } from "../../stack/values";
import { label } from "../label";
import { dnsOff, taskGroupsCheck } from "./internet";
import { naclAllows } from "./nacls";
import { Placement, Reach, reachable, unknown, unreachable } from "./reach";
import { routesOver, routeTableForSubnet, targetText } from "./routes";
import { Peer, sameRef, securityGroupsAllow } from "./security-groups";

/**
 * Endpoints for a service in the task's VPC, and one that may be (its VPC, service name or
 * type is computed at preview), so a missing endpoint is only claimed when none may exist.
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

function rangesOf(cidr: Fact<string> | undefined): Ipv4Range[] | "unknown" {
  const range = known(cidr) ? parseCidr(cidr) : undefined;
  return range ? [range] : "unknown";
}

/** The interface endpoint's security groups, or why they cannot be read. */
function endpointGroupsOf(model: StackModel, endpoint: VpcEndpoint): SecurityGroup[] | Reach {
  if (endpoint.listsUnknown.includes("securityGroupIds"))
    return unknown(
      `the security groups of endpoint ${label(model, endpoint.urn)} are computed at preview`,
      endpoint.urn,
    );
  const groups = endpoint.securityGroups.map((ref) => (ref.urn ? model.securityGroups.get(ref.urn) : undefined));
  if (groups.length === 0 || groups.some((group) => !group))
    return unknown(
      `endpoint ${label(model, endpoint.urn)} uses a security group that is not in this stack${groups.length === 0 ? " (the VPC's default group)" : ""}`,
      endpoint.urn,
    );
  return groups as SecurityGroup[];
}

/** One network interface of the endpoint: the one in `eniSubnetRef`. */
function interfaceReach(
  model: StackModel,
  placement: Placement,
  endpoint: VpcEndpoint,
  endpointGroups: SecurityGroup[],
  eniSubnetRef: Ref,
): Reach {
  const name = `endpoint ${label(model, endpoint.urn)}`;
  const eniSubnet: Subnet | undefined = eniSubnetRef.urn ? model.subnets.get(eniSubnetRef.urn) : undefined;
  if (!eniSubnet)
    return unknown(
      `subnet ${eniSubnetRef.value ?? "(computed)"} of ${name} is not in this stack, so its network interface there cannot be checked`,
      endpoint.urn,
    );
  const where = `${name}'s interface in subnet ${label(model, eniSubnet.urn)}`;
  const eniRanges = rangesOf(eniSubnet.cidr);
  // Inside the VPC the local route carries the traffic, unless a more specific route sends it to an appliance.
  const vpc = placement.vpc;
  if (vpc && known(vpc.cidr) && eniRanges !== "unknown") {
    const routes = routesOver(
      model,
      placement.prefixLists,
      routeTableForSubnet(model, placement.subnet),
      vpc,
      eniRanges,
    );
    if ("unknown" in routes) return unknown(routes.unknown, placement.subnet.urn);
    for (const choice of routes.choices) {
      if (choice.kind !== "route") continue;
      const text = `the task subnet's route table sends the addresses of ${where} to ${targetText(model, choice.route)}`;
      if (choice.route.target.kind === "blackhole")
        return unreachable(text, "delete the blackhole route", choice.route.declaredBy);
      return unknown(
        `${text}; what lies beyond is outside this stack (declare it with assumeReachable)`,
        choice.route.declaredBy,
      );
    }
  }
  const peer: Peer = { name: where, ranges: eniRanges, groups: endpoint.securityGroups };
  const egress = taskGroupsCheck(model, placement, peer, `${name} (its security group, or its subnets' CIDRs)`);
  if (egress) return egress;
  const taskSide: Peer = {
    name: `the tasks in subnet ${label(model, placement.subnet.urn)}`,
    ranges: rangesOf(placement.subnet.cidr),
    groups: placement.taskGroups.map((group) => ({ urn: group.urn, value: group.id })),
  };
  const ingress = securityGroupsAllow(model, placement.prefixLists, endpointGroups, "ingress", 443, taskSide);
  if (ingress.result === "unknown") return unknown(ingress.why, endpointGroups[0].urn);
  if (ingress.result === false)
    return unreachable(
      `${ingress.why} (on ${where})`,
      "allow ingress TCP 443 from the task security group on the endpoint's security group (FargateEndpointSet input taskSecurityGroupIds)",
      endpointGroups[0].urn,
    );
  // Network ACLs filter traffic only where it crosses a subnet's boundary.
  if (eniSubnet.urn !== placement.subnet.urn) {
    const client = naclAllows(model, placement.subnet, { name: where, ranges: eniRanges }, "client");
    if (client) return client;
    const server = naclAllows(model, eniSubnet, { name: taskSide.name, ranges: taskSide.ranges }, "server");
    if (server) return server;
  }
  return reachable(where);
}

/**
 * A verdict through an endpoint, and whether the endpoint certainly carries the traffic (its
 * private DNS answers for the service's name; its gateway route is on the subnet's table).
 */
export interface EndpointReach {
  reach: Reach;
  onPath: boolean;
  /**
   * When whether the name resolves to the endpoint is unknown (privateDnsEnabled or the VPC's
   * DNS flags computed): the verdict if it does, so another path is only trusted if this one holds too.
   */
  ifResolved?: Reach;
}

export function interfaceEndpointReach(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
  requests: readonly IamRequirement[],
): EndpointReach {
  const before = beforeResolution(model, placement, service);
  if ("reach" in before) {
    const ifResolved = before.mayResolve ? throughInterfaces(model, placement, before.mayResolve, requests) : undefined;
    return { reach: before.reach, onPath: false, ifResolved };
  }
  // Without network interfaces there is nothing for the name to resolve to: another path may still serve.
  const onPath = before.endpoint.subnets.length > 0 || before.endpoint.listsUnknown.includes("subnetIds");
  return { reach: throughInterfaces(model, placement, before.endpoint, requests), onPath };
}

/** Up to name resolution: the endpoint whose private DNS answers for the service, or why there is none. */
function beforeResolution(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
): { reach: Reach; mayResolve?: VpcEndpoint } | { endpoint: VpcEndpoint } {
  const serviceName = endpointServiceName(service, placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Interface");
  if (endpoints.length === 0) {
    if (possible) return { reach: possiblyAnEndpoint(model, possible, serviceName) };
    return {
      reach: unreachable(
        `no interface endpoint for ${serviceName} in the task's VPC`,
        `add an interface endpoint for ${serviceName} (FargateEndpointSet creates it)`,
        placement.service.urn,
        "absent",
      ),
    };
  }
  const withDns = endpoints.filter((endpoint) => endpoint.privateDns === true);
  if (withDns.length === 0) {
    const dnsUnknown = endpoints.find((endpoint) => endpoint.privateDns === UNKNOWN_VALUE);
    if (dnsUnknown)
      return {
        reach: unknown(
          `privateDnsEnabled of endpoint ${label(model, dnsUnknown.urn)} is computed at preview`,
          dnsUnknown.urn,
        ),
        mayResolve: dnsUnknown,
      };
    return {
      reach: unreachable(
        `endpoint ${label(model, endpoints[0].urn)} for ${serviceName} has private DNS off, so ${AWS_SERVICES[service].host(placement.region)} still resolves to public addresses${service === "ecr.dkr" ? " (private DNS is mandatory on ecr.dkr)" : ""}`,
        "set privateDnsEnabled: true on the endpoint",
        endpoints[0].urn,
      ),
    };
  }
  const endpoint = withDns[0];
  const vpc = placement.vpc;
  if (vpc) {
    for (const [flag, value, property] of [
      ["DNS resolution", vpc.dnsSupport, "enableDnsSupport"],
      ["DNS hostnames", vpc.dnsHostnames, "enableDnsHostnames"],
    ] as const) {
      if (value === UNKNOWN_VALUE)
        return {
          reach: unknown(`${property} of VPC ${label(model, vpc.urn)} is computed at preview`, vpc.urn),
          mayResolve: endpoint,
        };
      if (value === false) {
        return {
          reach: unreachable(
            `${flag} (${property}) is off in VPC ${label(model, vpc.urn)}: private DNS of endpoint ${label(model, endpoint.urn)} does not resolve`,
            `set ${property}: true on the VPC`,
            vpc.urn,
          ),
        };
      }
    }
  }
  return { endpoint };
}

/** From name resolution on: every network interface of the endpoint, then its policy. */
function throughInterfaces(
  model: StackModel,
  placement: Placement,
  endpoint: VpcEndpoint,
  requests: readonly IamRequirement[],
): Reach {
  if (endpoint.listsUnknown.includes("subnetIds"))
    return unknown(`the subnets of endpoint ${label(model, endpoint.urn)} are computed at preview`, endpoint.urn);
  if (endpoint.subnets.length === 0)
    return unreachable(
      `endpoint ${label(model, endpoint.urn)} has no subnets, so it has no network interface`,
      "give the endpoint one subnet per Availability Zone the tasks use",
      endpoint.urn,
    );
  const groups = endpointGroupsOf(model, endpoint);
  if (!Array.isArray(groups)) {
    // The task side can still be proven broken without the endpoint's groups.
    const egress = taskGroupsCheck(
      model,
      placement,
      { name: `endpoint ${label(model, endpoint.urn)}`, ranges: "unknown", groups: endpoint.securityGroups },
      `endpoint ${label(model, endpoint.urn)}`,
    );
    return egress && egress.status === "unreachable" ? egress : groups;
  }
  const interfaces = endpoint.subnets.map((ref) => interfaceReach(model, placement, endpoint, groups, ref));
  const combined = combineInterfaces(interfaces);
  if (combined.status !== "reachable") return combined;
  const policy = endpointPolicyAllows(model, endpoint, requests);
  if (policy) return policy;
  return reachable(`interface endpoint ${label(model, endpoint.urn)} with private DNS (${combined.path})`);
}

/** Every interface reachable: reachable; none: unreachable; some: partial (tasks fail intermittently). */
function combineInterfaces(interfaces: Reach[]): Reach {
  const reached = interfaces.filter((reach) => reach.status === "reachable");
  const failed = interfaces.filter((reach) => reach.status === "unreachable" || reach.status === "partial");
  const open = interfaces.find((reach) => reach.status === "unknown");
  if (failed.length === 0) {
    if (open) return open;
    return reachable(reached.map((reach) => (reach.status === "reachable" ? reach.path : "")).join(", "));
  }
  const first = failed[0];
  if (first.status !== "unreachable" && first.status !== "partial") return first;
  if (reached.length === 0 && !open) return first;
  const reachedText =
    reached.map((reach) => (reach.status === "reachable" ? reach.path : "")).join(", ") ||
    "none proven (the others cannot be checked before deployment)";
  return {
    status: "partial",
    reached: reachedText,
    missing: first.missing,
    fix: first.fix,
    fixAt: first.fixAt,
  };
}

/**
 * A static route for public addresses with a prefix longer than this may be more specific
 * than some of S3's ranges, and then wins over the gateway endpoint's prefix-list route
 * (longest prefix first, https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
 * S3's published ranges (https://ip-ranges.amazonaws.com/ip-ranges.json) are far narrower than /8.
 */
const WIDEST_S3_RANGE_PREFIX = 8;

export function gatewayEndpointReach(
  model: StackModel,
  placement: Placement,
  requests: readonly IamRequirement[],
): EndpointReach {
  const found = gatewayOnRoute(model, placement);
  if ("reach" in found) return { reach: found.reach, onPath: false };
  return { reach: throughGateway(model, placement, found.endpoint, found.table, requests), onPath: true };
}

/** The S3 gateway endpoint whose route is on the subnet's table, or why there is none. */
function gatewayOnRoute(
  model: StackModel,
  placement: Placement,
): { reach: Reach } | { endpoint: VpcEndpoint; table: RouteTable } {
  const noDns = dnsOff(model, placement.vpc);
  if (noDns) return { reach: noDns };
  const serviceName = endpointServiceName("s3", placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Gateway");
  const tableLookup = routeTableForSubnet(model, placement.subnet);
  if (endpoints.length === 0) {
    if (possible) return { reach: possiblyAnEndpoint(model, possible, serviceName) };
    return {
      reach: unreachable(
        `no S3 gateway endpoint (${serviceName}) in the task's VPC`,
        `add an S3 gateway endpoint on the task subnets' route tables (FargateEndpointSet input routeTableIds)`,
        placement.service.urn,
        "absent",
      ),
    };
  }
  if (tableLookup.kind === "unknown") return { reach: unknown(tableLookup.why, placement.subnet.urn) };
  if (tableLookup.kind === "implicit-main") {
    return {
      reach: unreachable(
        `subnet ${label(model, placement.subnet.urn)} uses the VPC's implicit main route table, which no S3 gateway endpoint is associated with`,
        "associate the subnet with a route table and add it to the S3 gateway endpoint's routeTableIds",
        placement.subnet.urn,
      ),
    };
  }
  const table = tableLookup.table;
  const associated = endpoints.find((endpoint) =>
    endpoint.routeTables.some((ref) => sameRef(ref, { urn: table.urn, value: table.id }, model)),
  );
  if (!associated) {
    const computed = endpoints.find((endpoint) => endpoint.listsUnknown.includes("routeTableIds"));
    if (computed)
      return {
        reach: unknown(
          `the route tables of S3 gateway endpoint ${label(model, computed.urn)} are computed at preview`,
          computed.urn,
        ),
      };
    return {
      reach: unreachable(
        `S3 gateway endpoint ${label(model, endpoints[0].urn)} is not associated with route table ${label(model, table.urn)} of subnet ${label(model, placement.subnet.urn)}`,
        `add route table ${label(model, table.urn)} to the endpoint's routeTableIds (FargateEndpointSet input routeTableIds)`,
        endpoints[0].urn,
      ),
    };
  }
  return { endpoint: associated, table };
}

function throughGateway(
  model: StackModel,
  placement: Placement,
  associated: VpcEndpoint,
  table: RouteTable,
  requests: readonly IamRequirement[],
): Reach {
  const narrower = narrowPublicRoute(model, placement, table.routes);
  if (narrower) return narrower;
  const groups = taskGroupsCheck(
    model,
    placement,
    { name: "S3", ranges: publicAddressSpace(), groups: [], s3: true },
    "the S3 prefix list or 0.0.0.0/0",
  );
  if (groups) return groups;
  const acl = naclAllows(model, placement.subnet, { name: "S3", ranges: publicAddressSpace() }, "client");
  if (acl) return acl;
  const policy = endpointPolicyAllows(model, associated, requests);
  if (policy) return policy;
  return reachable(`S3 gateway endpoint ${label(model, associated.urn)} on route table ${label(model, table.urn)}`);
}

/** A static public route specific enough to take some S3 traffic away from the gateway endpoint. */
function narrowPublicRoute(
  model: StackModel,
  placement: Placement,
  routes: readonly { destination: Fact<string>; declaredBy: string }[],
): Reach | undefined {
  const publicSpace = publicAddressSpace();
  for (const route of routes) {
    if (!known(route.destination)) continue;
    const range = parseCidr(route.destination);
    const length = prefixLength(route.destination);
    if (!range || length === undefined || length <= WIDEST_S3_RANGE_PREFIX) continue;
    if (!publicSpace.some((part) => part.first <= range.last && range.first <= part.last)) continue;
    return unknown(
      `route ${route.destination} of the route table of subnet ${label(model, placement.subnet.urn)} may be more specific than some of S3's addresses, and would then carry that S3 traffic instead of the gateway endpoint`,
      route.declaredBy,
    );
  }
  return undefined;
}
