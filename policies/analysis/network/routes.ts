/**
 * Routes: which route table a subnet uses, and which route carries traffic to a set of
 * addresses. AWS picks the longest prefix that matches the destination; at equal length a
 * static route wins over a prefix-list route; the local route covers the VPC's CIDR.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */
import { Ipv4Range, normalizeRanges, parseCidr, prefixLength } from "../../../model";
import { lookup } from "../../stack/lookup";
import type { RouteEntry, RouteTable, StackModel, Subnet, Vpc } from "../../stack/model";
import { known, UNKNOWN_VALUE } from "../../stack/values";
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
 * route carries each part. O(n log n) in the number of routes: CIDRs nest or are disjoint,
 * so one sweep with a stack of open routes finds the most specific route of every segment.
 */
export function routesOver(
  model: StackModel,
  prefixLists: PrefixLists,
  lookup: RouteTableLookup,
  vpc: Vpc | undefined,
  destination: readonly Ipv4Range[],
): { choices: RouteChoice[] } | { unknown: string } {
  if (lookup.kind === "unknown") return { unknown: lookup.why };
  const candidates: Candidate[] = [];
  const vpcRange = vpc && known(vpc.cidr) ? parseCidr(vpc.cidr) : undefined;
  if (vpcRange) candidates.push({ range: vpcRange, rank: rankOf(vpc!.cidr as string, 0), choice: { kind: "local" } });
  if (lookup.kind === "table") {
    const table = lookup.table;
    if (table.routesUnknown) return { unknown: `the routes of ${tableName(model, lookup)} are computed at preview` };
    for (const route of table.routes) {
      if (route.destinationPrefixList) {
        const list = resolvePrefixList(prefixLists, route.destinationPrefixList);
        if (list.kind === "cidrs") {
          for (const range of list.ranges)
            candidates.push({ range, rank: rankOfRange(range, 1), choice: { kind: "route", route } });
          continue;
        }
        // An AWS service's list (the S3 gateway route): only that service's addresses, never an arbitrary host's.
        if (list.kind === "s3" || list.kind === "aws-service") continue;
        return {
          unknown: `${tableName(model, lookup)} sends prefix list ${list.name} to ${targetText(model, route)}, and ${list.why}`,
        };
      }
      if (route.destination === UNKNOWN_VALUE)
        return { unknown: `a route of ${tableName(model, lookup)} has a destination computed at preview` };
      const range = parseCidr(route.destination);
      if (!range) continue; // An IPv6 route: tasks reach AWS services over IPv4.
      candidates.push({ range, rank: rankOf(route.destination, 0), choice: { kind: "route", route } });
    }
  }
  return { choices: sweep(candidates, normalizeRanges(destination)) };
}

function rankOf(cidr: string, kind: 0 | 1): number {
  return (32 - (prefixLength(cidr) ?? 0)) * 2 + kind;
}

function rankOfRange(range: Ipv4Range, kind: 0 | 1): number {
  return Math.log2(range.last - range.first + 1) * 2 + kind;
}

function sweep(candidates: Candidate[], destination: Ipv4Range[]): RouteChoice[] {
  // Outer (wider, or equal and less preferred) ranges first at the same start, so the stack's top is the winner.
  const sorted = [...candidates].sort((a, b) => a.range.first - b.range.first || b.rank - a.rank);
  const byChoice = new Map<Candidate["choice"] | "none", Ipv4Range[]>();
  const add = (key: Candidate["choice"] | "none", first: number, last: number) => {
    const list = byChoice.get(key);
    const previous = list?.[list.length - 1];
    if (previous && previous.last + 1 === first) previous.last = last;
    else if (list) list.push({ first, last });
    else byChoice.set(key, [{ first, last }]);
  };
  const stack: Candidate[] = [];
  let next = 0;
  for (const part of destination) {
    let at = part.first;
    while (at <= part.last) {
      while (stack.length > 0 && stack[stack.length - 1].range.last < at) stack.pop();
      while (next < sorted.length && sorted[next].range.first <= at) {
        const candidate = sorted[next++];
        if (candidate.range.last < at) continue;
        // Keep the stack ordered by specificity: a wider route pushed late sits below the narrower ones.
        let index = stack.length;
        while (index > 0 && stack[index - 1].rank < candidate.rank) index--;
        stack.splice(index, 0, candidate);
      }
      // Drop finished ranges that the insertion may have buried.
      while (stack.length > 0 && stack[stack.length - 1].range.last < at) stack.pop();
      const top = stack[stack.length - 1];
      const nextStart = next < sorted.length ? sorted[next].range.first : Infinity;
      let end = Math.min(part.last, nextStart - 1);
      if (top) end = Math.min(end, top.range.last);
      add(top ? top.choice : "none", at, end);
      at = end + 1;
    }
  }
  const choices: RouteChoice[] = [];
  for (const [key, ranges] of byChoice) {
    if (key === "none") choices.push({ kind: "none", ranges });
    else if (key.kind === "local") choices.push({ kind: "local", ranges });
    else choices.push({ kind: "route", route: key.route, ranges });
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
