/**
 * Routes: which route table a subnet uses, and which route carries traffic to a set of
 * addresses. AWS picks the longest prefix that matches the destination; at equal length a
 * static route wins over a prefix-list route; the local route covers the VPC's CIDR.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */
import { Ipv4Range, normalizeRanges, parseCidr } from "../../../model";
import { lookup } from "../../stack/lookup";
import type { RouteEntry, RouteTable, StackModel, Subnet, Vpc } from "../../stack/model";
import { known, UNKNOWN_FACT } from "../../stack/values";
import { label } from "../label";
import { PrefixLists, resolvePrefixList } from "./prefix-lists";

export type RouteTableLookup =
  | { kind: "table"; table: RouteTable }
  /** No association and no managed main route table: AWS's main route table, with only the local route. */
  | { kind: "implicit-main" }
  | { kind: "unknown"; why: string };

export function routeTableForSubnet(model: StackModel, subnet: Subnet): RouteTableLookup {
  const { associationsBySubnet, undecidedAssociation } = lookup(model);
  const association = [subnet.urn, subnet.id]
    .map((key) => (key ? associationsBySubnet.get(key) : undefined))
    .find((found) => found);
  if (association) {
    const table = association.routeTable?.urn ? model.routeTables.get(association.routeTable.urn) : undefined;
    if (table) return { kind: "table", table };
    return {
      kind: "unknown",
      why: `subnet ${label(model, subnet.urn)} is associated with route table ${association.routeTable?.value ?? "(computed)"}, which is not in this stack`,
    };
  }
  if (undecidedAssociation) {
    return {
      kind: "unknown",
      why: `the subnet of route table association ${label(model, undecidedAssociation.urn)} is computed at preview; it may be subnet ${label(model, subnet.urn)}`,
    };
  }
  const vpc = subnet.vpc?.urn ? model.vpcs.get(subnet.vpc.urn) : undefined;
  if (!vpc)
    return {
      kind: "unknown",
      why: `subnet ${label(model, subnet.urn)} has no route table association in this stack and its VPC is not in it`,
    };
  if (vpc.mainRouteTable) {
    const table = vpc.mainRouteTable.urn ? model.routeTables.get(vpc.mainRouteTable.urn) : undefined;
    return table
      ? { kind: "table", table }
      : { kind: "unknown", why: `the main route table of VPC ${label(model, vpc.urn)} is not in this stack` };
  }
  return { kind: "implicit-main" };
}

export function tableName(model: StackModel, lookup: RouteTableLookup): string {
  return lookup.kind === "table"
    ? `route table ${label(model, lookup.table.urn)}`
    : "the VPC's main route table (only the local route)";
}

/** The route that carries traffic to some of the destination addresses. */
export type RouteChoice =
  | { kind: "route"; route: RouteEntry; ranges: Ipv4Range[] }
  | { kind: "local"; ranges: Ipv4Range[] }
  /** No route matches these addresses: the traffic is dropped. */
  | { kind: "none"; ranges: Ipv4Range[] };

interface Candidate {
  range: Ipv4Range;
  /** Longer prefixes first; at equal length static (0) before prefix-list (1) routes. */
  rank: number;
  choice: { kind: "route"; route: RouteEntry } | { kind: "local" };
}

/**
 * Longest-prefix match of every address of `destination` over the table's routes: which
 * route carries each part. The table's routes are swept once into a partition of the whole
 * address space (O(n log n): CIDRs nest or are disjoint, so a stack of open routes finds the
 * most specific route of every segment); each query is then a binary search.
 */
export function routesOver(
  model: StackModel,
  prefixLists: PrefixLists,
  lookup: RouteTableLookup,
  vpc: Vpc | undefined,
  destination: readonly Ipv4Range[],
): { choices: RouteChoice[] } | { unknown: string } {
  if (lookup.kind === "unknown") return { unknown: lookup.why };
  const partition = partitionOf(model, prefixLists, lookup, vpc);
  if ("unknown" in partition) return partition;
  return { choices: query(partition.segments, normalizeRanges(destination)) };
}

type Winner = Candidate["choice"] | "none";

interface Segment {
  first: number;
  last: number;
  winner: Winner;
}

const partitions = new WeakMap<PrefixLists, Map<string, { segments: Segment[] } | { unknown: string }>>();

function partitionOf(
  model: StackModel,
  prefixLists: PrefixLists,
  lookup: Exclude<RouteTableLookup, { kind: "unknown" }>,
  vpc: Vpc | undefined,
): { segments: Segment[] } | { unknown: string } {
  let cache = partitions.get(prefixLists);
  if (!cache) partitions.set(prefixLists, (cache = new Map()));
  const key = `${lookup.kind === "table" ? lookup.table.urn : "implicit"}\u0000${vpc && known(vpc.cidr) ? vpc.cidr : ""}`;
  let partition = cache.get(key);
  if (!partition) {
    const candidates = candidatesOf(model, prefixLists, lookup, vpc);
    partition = "unknown" in candidates ? candidates : { segments: sweep(candidates.candidates) };
    cache.set(key, partition);
  }
  return partition;
}

