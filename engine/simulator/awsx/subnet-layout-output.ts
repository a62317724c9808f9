/**
 * The `subnetLayout` output of an `awsx.ec2.Vpc` (pulumi/pulumi-awsx awsx/ec2/vpc.ts
 * decideSubnetSpecs, extractSubnetSpecInputFromLegacyLayout, findSubnetGap; vpcConverters.ts).
 * Informational only: nothing checked reads it, but a program may print or export it.
 */
import type * as awsx from "@pulumi/awsx";
import { Block, LaidOutSubnet, normalizeSpecs, parseBlock, SubnetSpecInput } from "./subnet-layout";

interface ResolvedSpec {
  type: string;
  name?: string;
  cidrMask?: number;
  size?: number;
  cidrBlocks?: string[];
}

const size = (mask: number) => 2 ** (32 - mask);
const start = (block: Block) => Math.floor(block.address / size(block.mask)) * size(block.mask);
const end = (block: Block) => start(block) + size(block.mask) - 1;

/** findSubnetGap: the widest aligned blocks that fill the space between two subnets. */
function gapBetween(a: Block, b: Block): Block[] {
  const [low, high] = start(a) < start(b) ? [a, b] : [b, a];
  const gaps: Block[] = [];
  let previous = a;
  let next: Block = { address: start(low) + size(low.mask), mask: low.mask };
  while (start(next) < start(high)) {
    for (;;) {
      const wider = { address: next.address, mask: next.mask - 1 };
      const widerRange = { first: start(wider), last: end(wider) };
      const touches = (at: number) => widerRange.first <= at && at <= widerRange.last;
      if (touches(end(previous)) || touches(start(high))) break;
      next = { address: start(wider), mask: wider.mask };
    }
    gaps.push(next);
    previous = next;
    next = { address: start(next) + size(next.mask), mask: next.mask };
  }
  return gaps;
}

/** The layout as awsx reports it: derived from the subnets awsx lists first, or the normalized specs. */
export function resolvedLayout(
  layout: readonly LaidOutSubnet[],
  vpcName: string,
  args: awsx.ec2.VpcArgs,
  azCount: number,
): ResolvedSpec[] {
  const strategy = args.subnetStrategy ?? "Legacy";
  const specs = args.subnetSpecs as SubnetSpecInput[] | undefined;
  if (specs !== undefined && strategy !== "Legacy" && strategy !== "AutoMerge") {
    return normalizeSpecs(specs, azCount).specs.map((spec) => ({
      type: spec.type,
      name: spec.name || undefined,
      cidrMask: spec.cidrMask || undefined,
      size: spec.size || undefined,
      cidrBlocks: spec.cidrBlocks,
    }));
  }
  // awsx takes the first (subnets / zones) entries of its list as "one zone's" subnets, as here.
  const first = layout.slice(0, layout.length / Math.max(azCount, 1));
  const resolved: ResolvedSpec[] = [];
  let previous: Block | undefined;
  for (const subnet of first) {
    const block = parseBlock(subnet.cidrBlock);
    if (previous) for (const gap of gapBetween(previous, block)) resolved.push({ type: "Unused", cidrMask: gap.mask });
    const specName = subnet.resourceName.replace(`${vpcName}-`, "").replace(/-\d+$/, "");
    resolved.push({
      type: subnet.type,
      ...(specName === subnet.type.toLowerCase() ? {} : { name: specName }),
      cidrMask: block.mask || undefined,
    });
    previous = block;
  }
  return resolved;
}
