/**
 * Stand-ins for `awsx.ec2.Vpc` and `awsx.ec2.DefaultVpc`: local components with the same type
 * tokens that create, with the program's @pulumi/aws, the children the awsx provider creates
 * (pulumi/pulumi-awsx awsx/ec2/vpc.ts, defaultVpc.ts, getDefaultVpc.ts; facts.ts AWSX_SOURCE):
 * the VPC, its internet gateway, per zone and subnet a subnet, route table, association and
 * default route (to the internet gateway for public subnets, to a NAT gateway for private ones
 * unless the NAT strategy is None), the NAT gateways and Elastic IPs of the strategy, and the
 * endpoints of `vpcEndpointSpecs`.
 */
import type * as awsx from "@pulumi/awsx";
import type * as AwsModule from "@pulumi/aws";
import { AWSX_TYPE, DEFAULT_AZ_COUNT, DEFAULT_VPC_CIDR } from "./facts";
import {
  allocateBlocks,
  allocatorOf,
  checkLayout,
  creationOrder,
  LaidOutSubnet,
  LayoutRequest,
  planSubnets,
  SubnetSpecInput,
} from "./subnet-layout";
import { ConstructionRefused, dependingOn, has, plain } from "./runtime";
import type { AwsxRuntime, ComponentOptions, Input, Output, Resource } from "./runtime";
import { endpointType, vpcEndpoints } from "./vpc-endpoints";
import { resolvedLayout } from "./subnet-layout-output";

type Ec2 = typeof AwsModule.ec2;
type Tags = Input<Record<string, Input<string>>>;

interface VpcChildren {
  vpc: AwsModule.ec2.Vpc;
  subnets: AwsModule.ec2.Subnet[];
  publicSubnets: AwsModule.ec2.Subnet[];
  privateSubnets: AwsModule.ec2.Subnet[];
  isolatedSubnets: AwsModule.ec2.Subnet[];
  routeTables: AwsModule.ec2.RouteTable[];
  routeTableAssociations: AwsModule.ec2.RouteTableAssociation[];
  routes: AwsModule.ec2.Route[];
  internetGateway: AwsModule.ec2.InternetGateway;
  natGateways: AwsModule.ec2.NatGateway[];
  eips: AwsModule.ec2.Eip[];
  vpcEndpoints: AwsModule.ec2.VpcEndpoint[];
  /**
   * The layout in the provider's order, for `subnetLayout`: known, or decided with the VPC's CIDR.
   * Behind a function: an Output inside the object `pulumi.output` resolves would make every
   * output of the VPC unknown while the CIDR is.
   */
  layout: () => LaidOutSubnet[] | Output<LaidOutSubnet[]>;
}

/** The looked-up default VPC (getDefaultVpc.ts): public subnets are those that map public IPs on launch. */
export function defaultVpcOf(runtime: AwsxRuntime, parent: Resource | undefined) {
  const { pulumi, aws } = runtime;
  const vpc = aws.ec2.getVpcOutput({ default: true }, { parent });
  const ids = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] }, { parent }).ids;
  const subnets = ids.apply((list) => pulumi.all(list.map((id) => aws.ec2.getSubnetOutput({ id }, { parent }))));
  return {
    vpcId: vpc.id,
    publicSubnetIds: subnets.apply((list) => list.filter((s) => s.mapPublicIpOnLaunch).map((s) => s.id)),
    privateSubnetIds: subnets.apply((list) => list.filter((s) => !s.mapPublicIpOnLaunch).map((s) => s.id)),
  };
}

/** vpc.ts validateEips: how many Elastic IP allocation ids each NAT strategy takes. */
function checkElasticIps(strategy: string, ids: readonly unknown[], azCount: number): void {
  const lower = strategy.toLowerCase();
  if (lower === "none" && ids.length > 0)
    throw new Error(`natGateways.elasticIpAllocationIds must be empty with strategy "${strategy}"`);
  if (lower === "single" && ids.length > 1)
    throw new Error(`natGateways.elasticIpAllocationIds takes at most one id with strategy "${strategy}"`);
  if (lower === "oneperaz" && ids.length > 0 && ids.length !== azCount)
    throw new Error(
      `natGateways.elasticIpAllocationIds needs one id per zone (${azCount}) with strategy "${strategy}"`,
    );
  if (!["none", "single", "oneperaz"].includes(lower)) throw new Error(`unknown NAT gateway strategy "${strategy}"`);
}