function candidatesOf(
  model: StackModel,
  prefixLists: PrefixLists,
  lookup: Exclude<RouteTableLookup, { kind: "unknown" }>,
  vpc: Vpc | undefined,
): { candidates: Candidate[] } | { unknown: string } {
  const candidates: Candidate[] = [];
  const vpcRange = vpc && known(vpc.cidr) ? parseCidr(vpc.cidr) : undefined;
  if (vpcRange) candidates.push({ range: vpcRange, rank: rankOf(vpcRange, 0), choice: { kind: "local" } });
  if (lookup.kind !== "table") return { candidates };
  const table = lookup.table;
  if (table.routesUnknown) return { unknown: `the routes of ${tableName(model, lookup)} are computed at preview` };
  for (const route of table.routes) {
    if (route.destinationPrefixList) {
      const list = resolvePrefixList(prefixLists, route.destinationPrefixList);
      if (list.kind === "cidrs") {
        for (const range of list.ranges)
          candidates.push({ range, rank: rankOf(range, 1), choice: { kind: "route", route } });
        continue;
      }
      // An AWS service's list (the S3 gateway route): only that service's addresses, never an arbitrary host's.
      if (list.kind === "s3" || list.kind === "aws-service") continue;
      return {
        unknown: `${tableName(model, lookup)} sends prefix list ${list.name} to ${targetText(model, route)}, and ${list.why}`,
      };
    }
    if (route.destination === UNKNOWN_FACT)
      return { unknown: `a route of ${tableName(model, lookup)} has a destination computed at preview` };
    const range = parseCidr(route.destination);
    if (!range) continue; // An IPv6 route: tasks reach AWS services over IPv4.
    candidates.push({ range, rank: rankOf(range, 0), choice: { kind: "route", route } });
  }
  return { candidates };
}

/** Wider ranges rank higher; at equal width a prefix-list route (1) ranks above, so below in priority, a static one (0). */
function rankOf(range: Ipv4Range, kind: 0 | 1): number {
  return Math.log2(range.last - range.first + 1) * 2 + kind;
}

const LAST_ADDRESS = 2 ** 32 - 1;

function sweep(candidates: Candidate[]): Segment[] {
  // Outer (wider, or equal and less preferred) ranges first at the same start, so the stack's top is the winner.
  const sorted = [...candidates].sort((a, b) => a.range.first - b.range.first || b.rank - a.rank);
  const segments: Segment[] = [];
  const stack: Candidate[] = [];
  let next = 0;
  let at = 0;
  while (at <= LAST_ADDRESS) {
    while (stack.length > 0 && stack[stack.length - 1].range.last < at) stack.pop();
    while (next < sorted.length && sorted[next].range.first <= at) {
      const candidate = sorted[next++];
      if (candidate.range.last < at) continue;
      // Keep the narrowest on top (CIDRs nest, so this is a push but for equal ranges of lower priority).
      let index = stack.length;
      while (index > 0 && stack[index - 1].rank < candidate.rank) index--;
      stack.splice(index, 0, candidate);
    }
    const top = stack[stack.length - 1];
    let end = next < sorted.length ? sorted[next].range.first - 1 : LAST_ADDRESS;
    if (top) end = Math.min(end, top.range.last);
    const winner: Winner = top ? top.choice : "none";
    const previous = segments[segments.length - 1];
    if (previous && previous.winner === winner) previous.last = end;
    else segments.push({ first: at, last: end, winner });
    at = end + 1;
  }
  return segments;
}

function query(segments: readonly Segment[], destination: readonly Ipv4Range[]): RouteChoice[] {
  const byWinner = new Map<Winner, Ipv4Range[]>();
  for (const part of destination) {
    let low = 0;
    let high = segments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (segments[mid].last < part.first) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < segments.length && segments[i].first <= part.last; i++) {
      const segment = segments[i];
      const range = { first: Math.max(segment.first, part.first), last: Math.min(segment.last, part.last) };
      const list = byWinner.get(segment.winner);
      const previous = list?.[list.length - 1];
      if (previous && previous.last + 1 === range.first) previous.last = range.last;
      else if (list) list.push(range);
      else byWinner.set(segment.winner, [range]);
    }
  }
  const choices: RouteChoice[] = [];
  for (const [winner, ranges] of byWinner) {
    if (winner === "none") choices.push({ kind: "none", ranges });
    else if (winner.kind === "local") choices.push({ kind: "local", ranges });
    else choices.push({ kind: "route", route: winner.route, ranges });
  }
  return choices;
}

export function targetText(model: StackModel, route: RouteEntry): string {
  const target = route.target;
  switch (target.kind) {
    case "igw":
      return `internet gateway ${label(model, target.ref.urn, target.ref.value)}`;
    case "nat":
      return `NAT gateway ${label(model, target.ref.urn, target.ref.value)}`;
    case "vpc-endpoint":
      return `endpoint ${label(model, target.ref.urn, target.ref.value)} (a firewall or appliance)`;
    case "other":
      return target.what;
    case "blackhole":
      return `nothing (${target.what}: its target no longer exists)`;
    case "unknown":
      return "a target computed at preview";
  }
}
