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

export function securityGroupsAllow(
  model: StackModel,
  prefixLists: PrefixLists,
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  port: number,
  peer: Peer,
): Verdict {
  let unknownWhy: string | undefined;
  const allowed: Ipv4Range[] = [];
  const groupKeys = new Set(peer.groups.flatMap((ref) => refKeys(model, ref)));
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
        if (range) allowed.push(range); // IPv6 CIDRs carry no IPv4 traffic.
      }
      for (const list of prefixListsOfRule(prefixLists, rule)) {
        switch (list.kind) {
          case "s3":
            if (peer.s3) return { result: true };
            break;
          case "cidrs":
            allowed.push(...list.ranges);
            break;
          case "aws-service":
            break; // Another service's public ranges (DynamoDB): never the peer's.
          case "unknown":
            unknownWhy ??= `${name} allows prefix list ${list.name}, which the pack cannot identify (${list.why})`;
            break;
        }
      }
      for (const ref of rule.groups) {
        if (refKeys(model, ref).some((key) => groupKeys.has(key))) return { result: true };
        if (!ref.urn && !ref.value) unknownWhy ??= `a source group of ${name} is computed at preview`;
      }
      if (rule.self && peer.groups.some((target) => sameRef(target, { urn: group.urn, value: group.id }, model)))
        return { result: true };
      if (rule.unknown) unknownWhy ??= `a rule of ${name} is computed at preview`;
    }
    if (group.rulesUnknown) unknownWhy ??= `the rules of ${name} are computed at preview`;
  }
  const covered = coverage(allowed, peer.ranges === "unknown" ? ALL_ADDRESSES : peer.ranges);
  if (covered === "all") return { result: true };
  if (unknownWhy) return { result: "unknown", why: unknownWhy };
  const names = groups.map((group) => label(model, group.urn)).join(", ");
  const toFrom = direction === "egress" ? "to" : "from";
  if (covered === "some" || (peer.ranges === "unknown" && allowed.length > 0)) {
    const ranges = normalizeRanges(allowed).slice(0, 3).map(rangeText).join(", ");
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
