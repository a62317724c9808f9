/**
 * Network ACLs: stateless, ordered by rule number, ending in an implicit deny. Each rule
 * decides the part of the traffic it covers (ports x addresses) that no lower-numbered rule
 * decided, so a deny covering part of the needed ports or addresses applies to that part,
 * even when a later rule allows the whole. Both directions are checked: the request, and
 * the return traffic to the client's ephemeral port.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
import { Ipv4Range, normalizeRanges, parseCidr, rangeText, subtractRanges } from "../../../model";
import { lookup, refKeys } from "../../stack/lookup";
import type { NetworkAcl, NetworkAclRule, StackModel, Subnet } from "../../stack/model";
import { known } from "../../stack/values";
import { label } from "../label";
import { Reach, unknown, unreachable, Verdict } from "./reach";

/**
 * The ephemeral ports a Fargate Linux task's connections come from (the Linux default
 * net.ipv4.ip_local_port_range, https://docs.kernel.org/networking/ip-sysctl.html); the
 * return traffic arrives on them. AWS advises allowing 1024-65535 to cover every client.
 */
export const EPHEMERAL_PORTS: PortRange = [32768, 60999];

/** Rules per direction AWS accepts in one network ACL (a hard limit of 40 with the quota raised). */
const MAX_RULES_PER_DIRECTION = 40;

type PortRange = [number, number];

/** A part of the traffic: a port range towards an address range. */
interface Box {
  ports: PortRange;
  addresses: Ipv4Range;
}

