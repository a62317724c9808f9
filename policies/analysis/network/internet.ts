/**
 * The internet path: from a task subnet, through the route that carries public addresses
 * (a public IP and an internet gateway, or a NAT gateway in a public subnet), past the task
 * security groups and the subnet's network ACL. Every route that carries some public
 * addresses is followed: a host could resolve into any of them.
 */
import { ANYWHERE, Ipv4Range, parseCidr, publicAddressSpace, rangeText, subtractRanges } from "../../../model";
import type { Ref, StackModel, Vpc } from "../../stack/model";
import { Fact, known, UNKNOWN_FACT } from "../../stack/values";
import { label } from "../label";
import { naclAllows } from "./nacls";
import type { PrefixLists } from "./prefix-lists";
import { Placement, Reach, reachable, unknown, unreachable } from "./reach";
import { RouteChoice, routesOver, routeTableForSubnet, tableName, targetText } from "./routes";
import { securityGroupsAllow } from "./security-groups";

/** What settles task security groups the preview cannot see: groups of this stack, named by the service. */
const TASK_GROUPS_SETTLE_WITH =
  "the service security groups created in this stack (networkConfiguration.securityGroups), whose egress the pack can then check";

/** DNS resolution off with no custom DNS servers: no AWS host name resolves, whatever the path. */
export function dnsOff(model: StackModel, vpc: Vpc | undefined): Reach | undefined {
  if (!vpc || vpc.dnsServers) return undefined;
  if (vpc.dnsSupport === UNKNOWN_FACT)
    return unknown(`enableDnsSupport of VPC ${label(model, vpc.urn)} is computed at preview`, vpc.urn);
  if (vpc.dnsSupport !== false) return undefined;
  return unreachable(
    `DNS resolution (enableDnsSupport) is off in VPC ${label(model, vpc.urn)}, so no AWS host name resolves`,
    { kind: "set-vpc-flag", property: "enableDnsSupport" },
    vpc.urn,
  );
}

function igwAttachedTo(
  model: StackModel,
  igwRef: Ref,
  vpcKey: string | undefined,
  vpc: Vpc | undefined,
): Fact<boolean> {
  const igw = igwRef.urn ? model.internetGateways.get(igwRef.urn) : undefined;
  if (!igw) return UNKNOWN_FACT; // An igw-... id outside the stack.
  if (igw.vpcs.length === 0) return false;
  if (igw.vpcs.some((ref) => !ref.urn && !ref.value)) return UNKNOWN_FACT; // Attached to a VPC computed at preview.
  if (vpcKey === undefined && !vpc) return UNKNOWN_FACT; // The subnet's VPC is computed at preview.
  return igw.vpcs.some(
    (ref) => ref.urn === vpcKey || ref.value === vpcKey || (vpc?.id !== undefined && ref.value === vpc.id),
  );
}

/** Public addresses outside the VPC's own CIDR (which the local route keeps inside the VPC). */
function internetAddresses(vpc: Vpc | undefined): Ipv4Range[] {
  const vpcRange = vpc && known(vpc.cidr) ? parseCidr(vpc.cidr) : undefined;
  return subtractRanges(publicAddressSpace(), vpcRange ? [vpcRange] : []);
}

/**
 * Verdicts that depend only on the model and region, not on the service: cached per prefix
 * list view (one per model and region), so many routes to one NAT gateway, or many services
 * on the same subnets, cost one evaluation each.
 */
const natVerdicts = new WeakMap<PrefixLists, Map<string, Reach>>();
const routeVerdicts = new WeakMap<PrefixLists, Map<string, Reach>>();

function cached(
  caches: WeakMap<PrefixLists, Map<string, Reach>>,
  lists: PrefixLists,
  key: string,
  compute: () => Reach,
) {
  let cache = caches.get(lists);
  if (!cache) caches.set(lists, (cache = new Map()));
  let verdict = cache.get(key);
  if (!verdict) cache.set(key, (verdict = compute()));
  return verdict;
}

