/**
 * Security groups: stateful, allow-only, the union of every rule of every group on the ENI.
 * A peer is a set of addresses one of which is used (an endpoint interface's address in its
 * subnet, a public host's address) plus the peer's own groups: a rule covering every possible
 * address allows the traffic, one covering some of them leaves it to the address AWS assigns.
 */
import { coverage, Ipv4Range, normalizeRanges, parseCidr, rangeText } from "../../../model";
import { refKeys } from "../../stack/lookup";
import type { Ref, SecurityGroup, SecurityGroupRule, StackModel } from "../../stack/model";
import { known } from "../../stack/values";
import { label } from "../label";
import { PrefixLists, prefixListsOfRule } from "./prefix-lists";
import type { Verdict } from "./reach";

export interface Peer {
  /** What the peer is, for messages ("endpoint ecr-api (subnet private-b)", "the internet"). */
  name: string;
  /** The addresses the peer may have, or "unknown" when its CIDR is computed at preview. */
  ranges: Ipv4Range[] | "unknown";
  /** Security groups of the peer (URNs or ids). */
  groups: Ref[];
  /** The peer is S3: a rule naming the region's S3 prefix list also matches. */
  s3?: boolean;
}

/** Two references to the same resource: by URN, or by the id behind either (the one key set lookups use). */
export function sameRef(a: Ref | undefined, b: Ref | undefined, model: StackModel): boolean {
  const keys = new Set(refKeys(model, a));
  return refKeys(model, b).some((key) => keys.has(key));
}

function portCovered(rule: SecurityGroupRule, protocol: "tcp", port: number): boolean {
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.protocol !== protocol && rule.protocol !== "6") return false;
  return rule.fromPort <= port && port <= rule.toPort;
}

const ALL_ADDRESSES: Ipv4Range[] = [{ first: 0, last: 2 ** 32 - 1 }];

/** What a set of groups allows in one direction on one port, whoever the peer: computed once per set. */
interface Allowance {
  /** Normalized address ranges allowed. */
  ranges: Ipv4Range[];
  /** A rule names the region's S3 prefix list. */
  s3: boolean;
  /** Keys (URNs, ids) of the groups a rule allows, and of the groups with a self rule. */
  groupKeys: Set<string>;
  /** The first fact that keeps a rule from being read. */
  unknownWhy?: string;
}

/** Per prefix-list view, that is per model and region (prefixListsOf builds one for each). */
const allowances = new WeakMap<PrefixLists, Map<string, Allowance>>();

function allowanceOf(
  model: StackModel,
  prefixLists: PrefixLists,
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  port: number,
): Allowance {
  let cache = allowances.get(prefixLists);
  if (!cache) allowances.set(prefixLists, (cache = new Map()));
  const key = `${direction}\u0000${port}\u0000${groups.map((group) => group.urn).join("\u0000")}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let unknownWhy: string | undefined;
  const ranges: Ipv4Range[] = [];
  const groupKeys = new Set<string>();
  let s3 = false;
  for (const group of groups) {
    const name = `security group ${label(model, group.urn)}`;
    for (const rule of group.rules) {
      if (rule.direction !== direction) continue;
      if (rule.protocol === "unknown") {
        unknownWhy ??= `a rule of ${name} is computed at preview`;
        continue;
      }
      if (!portCovered(rule, "tcp", port)) continue;
      for (const cidr of rule.cidrs) {
        if (!known(cidr)) {
          unknownWhy ??= `a CIDR of ${name} is computed at preview`;
          continue;
        }
        const range = parseCidr(cidr);
        if (range) ranges.push(range); // IPv6 CIDRs carry no IPv4 traffic.
      }
      for (const list of prefixListsOfRule(prefixLists, rule)) {
        switch (list.kind) {
          case "s3":
            s3 = true;
            break;
          case "cidrs":
            ranges.push(...list.ranges);
            break;
          case "aws-service":
            break; // Another service's public ranges (DynamoDB): never the peer's.
          case "unknown":
            unknownWhy ??= `${name} allows prefix list ${list.name}, which the pack cannot identify (${list.why})`;
            break;
        }
      }
      for (const ref of rule.groups) {
        for (const groupKey of refKeys(model, ref)) groupKeys.add(groupKey);
        if (!ref.urn && !ref.value) unknownWhy ??= `a source group of ${name} is computed at preview`;
      }
      if (rule.self)
        for (const groupKey of refKeys(model, { urn: group.urn, value: group.id })) groupKeys.add(groupKey);
      if (rule.unknown) unknownWhy ??= `a rule of ${name} is computed at preview`;
    }
    if (group.rulesUnknown) unknownWhy ??= `the rules of ${name} are computed at preview`;
  }
  const allowance: Allowance = { ranges: normalizeRanges(ranges), s3, groupKeys, unknownWhy };
  cache.set(key, allowance);
  return allowance;
}

export function securityGroupsAllow(
  model: StackModel,
  prefixLists: PrefixLists,
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  port: number,
  peer: Peer,
): Verdict {
  const allowance = allowanceOf(model, prefixLists, groups, direction, port);
  if (peer.s3 && allowance.s3) return { result: true };
  if (peer.groups.some((ref) => refKeys(model, ref).some((key) => allowance.groupKeys.has(key))))
    return { result: true };
  const allowed = allowance.ranges;
  const covered = coverage(allowed, peer.ranges === "unknown" ? ALL_ADDRESSES : peer.ranges);
  if (covered === "all") return { result: true };
  if (allowance.unknownWhy) return { result: "unknown", why: allowance.unknownWhy };
  const names = groups.map((group) => label(model, group.urn)).join(", ");
  const toFrom = direction === "egress" ? "to" : "from";
  if (covered === "some" || (peer.ranges === "unknown" && allowed.length > 0)) {
    const ranges = allowed.slice(0, 3).map(rangeText).join(", ");
    return {
      result: "unknown",
      why:
        peer.ranges === "unknown"
          ? `the address range of ${peer.name} is computed at preview, and security group${groups.length > 1 ? "s" : ""} ${names} allow${groups.length > 1 ? "" : "s"} ${direction} on TCP ${port} ${toFrom} ${ranges} only`
          : `security group${groups.length > 1 ? "s" : ""} ${names} allow${groups.length > 1 ? "" : "s"} ${direction} on TCP ${port} ${toFrom} part of the addresses ${peer.name} may have (${ranges}); which address it has is decided at deployment`,
    };
  }
  return {
    result: false,
    why: `security group${groups.length > 1 ? "s" : ""} ${names} allow${groups.length > 1 ? "" : "s"} no ${direction} on TCP ${port} ${toFrom} ${peer.name}`,
  };
}