export function naclForSubnet(model: StackModel, subnet: Subnet): NetworkAcl | undefined {
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

const ordered = new WeakMap<NetworkAcl, { inbound: NetworkAclRule[]; outbound: NetworkAclRule[] }>();

/** The ACL's rules of one direction by rule number, sorted once per ACL. */
function rulesInOrder(acl: NetworkAcl, egress: boolean): NetworkAclRule[] {
  let sorted = ordered.get(acl);
  if (!sorted) {
    const byNumber = (a: NetworkAclRule, b: NetworkAclRule) => a.ruleNumber - b.ruleNumber;
    sorted = {
      inbound: acl.rules.filter((rule) => !rule.egress).sort(byNumber),
      outbound: acl.rules.filter((rule) => rule.egress).sort(byNumber),
    };
    ordered.set(acl, sorted);
  }
  return egress ? sorted.outbound : sorted.inbound;
}

function carriesTcp(rule: NetworkAclRule): boolean {
  return rule.protocol === "-1" || rule.protocol === "all" || rule.protocol === "tcp" || rule.protocol === "6";
}

/** `box` minus `cut`: at most four boxes (below and above in ports, then below and above in addresses). */
function boxMinus(box: Box, cut: Box): Box[] {
  const [p1, p2] = box.ports;
  const [q1, q2] = cut.ports;
  if (q2 < p1 || q1 > p2 || cut.addresses.last < box.addresses.first || cut.addresses.first > box.addresses.last)
    return [box];
  const pieces: Box[] = [];
  if (p1 < q1) pieces.push({ ports: [p1, q1 - 1], addresses: box.addresses });
  if (q2 < p2) pieces.push({ ports: [q2 + 1, p2], addresses: box.addresses });
  const middle: PortRange = [Math.max(p1, q1), Math.min(p2, q2)];
  for (const rest of subtractRanges([box.addresses], [cut.addresses])) pieces.push({ ports: middle, addresses: rest });
  return pieces;
}

function boxAnd(box: Box, cut: Box): Box | undefined {
  const ports: PortRange = [Math.max(box.ports[0], cut.ports[0]), Math.min(box.ports[1], cut.ports[1])];
  const first = Math.max(box.addresses.first, cut.addresses.first);
  const last = Math.min(box.addresses.last, cut.addresses.last);
  return ports[0] <= ports[1] && first <= last ? { ports, addresses: { first, last } } : undefined;
}

const portText = ([from, to]: PortRange) => (from === to ? `TCP ${from}` : `TCP ${from}-${to}`);

/**
 * Whether the ACL lets TCP on `ports` through to/from a peer that has one address among
 * `peer` (all addresses when unknown): yes when every part is allowed; no when every address
 * the peer may have is denied some of the ports; unknown when only some addresses are denied.
 */
export function naclDecides(
  acl: NetworkAcl,
  egress: boolean,
  ports: PortRange,
  peer: Ipv4Range[] | "unknown",
): Verdict {
  const rules = rulesInOrder(acl, egress);
  if (rules.length > MAX_RULES_PER_DIRECTION)
    return {
      result: "unknown",
      why: `it has ${rules.length} ${egress ? "outbound" : "inbound"} rules, more than the ${MAX_RULES_PER_DIRECTION} AWS accepts, so it cannot be created as written`,
    };
  const addresses = peer === "unknown" ? [{ first: 0, last: 2 ** 32 - 1 }] : normalizeRanges(peer);
  let open: Box[] = addresses.map((range) => ({ ports, addresses: range }));
  const denied: Box[] = [];
  let firstDenial: string | undefined;
  for (const rule of rules) {
    if (open.length === 0) break;
    if (rule.protocol === "unknown" || rule.cidr === undefined || !known(rule.cidr)) {
      if (rule.cidr === undefined && rule.protocol !== "unknown") continue; // An IPv6 rule.
      return { result: "unknown", why: `rule ${rule.ruleNumber} is computed at preview` };
    }
    if (!carriesTcp(rule)) continue;
    const range = parseCidr(rule.cidr);
    if (!range) continue; // An IPv6 CIDR.
    const all = rule.protocol === "-1" || rule.protocol === "all";
    const cut: Box = { ports: all ? [0, 65535] : [rule.fromPort, rule.toPort], addresses: range };
    const next: Box[] = [];
    for (const box of open) {
      const hit = boxAnd(box, cut);
      if (!hit) {
        next.push(box);
        continue;
      }
      if (!rule.allow) {
        denied.push(hit);
        firstDenial ??= `rule ${rule.ruleNumber} denies ${portText(hit.ports)} ${egress ? "to" : "from"} ${rangeText(hit.addresses)}`;
      }
      next.push(...boxMinus(box, cut));
    }
    open = next;
  }
  if (open.length > 0) {
    denied.push(...open);
    firstDenial ??= `no rule allows ${portText(open[0].ports)} ${egress ? "to" : "from"} ${rangeText(open[0].addresses)} (the final * rule denies it)`;
  }
  if (denied.length === 0) return { result: true };
  const spared = subtractRanges(
    addresses,
    denied.map((box) => box.addresses),
  );
  if (spared.length === 0) return { result: false, why: firstDenial! };
  return {
    result: "unknown",
    why: `${firstDenial!}, part of the addresses the peer may have${peer === "unknown" ? " (its CIDR is computed at preview)" : ""}; which address it has is decided at deployment`,
  };
}

/**
 * TLS-like traffic (a request to `port`, the reply to the client's ephemeral port) through
 * the ACL of `subnet`, which holds the client or the server side.
 */
export function naclAllows(
  model: StackModel,
  subnet: Subnet,
  peer: { name: string; ranges: Ipv4Range[] | "unknown" },
  side: "client" | "server",
  port = 443,
): Reach | undefined {
  const acl = naclForSubnet(model, subnet);
  if (!acl) return undefined;
  if (acl.rulesUnknown)
    return unknown(`the rules of network ACL ${label(model, acl.urn)} are computed at preview`, acl.urn);
  const request: PortRange = [port, port];
  const checks: [Verdict, string][] =
    side === "client"
      ? [
          [naclDecides(acl, true, request, peer.ranges), `outbound TCP ${port} to ${peer.name}`],
          [
            naclDecides(acl, false, EPHEMERAL_PORTS, peer.ranges),
            `inbound return traffic from ${peer.name} on ephemeral ports ${EPHEMERAL_PORTS.join("-")}`,
          ],
        ]
      : [
          [naclDecides(acl, false, request, peer.ranges), `inbound TCP ${port} from ${peer.name}`],
          [
            naclDecides(acl, true, EPHEMERAL_PORTS, peer.ranges),
            `outbound return traffic to ${peer.name} on ephemeral ports ${EPHEMERAL_PORTS.join("-")}`,
          ],
        ];
  for (const [verdict, what] of checks) {
    if (verdict.result === true) continue;
    const message = `network ACL ${label(model, acl.urn)} of subnet ${label(model, subnet.urn)} does not allow ${what} (${verdict.why}); network ACLs are stateless`;
    if (verdict.result === "unknown") return unknown(message, acl.urn);
    const peerText = peer.ranges === "unknown" ? "the peer" : peer.ranges.map(rangeText).slice(0, 3).join(", ");
    return unreachable(message, { kind: "allow-nacl", side, port, peer: peerText }, acl.urn);
  }
  return undefined;
}