function natReachesInternet(model: StackModel, placement: Placement, natRef: Ref): Reach {
  return cached(natVerdicts, placement.prefixLists, `${natRef.urn ?? ""}\u0000${natRef.value ?? ""}`, () =>
    natVerdict(model, placement, natRef),
  );
}

function natVerdict(model: StackModel, placement: Placement, natRef: Ref): Reach {
  const nat = natRef.urn ? model.natGateways.get(natRef.urn) : undefined;
  const name = label(model, natRef.urn, natRef.value);
  if (!nat) return unknown(`NAT gateway ${name} is not in this stack`);
  if (nat.connectivity === "private") {
    return unreachable(
      `NAT gateway ${name} is a private NAT gateway: it does not reach the internet`,
      { kind: "public-nat" },
      nat.urn,
      "nat-placement",
    );
  }
  const subnet = nat.subnet?.urn ? model.subnets.get(nat.subnet.urn) : undefined;
  if (!subnet) return unknown(`the subnet of NAT gateway ${name} is not in this stack`, nat.urn);
  const vpc = subnet.vpc?.urn ? model.vpcs.get(subnet.vpc.urn) : undefined;
  const lookup = routeTableForSubnet(model, subnet);
  const routes = routesOver(model, placement.prefixLists, lookup, vpc, internetAddresses(vpc));
  if ("unknown" in routes) return unknown(routes.unknown, nat.urn);
  const notInPublicSubnet = unreachable(
    `NAT gateway ${name} sits in subnet ${label(model, subnet.urn)}, whose route table has no 0.0.0.0/0 route to an internet gateway (a NAT gateway must be placed in a public subnet)`,
    { kind: "nat-in-public-subnet" },
    nat.urn,
    "nat-placement",
  );
  const hops = routes.choices.map((choice): Reach => {
    if (choice.kind !== "route") return notInPublicSubnet;
    const target = choice.route.target;
    if (target.kind === "igw") {
      const attached = igwAttachedTo(model, target.ref, subnet.vpc?.urn ?? subnet.vpc?.value, vpc);
      if (attached === false)
        return unreachable(
          `NAT gateway ${name} routes to internet gateway ${label(model, target.ref.urn, target.ref.value)}, which is not attached to its VPC`,
          { kind: "attach-internet-gateway", vpc: "nat-vpc" },
          target.ref.urn,
        );
      if (attached === UNKNOWN_FACT)
        return unknown(
          `internet gateway ${target.ref.value ?? "(computed)"} of NAT gateway ${name}'s subnet is not in this stack`,
          choice.route.declaredBy,
        );
      return reachable(`NAT gateway ${name} in public subnet ${label(model, subnet.urn)}`);
    }
    if (target.kind === "blackhole")
      return unreachable(
        `the route table of NAT gateway ${name}'s subnet sends ${carried(choice)} to ${targetText(model, choice.route)}`,
        { kind: "blackhole-route", on: "nat-subnet" },
        choice.route.declaredBy,
      );
    if (target.kind === "unknown")
      return unknown(`a route of NAT gateway ${name}'s subnet points at a target computed at preview`, nat.urn);
    if (target.kind === "nat") return notInPublicSubnet;
    return unknown(
      `NAT gateway ${name}'s subnet sends ${carried(choice)} to ${targetText(model, choice.route)}; what lies beyond is outside this stack (declare it with assumeReachable)`,
      choice.route.declaredBy,
    );
  });
  return combineHops(hops, routes.choices);
}

/** What a route carries, for messages: its destination, else the addresses it wins. */
function carried(choice: RouteChoice): string {
  if (choice.kind === "route" && known(choice.route.destination) && parseCidr(choice.route.destination))
    return choice.route.destination;
  return rangesText(choice.ranges);
}

/** Every IPv4 address but the RFC 1918 ranges: what no route covering any public address leaves. */
const PUBLIC_ADDRESS_COUNT = 2 ** 32 - 2 ** 24 - 2 ** 20 - 2 ** 16;

