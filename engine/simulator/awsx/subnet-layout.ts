/**
 * How an `awsx.ec2.Vpc` lays out its subnets: which subnets exist per Availability Zone, their
 * names, and their CIDR blocks, per subnet strategy. Pure functions over plain values; the
 * component (vpc.ts) creates the resources. Each function names the provider function whose
 * decision it re-derives (pulumi/pulumi-awsx awsx/ec2/*.ts, facts.ts AWSX_SOURCE).
 */

export type SubnetType = "Public" | "Private" | "Isolated" | "Unused";
export type SubnetStrategy = "Legacy" | "Auto" | "Exact" | "AutoMerge";
export type NameTagStrategy = "Legacy" | "AvailabilityZone";

/** One entry of `subnetSpecs` as the component reads it (tags and the IPv6 flag are carried through). */
export interface SubnetSpecInput {
  type: SubnetType;
  name?: string;
  cidrMask?: number;
  size?: number;
  cidrBlocks?: string[];
  tags?: unknown;
  assignIpv6AddressOnCreation?: unknown;
}

/** One subnet the layout decided, in the order the provider lists them. */
export interface PlannedSubnet {
  type: SubnetType;
  azName: string;
  /** 0-based index of the zone. */
  azIndex: number;
  /** The Pulumi name of the subnet, its route table, association and route. */
  resourceName: string;
  /** The AWS `Name` tag. */
  nameTag: string;
  spec: SubnetSpecInput;
}

export interface LayoutRequest {
  vpcName: string;
  azNames: readonly string[];
  specs: readonly SubnetSpecInput[] | undefined;
  strategy: SubnetStrategy;
  azCidrMask?: number;
  nameTagStrategy: NameTagStrategy;
}

// ---- IPv4 blocks -------------------------------------------------------------------------

/** An address with a prefix length, as awsx writes it: the address need not be the block's first. */
export interface Block {
  address: number;
  mask: number;
}

const size = (mask: number) => 2 ** (32 - mask);
const first = (block: Block) => Math.floor(block.address / size(block.mask)) * size(block.mask);
const last = (block: Block) => first(block) + size(block.mask) - 1;

export function parseBlock(cidr: string): Block {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const mask = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255) || mask > 32)
    throw new Error(`"${cidr}" is not an IPv4 CIDR block (a.b.c.d/n)`);
  return { address: octets.reduce((sum, octet) => sum * 256 + octet, 0), mask };
}