/** vpc.ts shouldCreateNatGateway: Single makes one NAT, OnePerAz one per zone, in the zone's first public subnet. */
function wantsNat(strategy: string, existing: number, azIndex: number): boolean {
  const lower = strategy.toLowerCase();
  return lower === "single" ? existing < 1 : lower === "oneperaz" ? existing < azIndex + 1 : false;
}

/** vpc.ts createIpv6SubnetCidrBlock: the /64 of a subnet, counted inside the VPC's /56. */
function ipv6SubnetBlock(vpcBlock: string, index: number): string {
  const [address, mask] = vpcBlock.split("/");
  if (mask !== "56") throw new Error(`an IPv6 VPC block must be a /56 (got ${vpcBlock})`);
  const groups = address.split(":");
  const fourth = Number.parseInt(groups[3] ?? "", 16);
  if (groups.length < 4 || Number.isNaN(fourth)) throw new Error(`unexpected IPv6 VPC block ${vpcBlock}`);
  return `${groups.slice(0, 3).join(":")}:${((fourth & 0xff00) | index).toString(16)}::/64`;
}

/** The classes have the SDK's shape (checked here by the compiler), so a program reads them as it reads awsx's. */
export interface VpcStandIns {
  Vpc: typeof awsx.ec2.Vpc;
  DefaultVpc: typeof awsx.ec2.DefaultVpc;
  getDefaultVpc: typeof awsx.ec2.getDefaultVpc;
  getDefaultVpcOutput: typeof awsx.ec2.getDefaultVpcOutput;
}