/** The public addresses a table does not route, read as a person would say it. */
function uncoveredText(ranges: readonly Ipv4Range[]): string {
  if (ranges.length === 1 && rangeText(ranges[0]) === ANYWHERE) return "0.0.0.0/0";
  const count = ranges.reduce((sum, range) => sum + range.last - range.first + 1, 0);
  // No route for any public address at all: the table has no default route.
  if (count === PUBLIC_ADDRESS_COUNT) return "0.0.0.0/0 (any public address)";
  return `public addresses ${rangesText(ranges)}`;
}

function rangesText(ranges: readonly Ipv4Range[]): string {
  if (ranges.length === 0) return "no addresses";
  const text = ranges.slice(0, 3).map(rangeText).join(", ");
  return ranges.length > 3 ? `${text} and ${ranges.length - 3} more ranges` : text;
}

/**
 * One verdict from the verdicts of every route a public host could take: reachable when all
 * are, unreachable when all are (the widest route's reason), otherwise unknown, since which
 * part the host's address is in is not known before deployment.
 */
function combineHops(hops: Reach[], choices: RouteChoice[]): Reach {
  const size = (i: number) => choices[i].ranges.reduce((sum, range) => sum + range.last - range.first + 1, 0);
  const order = hops.map((_, i) => i).sort((a, b) => size(b) - size(a));
  const widest = (status: Reach["status"]) => order.map((i) => hops[i]).find((hop) => hop.status === status);
  if (hops.length === 0) return unknown("no public address is routed (the VPC's CIDR covers them all)");
  if (hops.every((hop) => hop.status === "reachable")) return widest("reachable")!;
  if (hops.every((hop) => hop.status === "unreachable")) return widest("unreachable")!;
  const firstUnknown = widest("unknown");
  if (firstUnknown) return firstUnknown;
  const good = order.find((i) => hops[i].status === "reachable")!;
  const bad = order.find((i) => hops[i].status === "unreachable")!;
  const badHop = hops[bad];
  return unknown(
    `addresses ${carried(choices[good])} are routed through a working path but ${carried(choices[bad])} are not (${badHop.status === "unreachable" ? badHop.missing : ""}); which of them the host resolves to is not known before deployment`,
    badHop.status === "unreachable" ? badHop.fixAt : undefined,
  );
}

function viaRoute(model: StackModel, placement: Placement, choice: RouteChoice, table: string): Reach {
  const { subnet } = placement;
  if (choice.kind === "none" || choice.kind === "local") {
    return unreachable(
      `${table} of subnet ${label(model, subnet.urn)} has no route for ${uncoveredText(choice.ranges)} to a NAT gateway or an internet gateway`,
      { kind: "nat-route" },
      undefined,
      "absent",
    );
  }
  const route = choice.route;
  const target = route.target;
  switch (target.kind) {
    case "igw": {
      const attached = igwAttachedTo(model, target.ref, placement.vpcKey, placement.vpc);
      if (attached === false)
        return unreachable(
          `internet gateway ${label(model, target.ref.urn)} is not attached to the VPC`,
          { kind: "attach-internet-gateway", vpc: "task-vpc" },
          target.ref.urn,
        );
      if (attached === UNKNOWN_FACT)
        return unknown(
          `internet gateway ${target.ref.value ?? "(computed)"} is not in this stack, so whether it is attached to the VPC cannot be seen`,
          route.declaredBy,
        );
      if (placement.service.assignPublicIp === UNKNOWN_FACT) return unknown("assignPublicIp is computed at preview");
      if (placement.service.assignPublicIp !== true)
        return unreachable(
          `subnet ${label(model, subnet.urn)} is public (0.0.0.0/0 to an internet gateway) but the service sets assignPublicIp false: a task without a public IP cannot use an internet gateway`,
          { kind: "assign-public-ip" },
          undefined,
          "public-ip",
        );
      return reachable(`public IP and internet gateway ${label(model, target.ref.urn, target.ref.value)}`);
    }
    case "nat":
      return natReachesInternet(model, placement, target.ref);
    case "blackhole":
      return unreachable(
        `${table} of subnet ${label(model, subnet.urn)} sends ${carried(choice)} to ${targetText(model, route)}`,
        { kind: "blackhole-route", on: "internet-path" },
        route.declaredBy,
      );
    case "other":
    case "vpc-endpoint":
      return unknown(
        `subnet ${label(model, subnet.urn)} sends ${carried(choice)}${choice.kind === "route" && route.destinationPrefixList ? ` (prefix list ${label(model, route.destinationPrefixList.urn, route.destinationPrefixList.value)})` : ""} to ${targetText(model, route)}; what lies beyond is outside this stack (declare it with the assumeReachable config)`,
        route.declaredBy,
      );
    case "unknown":
      return unknown(
        `the route of ${table} for ${carried(choice)} points at a target computed at preview`,
        route.declaredBy,
      );
  }
}

