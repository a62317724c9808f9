/**
 * Readers of VPCs, subnets, route tables and routes, internet and NAT gateways, DHCP options.
 * Each reads a resource already settled (../settle.ts): an unset Optional+Computed attribute
 * holds its create-time value from the provider-fact table, so "absent" below means "absent
 * after create".
 */
import { Fact, known, readBlocks, readBoolean, readString, readStrings, UNKNOWN_FACT } from "../values";
import type { RouteEntry, RouteTarget, RouteTable } from "../model";
import { idOf, BuildState, ReaderTable } from "./common";
import type { Resolver } from "../resolver";
import type { Properties, StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";
import { PREFIX_LIST_SOURCES } from "./security";
import { unsetBoolean, unsetString } from "../../../engine/provider-facts";

/** What the provider gives these attributes when the program leaves them unset (read once). */
const UNSET = {
  dnsSupport: unsetBoolean(T.vpc, "enableDnsSupport"),
  dnsHostnames: unsetBoolean(T.vpc, "enableDnsHostnames"),
  natConnectivity: unsetString(T.natGateway, "connectivityType"),
};

const ROUTE_TARGETS: [key: string, kind: RouteTarget["kind"], types: readonly string[]][] = [
  ["natGatewayId", "nat", [T.natGateway]],
  ["vpcEndpointId", "vpc-endpoint", [T.vpcEndpoint]],
  ["transitGatewayId", "other", []],
  ["networkInterfaceId", "other", []],
  ["vpcPeeringConnectionId", "other", []],
  ["egressOnlyGatewayId", "other", []],
  ["localGatewayId", "other", []],
  ["carrierGatewayId", "other", []],
  ["coreNetworkArn", "other", []],
];

function routeTarget(resolver: Resolver, owner: StackResource, property: string, route: Properties): RouteTarget {
  const gateway = readString(route, "gatewayId");
  if (gateway !== undefined) {
    if (known(gateway) && gateway.startsWith("vpce-")) {
      return { kind: "vpc-endpoint", ref: resolver.one(owner, property, gateway, [T.vpcEndpoint]) ?? {} };
    }
    if (known(gateway) && gateway === "local") return { kind: "other", what: "local", ref: { value: gateway } };
    const ref = resolver.one(owner, property, gateway, [T.internetGateway]) ?? {};
    if (ref.urn || (known(gateway) && gateway.startsWith("igw-"))) return { kind: "igw", ref };
    // A gateway id we cannot place: a virtual private gateway or an unknown IGW.
    return known(gateway) ? { kind: "other", what: `gateway ${gateway}`, ref } : { kind: "unknown" };
  }
  for (const [key, kind, types] of ROUTE_TARGETS) {
    const value = readString(route, key);
    if (value === undefined) continue;
    if (kind === "other")
      return {
        kind,
        what: `${key.replace(/Id$|Arn$/, "")} ${known(value) ? value : "(computed)"}`,
        ref: known(value) ? { value } : {},
      };
    const ref = resolver.one(owner, property, value, types) ?? {};
    if (!ref.urn && !known(value)) return { kind: "unknown" };
    return { kind, ref } as RouteTarget;
  }
  return { kind: "unknown" };
}

/**
 * One route, inline (`routes` of a route table) or an aws.ec2.Route. Its destination is an
 * IPv4 or IPv6 CIDR or a prefix list; a deployed route whose target was deleted has state
 * "blackhole" (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
 */
function routeEntry(resolver: Resolver, owner: StackResource, property: string, route: Properties): RouteEntry {
  const prefixListValue = readString(route, "destinationPrefixListId");
  const standalone = route === owner.properties;
  const destinationPrefixList =
    prefixListValue === undefined
      ? undefined
      : (resolver.one(owner, standalone ? "destinationPrefixListId" : property, prefixListValue, PREFIX_LIST_SOURCES) ??
        {});
  const destination: Fact<string> =
    readString(route, "cidrBlock") ??
    readString(route, "destinationCidrBlock") ??
    readString(route, "ipv6CidrBlock") ??
    readString(route, "destinationIpv6CidrBlock") ??
    UNKNOWN_FACT;
  return {
    destination,
    destinationPrefixList,
    target:
      readString(route, "state") === "blackhole"
        ? { kind: "blackhole", what: `route ${known(destination) ? destination : "(prefix list)"} (state blackhole)` }
        : routeTarget(resolver, owner, property, route),
    declaredBy: owner.urn,
  };
}

function readVpc(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  model.vpcs.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    cidr: readString(p, "cidrBlock"),
    // Unset: the provider's values (DNS resolution on; hostnames off for a VPC that is not the default VPC).
    dnsSupport: readBoolean(p, "enableDnsSupport") ?? UNSET.dnsSupport,
    dnsHostnames: readBoolean(p, "enableDnsHostnames") ?? UNSET.dnsHostnames,
  });
}

function readSubnet(r: StackResource, { model, vpcRef }: BuildState): void {
  const p = r.properties;
  model.subnets.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    vpc: vpcRef(r),
    az: readString(p, "availabilityZone") ?? readString(p, "availabilityZoneId"),
    cidr: readString(p, "cidrBlock"),
  });
}