export function vpcStandIns(runtime: AwsxRuntime): VpcStandIns {
  const { pulumi, aws } = runtime;
  const ec2: Ec2 = aws.ec2;

  function refuse(name: string, reason: string): never {
    throw new ConstructionRefused(runtime, { type: AWSX_TYPE.vpc, name, reason });
  }

  /** Everything awsx decides before creating a child, in its order (vpc.ts Vpc.initialize). */
  async function zonesOf(component: Resource, name: string, args: awsx.ec2.VpcArgs): Promise<string[]> {
    if (args.availabilityZoneNames && args.numberOfAvailabilityZones)
      throw new Error(`${name}: give availabilityZoneNames or numberOfAvailabilityZones, not both`);
    if (args.availabilityZoneNames) return args.availabilityZoneNames;
    const wanted = args.numberOfAvailabilityZones ?? DEFAULT_AZ_COUNT;
    const region = has(runtime, "vpcRegionPassThrough") ? args.region : undefined;
    if (region !== undefined && typeof region !== "string")
      throw new Error(`${name}: region must be a plain string when availabilityZoneNames is not given`);
    const zones = await aws.getAvailabilityZones(region ? { region } : undefined, { parent: component });
    if (!zones.names)
      throw new Error(`${name}: the region lists no Availability Zones (an opt-in region not enabled?)`);
    if (zones.names.length < wanted)
      throw new Error(
        `${name}: the region has ${zones.names.length} Availability Zones, fewer than the ${wanted} asked for`,
      );
    return zones.names.slice(0, wanted);
  }

  async function build(component: Resource, name: string, args: awsx.ec2.VpcArgs): Promise<VpcChildren> {
    if (args.ipv4IpamPoolId !== undefined)
      refuse(
        name,
        "its CIDR comes from an IPAM pool, which only AWS allocates; this layout is not constructed offline",
      );
    const strategy = args.subnetStrategy ?? "Legacy";
    if (strategy === "AutoMerge" && !has(runtime, "autoMergeStrategy"))
      refuse(name, `subnetStrategy "AutoMerge" does not exist in @pulumi/awsx ${runtime.version.join(".")}`);
    const endpointStrategy = has(runtime, "vpcEndpointStrategy") ? (args.vpcEndpointStrategy ?? "Legacy") : "Legacy";
    const endpointSpecs = (args.vpcEndpointSpecs ?? []).map((spec) => ({
      spec,
      type: endpointType(spec, endpointStrategy),
    }));
    // vpc.ts getVpcEndpointDnsDefaults: Auto turns DNS on for interface endpoints with private DNS.
    const privateDns =
      endpointStrategy === "Auto" &&
      endpointSpecs.some((e) => e.type === "interface" && e.spec.privateDnsEnabled !== false);
    if (privateDns && (args.enableDnsHostnames === false || args.enableDnsSupport === false))
      throw new Error(
        `${name}: vpcEndpointStrategy "Auto" with private DNS endpoints needs enableDnsHostnames and enableDnsSupport`,
      );
    const enableDnsHostnames = privateDns ? (args.enableDnsHostnames ?? true) : args.enableDnsHostnames;
    const enableDnsSupport = privateDns ? (args.enableDnsSupport ?? true) : args.enableDnsSupport;

    const azNames = await zonesOf(component, name, args);
    const natStrategy: string = args.natGateways?.strategy ?? "OnePerAz";
    const allocationIds = args.natGateways?.elasticIpAllocationIds ?? [];
    checkElasticIps(natStrategy, allocationIds, azNames.length);
    const nameTagStrategy = has(runtime, "subnetNameTagStrategy") ? (args.subnetNameTagStrategy ?? "Legacy") : "Legacy";
    const region = (has(runtime, "vpcRegionPassThrough") ? args.region : undefined) as Input<string> | undefined;
    const sharedTags: Tags = pulumi.Output.isInstance(args.tags)
      ? pulumi.output(args.tags).apply((tags) => ({ Name: name, ...tags }))
      : { Name: name, ...(args.tags as Record<string, Input<string>> | undefined) };
    // Before AWSX_SINCE.autoWithoutSpecs a VPC without subnetSpecs was laid out by the legacy allocator.
    const layoutStrategy = args.subnetSpecs === undefined && !has(runtime, "autoWithoutSpecs") ? "Legacy" : strategy;
    const request: LayoutRequest = {
      vpcName: name,
      azNames,
      specs: args.subnetSpecs as SubnetSpecInput[] | undefined,
      strategy: layoutStrategy,
      azCidrMask: args.availabilityZoneCidrMask,
      nameTagStrategy,
    };
    const plan = planSubnets(request);
    const cidr: Input<string> = args.cidrBlock ?? DEFAULT_VPC_CIDR;
    const check = (laidOut: LaidOutSubnet[], vpcCidr: string) =>
      checkLayout(laidOut, {
        vpcCidr,
        exact: strategy === "Exact",
        natStrategy,
        natMayServeIsolated: has(runtime, "natWithIsolatedSubnets"),
      });
    const layOut = (vpcCidr: string) => {
      const blocks = allocateBlocks(request, vpcCidr);
      const laidOut = plan.map((subnet, i) => ({ ...subnet, cidrBlock: blocks[i] }));
      check(laidOut, vpcCidr);
      return laidOut;
    };
    const vpcArgs = { ...args, enableDnsHostnames, enableDnsSupport, cidrBlock: cidr, tags: sharedTags };
    let layout: LaidOutSubnet[] | Output<LaidOutSubnet[]>;
    let vpc: AwsModule.ec2.Vpc;
    const known = plain(pulumi, cidr);
    if (known !== undefined) {
      // A literal CIDR is laid out and checked before the VPC exists, so a bad layout creates nothing.
      layout = layOut(known);
      vpc = new ec2.Vpc(name, vpcArgs as AwsModule.ec2.VpcArgs, { parent: component });
    } else {
      if (!has(runtime, "outputCidr"))
        refuse(
          name,
          `its CIDR is known only at deployment, which @pulumi/awsx ${runtime.version.join(".")} does not lay out (2.14.0 and later do)`,
        );
      if (allocatorOf(request) === "legacy")
        throw new Error(
          `${name}: a CIDR known only at deployment needs subnetStrategy "Auto" (Legacy lays out literal CIDRs only)`,
        );
      vpc = new ec2.Vpc(name, vpcArgs as AwsModule.ec2.VpcArgs, { parent: component });
      layout = pulumi.output(cidr).apply(layOut);
    }
    const children = createChildren(name, args, vpc, plan, layout, {
      natStrategy,
      allocationIds,
      region,
      sharedTags,
      azCount: azNames.length,
    });
    const endpoints = vpcEndpoints(runtime, {
      specs: endpointSpecs,
      strategy: endpointStrategy,
      region,
      vpc,
      sharedTags,
      subnets: children.subnetsByType,
      routeTables: children.routeTables,
      azNames,
    });
    // Before AWSX_SINCE.vpcEndpointsListed the endpoints were created but not listed.
    if (has(runtime, "vpcEndpointsListed")) children.vpcEndpoints = endpoints;
    return { ...children, vpc, layout: () => layout };
  }

  function createChildren(
    name: string,
    args: awsx.ec2.VpcArgs,
    vpc: AwsModule.ec2.Vpc,
    plan: ReturnType<typeof planSubnets>,
    layout: LaidOutSubnet[] | Output<LaidOutSubnet[]>,
    options: {
      natStrategy: string;
      allocationIds: Input<string>[];
      region: Input<string> | undefined;
      sharedTags: Tags;
      azCount: number;
    },
  ) {
    const { natStrategy, allocationIds, region, sharedTags, azCount } = options;
    // The internet gateway is created whatever the subnets (vpc.ts: AWS does not charge for it).
    const internetGateway = new ec2.InternetGateway(
      name,
      { region, vpcId: vpc.id, tags: sharedTags },
      { parent: vpc, dependsOn: [vpc] },
    );
    const children = {
      internetGateway,
      subnets: [] as AwsModule.ec2.Subnet[],
      publicSubnets: [] as AwsModule.ec2.Subnet[],
      privateSubnets: [] as AwsModule.ec2.Subnet[],
      isolatedSubnets: [] as AwsModule.ec2.Subnet[],
      routeTables: [] as AwsModule.ec2.RouteTable[],
      routeTableAssociations: [] as AwsModule.ec2.RouteTableAssociation[],
      routes: [] as AwsModule.ec2.Route[],
      natGateways: [] as AwsModule.ec2.NatGateway[],
      eips: [] as AwsModule.ec2.Eip[],
      vpcEndpoints: [] as AwsModule.ec2.VpcEndpoint[],
      subnetsByType: [] as { subnet: AwsModule.ec2.Subnet; type: string; azName: string }[],
    };
    const planIndex = new Map(plan.map((subnet, i) => [subnet.resourceName, i]));
    const ordered = creationOrder(
      plan.map((subnet) => ({ ...subnet, cidrBlock: "" })),
      azCount,
    );
    const vpcAssigns = args.assignGeneratedIpv6CidrBlock;
    for (let azIndex = 0; azIndex < azCount; azIndex++) {
      let ipv6Index = azIndex;
      for (const entry of ordered.filter((subnet) => subnet.azIndex === azIndex)) {
        const at = planIndex.get(entry.resourceName)!;
        const cidrBlock = Array.isArray(layout) ? layout[at].cidrBlock : layout.apply((l) => l[at].cidrBlock);
        const type = entry.type.toLowerCase();
        const assignIpv6 = pulumi
          .all([entry.spec.assignIpv6AddressOnCreation as Input<boolean> | undefined, vpcAssigns])
          .apply(([own, fromVpc]) => own ?? fromVpc ?? false);
        const index = ipv6Index;
        // Before AWSX_SINCE.subnetIpv6 the provider sent neither IPv6 input (and refused nothing).
        const ipv6 = () => ({
          assignIpv6AddressOnCreation: assignIpv6,
          ipv6CidrBlock: pulumi.all([vpc.ipv6CidrBlock, assignIpv6]).apply(([block, assign]) => {
            if (!assign) return undefined;
            if (!block) throw new Error(`${name}: subnets assigning IPv6 addresses need an IPv6 block on the VPC`);
            return ipv6SubnetBlock(block, index);
          }) as Output<string>,
        });
        const subnet = new ec2.Subnet(
          entry.resourceName,
          {
            region,
            vpcId: vpc.id,
            availabilityZone: entry.azName,
            mapPublicIpOnLaunch: type === "public",
            cidrBlock,
            ...(has(runtime, "subnetIpv6") ? ipv6() : {}),
            tags: pulumi
              .all([sharedTags, entry.spec.tags as Tags | undefined])
              .apply(([shared, own]) => ({ ...shared, ...own, Name: entry.nameTag, SubnetType: entry.type })),
          },
          { parent: vpc, dependsOn: [vpc] },
        );
        ipv6Index += azCount;
        children.subnets.push(subnet);
        children.subnetsByType.push({ subnet, type, azName: entry.azName });
        (type === "public"
          ? children.publicSubnets
          : type === "private"
            ? children.privateSubnets
            : children.isolatedSubnets
        ).push(subnet);
        const routeTable = new ec2.RouteTable(
          entry.resourceName,
          {
            region,
            vpcId: vpc.id,
            tags: pulumi
              .output(sharedTags)
              .apply((shared) => ({ ...shared, Name: entry.nameTag, SubnetType: entry.type })),
          },
          { parent: subnet, dependsOn: [subnet] },
        );
        children.routeTables.push(routeTable);
        children.routeTableAssociations.push(
          new ec2.RouteTableAssociation(
            entry.resourceName,
            { region, routeTableId: routeTable.id, subnetId: subnet.id },
            { parent: routeTable, dependsOn: [routeTable] },
          ),
        );
        if (type === "public" && wantsNat(natStrategy, children.natGateways.length, azIndex)) {
          const natName = `${name}-${azIndex + 1}`;
          const natTags = pulumi.output(args.tags ?? {}).apply((tags) => ({ ...tags, Name: natName }));
          if (allocationIds.length === 0)
            children.eips.push(
              new ec2.Eip(natName, { region, tags: natTags }, { parent: subnet, dependsOn: [subnet] }),
            );
          // vpc.ts indexes the Elastic IPs by zone, as here.
          const allocationId =
            allocationIds.length === 0 ? children.eips[azIndex].allocationId : allocationIds[azIndex];
          children.natGateways.push(
            new ec2.NatGateway(
              natName,
              { region, subnetId: subnet.id, allocationId, tags: natTags },
              { parent: subnet, dependsOn: [subnet] },
            ),
          );
        }
        const nat = natStrategy.toLowerCase() === "single" ? children.natGateways[0] : children.natGateways[azIndex];
        const target =
          type === "public"
            ? { gatewayId: internetGateway.id }
            : type === "private" && natStrategy.toLowerCase() !== "none"
              ? { natGatewayId: nat.id }
              : undefined;
        if (target)
          children.routes.push(
            new ec2.Route(
              entry.resourceName,
              { region, routeTableId: routeTable.id, ...target, destinationCidrBlock: "0.0.0.0/0" },
              { parent: routeTable, dependsOn: [routeTable] },
            ),
          );
      }
    }
    return children;
  }

  class Vpc extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.vpc;
    static isInstance(value: unknown): value is Vpc {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.vpc;
    }
    readonly vpc: Output<AwsModule.ec2.Vpc>;
    readonly subnets: Output<AwsModule.ec2.Subnet[]>;
    readonly publicSubnets: Output<AwsModule.ec2.Subnet[]>;
    readonly privateSubnets: Output<AwsModule.ec2.Subnet[]>;
    readonly isolatedSubnets: Output<AwsModule.ec2.Subnet[]>;
    readonly routeTables: Output<AwsModule.ec2.RouteTable[]>;
    readonly routeTableAssociations: Output<AwsModule.ec2.RouteTableAssociation[]>;
    readonly routes: Output<AwsModule.ec2.Route[]>;
    readonly internetGateway: Output<AwsModule.ec2.InternetGateway>;
    readonly natGateways: Output<AwsModule.ec2.NatGateway[]>;
    readonly eips: Output<AwsModule.ec2.Eip[]>;
    readonly vpcEndpoints: Output<AwsModule.ec2.VpcEndpoint[]>;
    readonly subnetLayout: Output<awsx.types.output.ec2.ResolvedSubnetSpec[]>;
    readonly vpcId: Output<string>;
    readonly publicSubnetIds: Output<string[]>;
    readonly privateSubnetIds: Output<string[]>;
    readonly isolatedSubnetIds: Output<string[]>;

    constructor(name: string, args: awsx.ec2.VpcArgs = {}, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.vpc, name, args, opts);
      // Children are created once the zones are looked up; keep the engine connection open till then.
      const done = pulumi.runtime.rpcKeepAlive();
      const built = build(this, name, args).finally(done);
      const children = pulumi.output(built);
      const resources = <T extends Resource>(pick: (c: VpcChildren) => T[]) =>
        children.apply((c) => dependingOn(pulumi, pick(c), pick(c)));
      const ids = (pick: (c: VpcChildren) => AwsModule.ec2.Subnet[]) =>
        children.apply((c) => pulumi.all(pick(c).map((subnet) => subnet.id)));
      this.vpc = children.apply((c) => dependingOn(pulumi, c.vpc, [c.vpc]));
      this.internetGateway = children.apply((c) => dependingOn(pulumi, c.internetGateway, [c.internetGateway]));
      this.subnets = resources((c) => c.subnets);
      this.publicSubnets = resources((c) => c.publicSubnets);
      this.privateSubnets = resources((c) => c.privateSubnets);
      this.isolatedSubnets = resources((c) => c.isolatedSubnets);
      this.routeTables = resources((c) => c.routeTables);
      this.routeTableAssociations = resources((c) => c.routeTableAssociations);
      this.routes = resources((c) => c.routes);
      this.natGateways = resources((c) => c.natGateways);
      this.eips = resources((c) => c.eips);
      this.vpcEndpoints = resources((c) => c.vpcEndpoints);
      this.vpcId = children.apply((c) => c.vpc.id);
      this.publicSubnetIds = ids((c) => c.publicSubnets);
      this.privateSubnetIds = ids((c) => c.privateSubnets);
      this.isolatedSubnetIds = ids((c) => c.isolatedSubnets);
      this.subnetLayout = children.apply((c) =>
        pulumi
          .output(c.layout())
          .apply(
            (layout) =>
              resolvedLayout(layout, name, args, azCountOf(layout)) as awsx.types.output.ec2.ResolvedSubnetSpec[],
          ),
      );
      this.registerOutputs({});
    }
  }

  const azCountOf = (layout: LaidOutSubnet[]) => new Set(layout.map((subnet) => subnet.azIndex)).size;

  class DefaultVpc extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.defaultVpc;
    static isInstance(value: unknown): value is DefaultVpc {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.defaultVpc;
    }
    readonly vpcId: Output<string>;
    readonly publicSubnetIds: Output<string[]>;
    readonly privateSubnetIds: Output<string[]>;

    constructor(name: string, args: awsx.ec2.DefaultVpcArgs = {}, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.defaultVpc, name, args, opts);
      // defaultVpc.ts: no resource, only the lookups of the default VPC and its subnets.
      const found = defaultVpcOf(runtime, this);
      this.vpcId = found.vpcId;
      this.publicSubnetIds = found.publicSubnetIds;
      this.privateSubnetIds = found.privateSubnetIds;
      this.registerOutputs({});
    }
  }

  /** The deprecated `awsx.ec2.getDefaultVpc` function, answered by the same lookups. */
  function getDefaultVpcOutput(_args?: unknown, opts?: { parent?: Resource }) {
    return pulumi.output(defaultVpcOf(runtime, opts?.parent));
  }
  const getDefaultVpc = (args?: unknown, opts?: { parent?: Resource }) =>
    new Promise<awsx.ec2.GetDefaultVpcResult>((resolve) => getDefaultVpcOutput(args, opts).apply(resolve));

  return { Vpc, DefaultVpc, getDefaultVpc, getDefaultVpcOutput };
}
