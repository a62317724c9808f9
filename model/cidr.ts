/**
 * IPv4 address arithmetic for route, security group and network ACL checks: CIDRs as closed
 * ranges of 32-bit addresses, and sets of ranges kept sorted and disjoint so that coverage
 * questions cost O(n log n) in the number of rules, never more.
 */

export interface Ipv4Range {
  first: number;
  last: number;
}

const DOT = 46;
const SLASH = 47;

/** Decimal digits of `text` from `at`, at most `max` of them: the value and where they end (end === at: none). */
function digitsAt(text: string, at: number, max: number): { value: number; end: number } {
  let value = 0;
  let end = at;
  while (end < text.length && end - at <= max) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
    end++;
  }
  return { value, end };
}

/**
 * `a.b.c.d/n` (each part decimal, octets up to 255, n up to 32, surrounding blanks ignored) as
 * a range; anything else (IPv6, a typo) undefined. Read by hand, not by a regular expression:
 * every route, rule and subnet of a stack goes through here.
 */
export function parseCidr(cidr: string): Ipv4Range | undefined {
  const text = cidr.trim();
  let address = 0;
  let at = 0;
  for (let octet = 0; octet < 4; octet++) {
    const part = digitsAt(text, at, 3);
    const length = part.end - at;
    if (length === 0 || length > 3 || part.value > 255) return undefined;
    if (text.charCodeAt(part.end) !== (octet < 3 ? DOT : SLASH)) return undefined;
    address = address * 256 + part.value;
    at = part.end + 1;
  }
  const bits = digitsAt(text, at, 2);
  if (bits.end === at || bits.end - at > 2 || bits.end !== text.length || bits.value > 32) return undefined;
  const size = 2 ** (32 - bits.value);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

/** The prefix length of a CIDR (0 for 0.0.0.0/0), or undefined when it is not an IPv4 CIDR. */
export function prefixLength(cidr: string): number | undefined {
  const range = parseCidr(cidr);
  return range ? 32 - Math.log2(range.last - range.first + 1) : undefined;
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return !!a && !!b && a.first <= b.first && b.last <= a.last;
}

export function rangeText(range: Ipv4Range): string {
  const address = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
  const size = range.last - range.first + 1;
  const bits = Math.log2(size);
  if (Number.isInteger(bits) && range.first % size === 0) return `${address(range.first)}/${32 - bits}`;
  return `${address(range.first)}-${address(range.last)}`;
}

/** Sorted, disjoint, non-adjacent ranges covering the same addresses as `ranges`. */
export function normalizeRanges(ranges: readonly Ipv4Range[]): Ipv4Range[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: Ipv4Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.first <= last.last + 1) last.last = Math.max(last.last, range.last);
    else merged.push({ ...range });
  }
  return merged;
}

/** Addresses of `ranges` outside `removed` (both any ranges; the result is normalized). */
export function subtractRanges(ranges: readonly Ipv4Range[], removed: readonly Ipv4Range[]): Ipv4Range[] {
  const cuts = normalizeRanges(removed);
  const result: Ipv4Range[] = [];
  for (const range of normalizeRanges(ranges)) {
    let start = range.first;
    // Binary search for the first cut that may overlap, then walk: each cut is visited once per range it overlaps.
    let low = 0;
    let high = cuts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cuts[mid].last < range.first) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < cuts.length && cuts[i].first <= range.last; i++) {
      if (cuts[i].first > start) result.push({ first: start, last: cuts[i].first - 1 });
      start = Math.max(start, cuts[i].last + 1);
    }
    if (start <= range.last) result.push({ first: start, last: range.last });
  }
  return result;
}

export function intersectRanges(ranges: readonly Ipv4Range[], other: readonly Ipv4Range[]): Ipv4Range[] {
  return subtractRanges(ranges, subtractRanges(ranges, other));
}

/**
 * How much of `target` the union of `cover` holds: all of it, some of it, or none. `cover`
 * must be normalized (see normalizeRanges): each target range then costs O(log n + overlaps).
 */
export function coverage(cover: readonly Ipv4Range[], target: readonly Ipv4Range[]): "all" | "some" | "none" {
  let covered = 0;
  let total = 0;
  for (const range of normalizeRanges(target)) {
    total += range.last - range.first + 1;
    let low = 0;
    let high = cover.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cover[mid].last < range.first) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < cover.length && cover[i].first <= range.last; i++)
      covered += Math.min(cover[i].last, range.last) - Math.max(cover[i].first, range.first) + 1;
  }
  if (covered === total) return "all";
  return covered === 0 ? "none" : "some";
}

export const ANYWHERE = "0.0.0.0/0";

/**
 * Private address space (RFC 1918, https://www.rfc-editor.org/rfc/rfc1918): public AWS
 * service endpoints and internet hosts never resolve into it, so routes and rules for these
 * ranges do not carry internet traffic.
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

let publicSpace: readonly Ipv4Range[] | undefined;

/** Addresses a public host (an AWS service's public endpoint, a registry) may have: a fresh list of shared, frozen ranges. */
export function publicAddressSpace(): Ipv4Range[] {
  publicSpace ??= subtractRanges(
    [parseCidr(ANYWHERE)!],
    PRIVATE_RANGES.map((cidr) => parseCidr(cidr)!),
  ).map((range) => Object.freeze(range));
  return [...publicSpace];
}