function readRouteTable(r: StackResource, { model, resolver, later, vpcRef, resources }: BuildState): void {
  const p = r.properties;
  const blocks = readBlocks(p, "routes");
  const table: RouteTable = {
    urn: r.urn,
    id:
      idOf(p) ??
      (known(readString(p, "defaultRouteTableId")) ? (readString(p, "defaultRouteTableId") as string) : undefined),
    vpc: vpcRef(r),
    routes: known(blocks) ? blocks.map((block) => routeEntry(resolver, r, "routes", block)) : [],
    routesUnknown: blocks === UNKNOWN_FACT,
  };
  model.routeTables.set(r.urn, table);
  if (r.type === T.defaultRouteTable) {
    const defaultId = readString(p, "defaultRouteTableId");
    later.push(() => {
      // A DefaultRouteTable is the VPC's main route table; find the VPC by its mainRouteTableId.
      for (const vpc of model.vpcs.values()) {
        const main = readString(resources.get(vpc.urn)!.properties, "mainRouteTableId");
        const dependsOnVpc = (r.propertyDependencies.defaultRouteTableId ?? []).includes(vpc.urn);
        if ((known(defaultId) && main === defaultId) || dependsOnVpc) {
          vpc.mainRouteTable = { urn: r.urn };
          table.vpc ??= { urn: vpc.urn };
        }
      }
    });
  }
}

function readRoute(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [T.routeTable, T.defaultRouteTable]);
    const owner = table?.urn ? model.routeTables.get(table.urn) : undefined;
    if (!table?.urn && !table?.value) model.unplacedRoutes.push(r.urn);
    owner?.routes.push(
      routeEntry(
        resolver,
        r,
        Object.keys(r.propertyDependencies).find(
          (key) => key.endsWith("Id") && key !== "routeTableId" && key !== "destinationPrefixListId",
        ) ?? "gatewayId",
        p,
      ),
    );
  });
}

function readRouteTableAssociation(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
  if (subnet) {
    model.subnetAssociations.push({
      urn: r.urn,
      subnet,
      routeTable: resolver.one(r, "routeTableId", readString(p, "routeTableId"), [T.routeTable, T.defaultRouteTable]),
    });
  }
}

function readMainRouteTableAssociation(r: StackResource, { model, resolver, later, vpcRef }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const vpc = vpcRef(r);
    const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [T.routeTable, T.defaultRouteTable]);
    if (vpc?.urn && table) model.vpcs.get(vpc.urn)!.mainRouteTable = table;
  });
}

function readInternetGateway(r: StackResource, { model, vpcRef }: BuildState): void {
  const p = r.properties;
  const vpc = vpcRef(r);
  model.internetGateways.set(r.urn, { urn: r.urn, id: idOf(p), vpcs: vpc ? [vpc] : [] });
}

function readInternetGatewayAttachment(r: StackResource, { model, resolver, later, vpcRef }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const igw = resolver.one(r, "internetGatewayId", readString(p, "internetGatewayId"), [T.internetGateway]);
    const vpc = vpcRef(r);
    if (igw?.urn && vpc) model.internetGateways.get(igw.urn)?.vpcs.push(vpc);
  });
}

function readNatGateway(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  model.natGateways.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    subnet: resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]),
    connectivity: readString(p, "connectivityType") ?? UNSET.natConnectivity,
  });
}

/** A managed prefix list: created in the stack, or read with ManagedPrefixList.get (an AWS-managed one, by name). */
function readManagedPrefixList(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  const entries = readBlocks(p, "entries");
  model.prefixLists.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    name: readString(p, "name"),
    cidrs: known(entries) ? entries.map((entry) => readString(entry, "cidr") ?? UNKNOWN_FACT) : [],
    entriesUnknown: entries === UNKNOWN_FACT,
  });
}

function readManagedPrefixListEntry(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const list = resolver.one(r, "prefixListId", readString(p, "prefixListId"), [T.managedPrefixList]);
    const owner = list?.urn ? model.prefixLists.get(list.urn) : undefined;
    owner?.cidrs.push(readString(p, "cidr") ?? UNKNOWN_FACT);
  });
}

function readDhcpOptionsAssociation(r: StackResource, { model, resolver, later, vpcRef, resources }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const vpc = vpcRef(r);
    const options = resolver.one(r, "dhcpOptionsId", readString(p, "dhcpOptionsId"), [T.dhcpOptions]);
    const target = vpc?.urn ? model.vpcs.get(vpc.urn) : undefined;
    if (!target) return;
    target.dhcpOptionsAssociation = r.urn;
    const optionsResource = options?.urn ? resources.get(options.urn) : undefined;
    target.dnsServers = optionsResource
      ? (readStrings(optionsResource.properties, "domainNameServers") ?? ["AmazonProvidedDNS"])
      : UNKNOWN_FACT;
  });
}

export const NETWORK_READERS: ReaderTable = {
  [T.vpc]: readVpc,
  [T.subnet]: readSubnet,
  [T.routeTable]: readRouteTable,
  [T.defaultRouteTable]: readRouteTable,
  [T.route]: readRoute,
  [T.routeTableAssociation]: readRouteTableAssociation,
  [T.mainRouteTableAssociation]: readMainRouteTableAssociation,
  [T.internetGateway]: readInternetGateway,
  [T.internetGatewayAttachment]: readInternetGatewayAttachment,
  [T.natGateway]: readNatGateway,
  [T.dhcpOptionsAssociation]: readDhcpOptionsAssociation,
  [T.managedPrefixList]: readManagedPrefixList,
  [T.managedPrefixListEntry]: readManagedPrefixListEntry,
};