const dotted = (address: number) => [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
export const blockText = (block: Block) => `${dotted(block.address)}/${block.mask}`;

/**
 * subnetDistributorLegacy.ts cidrSubnetV4: the `index`-th block `extraBits` longer than
 * `block`, counted from the address as written (not its network address).
 */
function subdivide(block: Block, extraBits: number, index: number): Block {
  const mask = block.mask + extraBits;
  if (mask > 32) throw new Error(`a /${block.mask} block has no room for ${extraBits} more bits`);
  return { address: block.address + size(mask) * index, mask };
}

const overlapping = (a: Block, b: Block) => first(a) <= last(b) && first(b) <= last(a);

/** subnetDistributorLegacy.ts nextBlock: the first block of `mask` after the one holding `previous`'s last address. */
function blockAfter(previous: Block, mask: number): Block {
  return { address: last({ address: last(previous), mask }) + 1, mask };
}

/** The `netmask` package's view: the network address, a last usable address one before broadcast up to /30. */
const normalized = (block: Block): Block => ({ address: first(block), mask: block.mask });
const lastUsable = (block: Block) => (block.mask <= 30 ? last(block) - 1 : last(block));
/** subnetDistributorNew.ts nextNetmask. */
const netmaskAfter = (previous: Block, mask: number): Block => {
  const holding = normalized({ address: lastUsable(previous), mask });
  return { address: holding.address + size(mask), mask };
};

// ---- names -------------------------------------------------------------------------------

/** subnetNaming.ts azSuffix: `us-east-1a` → `1a`. */
function azSuffix(azName: string): string {
  const prefix = /^[a-z]{2}(?:-[a-z]+)+-/;
  return prefix.test(azName) ? azName.replace(prefix, "") : azName;
}

/** subnetNaming.ts subnetNames: the resource name always uses the zone's number, the Name tag follows the strategy. */
function names(request: LayoutRequest, spec: SubnetSpecInput, azIndex: number) {
  const base = `${request.vpcName}-${spec.name ?? spec.type.toLowerCase()}`;
  const resourceName = `${base}-${azIndex + 1}`;
  const nameTag =
    request.nameTagStrategy === "AvailabilityZone" ? `${base}-${azSuffix(request.azNames[azIndex])}` : resourceName;
  return { resourceName, nameTag };
}

const planned = (request: LayoutRequest, spec: SubnetSpecInput, azIndex: number): PlannedSubnet => ({
  type: spec.type,
  azName: request.azNames[azIndex],
  azIndex,
  ...names(request, spec, azIndex),
  spec,
});

// ---- spec normalisation (subnetDistributorNew.ts validateAndNormalizeSubnetInputs) --------

/** Subnet sizes awsx accepts, indexed by prefix length (0 to 30). */
const VALID_SIZES = Array.from({ length: 31 }, (_, mask) => size(mask));

interface NormalizedSpecs {
  specs: SubnetSpecInput[];
  explicit: boolean;
}

export function normalizeSpecs(specs: readonly SubnetSpecInput[], azCount: number): NormalizedSpecs {
  const problems: string[] = [];
  for (const type of new Set(specs.map((spec) => spec.type.toLowerCase()))) {
    const sameType = specs.filter((spec) => spec.type.toLowerCase() === type);
    const named = sameType.map((spec) => spec.name).filter((name) => name !== undefined);
    if (sameType.length - named.length > 1 || new Set(named).size < named.length)
      problems.push(`subnet specs of type "${type}" need distinct names (at most one of them may be unnamed)`);
  }
  const badSizes = specs.filter((spec) => spec.size !== undefined && !VALID_SIZES.includes(spec.size));
  if (badSizes.length > 0)
    problems.push(`subnet sizes ${badSizes.map((spec) => spec.size).join(", ")} are not powers of two from 4 up`);
  const explicit = specs.some((spec) => spec.cidrBlocks !== undefined);
  const normalized = specs.map((spec, index) => {
    if (explicit) {
      if (spec.cidrBlocks === undefined) problems.push("when one subnet spec has cidrBlocks, every spec needs them");
      else if (spec.cidrBlocks.length !== azCount)
        problems.push(`subnetSpecs[${index}].cidrBlocks needs one block per zone (${azCount})`);
      else {
        const blocks = spec.cidrBlocks.map(parseBlock);
        if (spec.cidrMask !== undefined && blocks.some((block) => block.mask !== spec.cidrMask))
          problems.push(`subnetSpecs[${index}].cidrMask disagrees with its cidrBlocks`);
        if (spec.size !== undefined && blocks.some((block) => size(block.mask) !== spec.size))
          problems.push(`subnetSpecs[${index}].size disagrees with its cidrBlocks`);
      }
      return spec;
    }
    const cidrMask = spec.cidrMask ?? (spec.size ? VALID_SIZES.indexOf(spec.size) : undefined);
    const expected = cidrMask ? VALID_SIZES[cidrMask] : undefined;
    if (spec.size !== undefined && expected !== undefined && expected !== spec.size)
      problems.push(`subnet size ${spec.size} is not the size of a /${cidrMask}`);
    return { ...spec, cidrMask, size: expected };
  });
  if (problems.length > 0) throw new Error(`invalid subnetSpecs:\n - ${problems.join("\n - ")}`);
  return { specs: normalized, explicit };
}

// ---- which subnets ------------------------------------------------------------------------

const DEFAULT_SPECS: readonly SubnetSpecInput[] = [{ type: "Private" }, { type: "Public" }];
const byType = (specs: readonly SubnetSpecInput[], type: SubnetType) =>
  specs.filter((spec) => spec.type.toLowerCase() === type.toLowerCase());

/** subnetDistributorNew.ts mergeWithDefaultSubnetSpecs: an unnamed spec of a default type overrides that default. */
export function mergeWithDefaults(
  user: readonly SubnetSpecInput[],
  defaults: readonly SubnetSpecInput[],
): SubnetSpecInput[] {
  const overrides = new Map<string, SubnetSpecInput>();
  const extra: SubnetSpecInput[] = [];
  for (const spec of user) {
    const type = spec.type.toLowerCase();
    if (spec.name === undefined && defaults.some((candidate) => candidate.type.toLowerCase() === type)) {
      if (overrides.has(type)) throw new Error(`subnet specs of type "${type}": at most one may be unnamed`);
      overrides.set(type, spec);
    } else extra.push(spec);
  }
  return [...defaults.map((spec) => ({ ...spec, ...overrides.get(spec.type.toLowerCase()) })), ...extra];
}

/** vpc.ts pickSubnetAllocator: which of the provider's allocators decides the blocks. */
export function allocatorOf(request: LayoutRequest): "legacy" | "explicit" | "new" {
  if (request.specs === undefined)
    return request.strategy === "Auto" || request.strategy === "AutoMerge" ? "new" : "legacy";
  if (request.strategy === "Legacy") return "legacy";
  return normalizeSpecs(request.specs, request.azNames.length).explicit ? "explicit" : "new";
}

/** The specs that decide a new-allocator layout (AutoMerge merges them into the defaults). */
function newAllocatorSpecs(request: LayoutRequest): readonly SubnetSpecInput[] {
  const user = request.specs && normalizeSpecs(request.specs, request.azNames.length).specs;
  if (request.strategy === "AutoMerge") {
    if (user?.some((spec) => spec.cidrBlocks !== undefined))
      throw new Error('subnetStrategy "AutoMerge" takes no cidrBlocks; use "Auto" or "Exact" for a fixed layout');
    return mergeWithDefaults(user ?? [], DEFAULT_SPECS);
  }
  return user ?? DEFAULT_SPECS;
}

/**
 * The subnets of the layout, in the order the provider lists them (its validations read that
 * order): Legacy lists each zone's private, public then isolated specs (without specs: all
 * private subnets, then all public ones); the other allocators list each zone's specs in order.
 */
export function planSubnets(request: LayoutRequest): PlannedSubnet[] {
  const zones = request.azNames.map((_, index) => index);
  switch (allocatorOf(request)) {
    case "legacy": {
      if (request.specs === undefined)
        return ["Private", "Public"].flatMap((type) =>
          zones.map((i) => planned(request, { type } as SubnetSpecInput, i)),
        );
      const specs = normalizeSpecs(request.specs, request.azNames.length).specs;
      const ordered = [...byType(specs, "Private"), ...byType(specs, "Public"), ...byType(specs, "Isolated")];
      return zones.flatMap((i) =>
        ordered.map((spec) => planned(request, { ...spec, type: canonicalType(spec.type) }, i)),
      );
    }
    case "explicit":
    case "new": {
      const specs = newAllocatorSpecs(request);
      return zones.flatMap((i) => specs.map((spec) => planned(request, spec, i)));
    }
  }
}

function canonicalType(type: string): SubnetType {
  const lower = type.toLowerCase();
  return lower === "public" ? "Public" : lower === "private" ? "Private" : lower === "isolated" ? "Isolated" : "Unused";
}

// ---- which blocks -------------------------------------------------------------------------

/** nextPow2 of subnetDistributorLegacy.ts, as a number of bits. */
const bitsFor = (count: number) => (count <= 1 ? 0 : Math.ceil(Math.log2(count)));

/** subnetDistributorLegacy.ts getSubnetSpecsLegacy: the blocks, in planSubnets order. */
function legacyBlocks(request: LayoutRequest, vpcCidr: string): string[] {
  const vpc = parseBlock(vpcCidr);
  const azBits = request.azCidrMask !== undefined ? request.azCidrMask - vpc.mask : bitsFor(request.azNames.length);
  const azBases = request.azNames.map((_, index) => subdivide(vpc, azBits, index));
  if (request.specs === undefined) {
    const privates = azBases.map((base) => subdivide(base, 1, 0));
    const publics = privates.map((block) => subdivide(subdivide(block, 0, 1), 1, 0));
    return [...privates, ...publics].map(blockText);
  }
  const specs = normalizeSpecs(request.specs, request.azNames.length).specs;
  const baseMask = azBases[0].mask;
  const extraBits = specs.length === 1 ? 0 : 1;
  const defaultMask = { Private: 19, Public: 20, Isolated: 24 } as const;
  const blocks: string[] = [];
  for (const azBase of azBases) {
    let current: Block = { address: first(azBase) - 1, mask: 32 };
    const placedByType: Record<"Private" | "Public" | "Isolated", Block[]> = { Private: [], Public: [], Isolated: [] };
    // Each type starts after the last block of the types placed before it, else at the zone's base.
    const after: Record<"Private" | "Public" | "Isolated", ("Private" | "Public")[]> = {
      Private: [],
      Public: ["Private"],
      Isolated: ["Public", "Private"],
    };
    for (const type of ["Private", "Public", "Isolated"] as const) {
      byType(specs, type).forEach((spec, index) => {
        const mask = spec.cidrMask ?? Math.max(baseMask + extraBits, defaultMask[type]);
        const previousType = after[type].find((earlier) => placedByType[earlier].length > 0);
        const previous = previousType && placedByType[previousType][placedByType[previousType].length - 1];
        const start = previous ? subdivide(previous, 0, 1) : azBase;
        let next = subdivide(start, mask - start.mask, index);
        if (overlapping(current, next)) next = blockAfter(current, mask);
        placedByType[type].push(next);
        blocks.push(blockText(next));
        current = next;
      });
    }
  }
  return blocks;
}

/** subnetDistributorNew.ts allocateSubnetCidrBlocks (and defaultSubnetInputs): packed in spec order per zone. */
function newBlocks(request: LayoutRequest, vpcCidr: string): string[] {
  const vpc = normalized(parseBlock(vpcCidr));
  const azMask = request.azCidrMask ?? vpc.mask + bitsFor(request.azNames.length);
  const defaults = (): SubnetSpecInput[] => {
    if (azMask > 26)
      throw new Error(
        `default subnets need at least a /26 per zone, and each zone gets a /${azMask}: give subnetSpecs`,
      );
    const widest = Math.max(azMask, 16);
    return [
      { type: "Private", cidrMask: widest + 1 },
      { type: "Public", cidrMask: widest + 2 },
    ];
  };
  const user = request.specs && normalizeSpecs(request.specs, request.azNames.length).specs;
  const specs = request.strategy === "AutoMerge" ? mergeWithDefaults(user ?? [], defaults()) : (user ?? defaults());
  if (specs.length === 0) throw new Error("subnetSpecs is empty");
  const defaultMask = azMask + bitsFor(specs.length);
  const total = specs.reduce((sum, spec) => sum + size(spec.cidrMask ?? defaultMask), 0);
  if (total > size(azMask))
    throw new Error(`the subnets of a zone need ${total} addresses and a zone has ${size(azMask)}`);
  const blocks: string[] = [];
  request.azNames.forEach((_, azIndex) => {
    const zone = { address: vpc.address + size(azMask) * azIndex, mask: azMask };
    let current: Block | undefined;
    for (const spec of specs) {
      const mask = spec.cidrMask ?? defaultMask;
      current = current ? netmaskAfter(current, mask) : normalized({ address: zone.address, mask });
      blocks.push(blockText(current));
    }
  });
  return blocks;
}

/** The CIDR block of each subnet of planSubnets(request), in that order. */
export function allocateBlocks(request: LayoutRequest, vpcCidr: string): string[] {
  switch (allocatorOf(request)) {
    case "legacy":
      return legacyBlocks(request, vpcCidr);
    case "explicit": {
      const specs = normalizeSpecs(request.specs ?? [], request.azNames.length).specs;
      return request.azNames.flatMap((_, azIndex) => specs.map((spec) => spec.cidrBlocks![azIndex]));
    }
    case "new":
      return newBlocks(request, vpcCidr);
  }
}

// ---- validation (vpc.ts validateSubnets, validateNoGaps, validateNatGatewayStrategy) -------

export interface LaidOutSubnet extends PlannedSubnet {
  cidrBlock: string;
}

export function checkLayout(
  subnets: readonly LaidOutSubnet[],
  options: { vpcCidr?: string; exact: boolean; natStrategy: string; natMayServeIsolated: boolean },
): void {
  const blocks = subnets.map((subnet) => parseBlock(subnet.cidrBlock));
  const overlaps = subnets.filter((_, i) => blocks.some((other, j) => i !== j && overlapping(blocks[i], other)));
  if (overlaps.length > 0)
    throw new Error(
      `these subnets overlap another one (a larger VPC CIDR, smaller subnets or fewer zones would fix it): ${overlaps
        .map((subnet) => `${subnet.resourceName} ${subnet.cidrBlock}`)
        .join(", ")}`,
    );
  if (options.exact && options.vpcCidr !== undefined) {
    const vpc = normalized(parseBlock(options.vpcCidr));
    const gaps: string[] = [];
    blocks.forEach((block, i) => {
      const expected = i === 0 ? vpc.address : last(blocks[i - 1]) + 1;
      if (first(block) !== expected) gaps.push(`before ${subnets[i].resourceName} (${subnets[i].cidrBlock})`);
    });
    if (blocks.length > 0 && last(blocks[blocks.length - 1]) !== last(vpc)) gaps.push(`after the last subnet`);
    if (gaps.length > 0)
      throw new Error(`subnetStrategy "Exact" leaves gaps in ${options.vpcCidr}: ${gaps.join(", ")}`);
  }
  const strategy = options.natStrategy.toLowerCase();
  if (strategy === "none") return;
  if (strategy !== "oneperaz" && strategy !== "single")
    throw new Error(`unknown NAT gateway strategy "${options.natStrategy}"`);
  const served = options.natMayServeIsolated ? ["private", "isolated"] : ["private"];
  const types = new Set(subnets.map((subnet) => subnet.type.toLowerCase()));
  if (!types.has("public") || !served.some((type) => types.has(type)))
    throw new Error(
      `natGateways strategy "${options.natStrategy}" needs public subnets to hold the NAT gateways and ${served.join(" or ")} subnets to use them`,
    );
}

/** vpc.ts compareSubnetSpecs with a stable sort: per zone, public subnets first, then private, then isolated. */
export function creationOrder(subnets: readonly LaidOutSubnet[], azCount: number): LaidOutSubnet[] {
  const rank: Record<string, number> = { public: 0, private: 1, isolated: 2 };
  return Array.from({ length: azCount }, (_, azIndex) =>
    subnets
      .filter((subnet) => subnet.azIndex === azIndex && subnet.type !== "Unused")
      .sort((a, b) => rank[a.type.toLowerCase()] - rank[b.type.toLowerCase()]),
  ).flat();
}