/**
 * The internet path to `destination` (a host name, for messages). `s3` when the host is S3:
 * a task security group rule naming the region's S3 prefix list then also matches.
 */
export function internetReach(model: StackModel, placement: Placement, destination: string, s3 = false): Reach {
  const { subnet, vpc } = placement;
  const noDns = dnsOff(model, vpc);
  if (noDns) return noDns;
  const publicIp = placement.service.assignPublicIp;
  // Shared by every service on the subnet with the same assignPublicIp: what concerns the service
  // itself (its public IP) is left without a resource to fix, and given the service's below.
  const key = `${subnet.urn}\u0000${placement.vpcKey ?? ""}\u0000${publicIp === UNKNOWN_FACT ? "?" : String(publicIp)}`;
  let via = cached(routeVerdicts, placement.prefixLists, key, () => routeVerdict(model, placement));
  if ((via.status === "unreachable" || via.status === "unknown") && via.fixAt === undefined)
    via = { ...via, fixAt: placement.service.urn };
  if (via.status !== "reachable") return via;
  const peer = { name: s3 ? "S3" : destination, ranges: internetAddresses(vpc), groups: [], s3 };
  const groups = taskGroupsCheck(model, placement, peer, s3 ? "0.0.0.0/0 or the S3 prefix list" : "0.0.0.0/0");
  if (groups) return groups;
  const acl = naclAllows(model, subnet, { name: destination, ranges: internetAddresses(vpc) }, "client");
  if (acl) return acl;
  return reachable(`${via.path} to ${destination}`);
}

/** The routing part of the internet path from the placement's subnet: every route public addresses may take. */
function routeVerdict(model: StackModel, placement: Placement): Reach {
  const { subnet, vpc } = placement;
  const lookup = routeTableForSubnet(model, subnet);
  const table = tableName(model, lookup);
  const tableUrn = lookup.kind === "table" ? lookup.table.urn : undefined;
  const routes = routesOver(model, placement.prefixLists, lookup, vpc, internetAddresses(vpc));
  if ("unknown" in routes) return unknown(routes.unknown, tableUrn ?? subnet.urn);
  // A route whose table is computed at preview may be this table's default route.
  if (model.unplacedRoutes.length > 0 && routes.choices.some((choice) => choice.kind !== "route"))
    return unknown(`the routes of ${table} are computed at preview`, tableUrn);
  const via = combineHops(
    routes.choices.map((choice) => viaRoute(model, placement, choice, table)),
    routes.choices,
  );
  if (via.status === "unreachable" && via.failure === "absent") return { ...via, fixAt: tableUrn ?? subnet.urn };
  return via;
}

/** Egress TCP 443 from the task security groups to `peer`; undefined when allowed. */
export function taskGroupsCheck(
  model: StackModel,
  placement: Placement,
  peer: Parameters<typeof securityGroupsAllow>[5],
  target: string,
  port = 443,
): Reach | undefined {
  if (placement.taskGroupsUnknown)
    return unknown(placement.taskGroupsUnknown, placement.service.urn, TASK_GROUPS_SETTLE_WITH);
  const verdict = securityGroupsAllow(model, placement.prefixLists, placement.taskGroups, "egress", port, peer);
  if (verdict.result === true) return undefined;
  const fixAt = placement.taskGroups[0]?.urn ?? placement.service.urn;
  if (verdict.result === "unknown") return unknown(verdict.why, fixAt);
  return unreachable(verdict.why, { kind: "allow-task-egress", port, to: target }, fixAt);
}
