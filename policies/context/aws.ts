/**
 * Live description of the network the services use, for networks no Pulumi stack holds (made
 * by hand, by another tool): AWS SDK for JavaScript v3, with the credentials the preview has
 * (the default chain, and aws:profile / aws:region of the stack config). Only what the tasks'
 * paths cross is described: the services' subnets, their VPCs, and per VPC its route tables,
 * endpoints, security groups, network ACLs, NAT and internet gateways. Paginated, bounded in
 * count and time, cached for the pack process (one preview), and loaded only when
 * `context.aws` is on: @aws-sdk/client-ec2 is an optional peer dependency.
 *
 * The described facts are turned into the same shapes @pulumi/aws resources have (the model
 * reads nothing else), with ids as AWS gives them. API reference:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/ (DescribeSubnets, DescribeVpcs,
 * DescribeVpcAttribute, DescribeRouteTables, DescribeVpcEndpoints, DescribeSecurityGroups,
 * DescribeNetworkAcls, DescribeNatGateways, DescribeInternetGateways).
 */
import type { Properties, StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { INSTALL_SDK_FIX } from "../analysis/context-report";

/** At most this many items of one kind per VPC: past it the description is partial, and not used. */
export const MAX_ITEMS_PER_KIND = 1000;
const PAGE_SIZE = 200;

export interface AwsDescribeOptions {
  region: string;
  profile?: string;
  timeoutMs: number;
}

export type AwsDescription =
  | { ok: true; resources: StackResource[]; origin: string }
  /** `fix` when the way out is not read access for the preview's identity (the default advice). */
  | { ok: false; error: string; fix?: string };

/** The parts of the SDK used here, so nothing is typed against a module that may be absent. */
interface Ec2Module {
  EC2Client: new (config: Record<string, unknown>) => {
    send(command: unknown, options?: unknown): Promise<unknown>;
    destroy(): void;
  };
  [command: string]: unknown;
}

type Item = Record<string, unknown>;
type Filter = { Name: string; Values: string[] };

const asItems = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);
const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

class Describer {
  constructor(
    private readonly sdk: Ec2Module,
    private readonly client: InstanceType<Ec2Module["EC2Client"]>,
    private readonly signal: AbortSignal,
  ) {}

  /** Every page of one Describe call, up to MAX_ITEMS_PER_KIND items. */
  async all(command: string, key: string, filters: Filter[]): Promise<Item[]> {
    const Command = this.sdk[`${command}Command`] as new (input: Record<string, unknown>) => unknown;
    const items: Item[] = [];
    let token: string | undefined;
    do {
      const page = (await this.client.send(
        new Command({ Filters: filters, MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) }),
        { abortSignal: this.signal },
      )) as Item;
      items.push(...asItems(page[key]));
      if (items.length > MAX_ITEMS_PER_KIND)
        throw new Error(`${command} returned more than ${MAX_ITEMS_PER_KIND} items: the description would be partial`);
      token = str(page.NextToken);
    } while (token);
    return items;
  }

  async vpcAttribute(
    vpcId: string,
    attribute: "enableDnsSupport" | "enableDnsHostnames",
  ): Promise<boolean | undefined> {
    const Command = this.sdk.DescribeVpcAttributeCommand as new (input: Record<string, unknown>) => unknown;
    const answer = (await this.client.send(new Command({ VpcId: vpcId, Attribute: attribute }), {
      abortSignal: this.signal,
    })) as Item;
    const value = (answer[attribute === "enableDnsSupport" ? "EnableDnsSupport" : "EnableDnsHostnames"] as Item)?.Value;
    return typeof value === "boolean" ? value : undefined;
  }
}

function resource(type: string, id: string, properties: Properties, origin: string, name?: string): StackResource {
  return {
    type,
    urn: `urn:pulumi:live::aws::${type}::${id}`,
    name: name ?? id,
    properties: { id, ...properties },
    dependencies: [],
    propertyDependencies: {},
    origin,
  };
}

function nameTag(item: Item): string | undefined {
  return str(asItems(item.Tags).find((tag) => tag.Key === "Name")?.Value);
}

function securityGroupBlocks(permissions: unknown): Properties[] {
  return asItems(permissions).map((permission) => ({
    protocol: str(permission.IpProtocol) ?? "-1",
    fromPort: typeof permission.FromPort === "number" && permission.FromPort >= 0 ? permission.FromPort : 0,
    toPort: typeof permission.ToPort === "number" && permission.ToPort >= 0 ? permission.ToPort : 65535,
    cidrBlocks: asItems(permission.IpRanges)
      .map((range) => str(range.CidrIp))
      .filter(Boolean),
    ipv6CidrBlocks: asItems(permission.Ipv6Ranges)
      .map((range) => str(range.CidrIpv6))
      .filter(Boolean),
    prefixListIds: asItems(permission.PrefixListIds)
      .map((list) => str(list.PrefixListId))
      .filter(Boolean),
    securityGroups: asItems(permission.UserIdGroupPairs)
      .map((pair) => str(pair.GroupId))
      .filter(Boolean),
  }));
}

function networkAclBlocks(entries: unknown, egress: boolean): Properties[] {
  return asItems(entries)
    .filter((entry) => entry.Egress === egress && str(entry.CidrBlock))
    .map((entry) => ({
      ruleNo: entry.RuleNumber,
      action: entry.RuleAction,
      protocol: str(entry.Protocol) ?? "-1",
      cidrBlock: entry.CidrBlock,
      fromPort: (entry.PortRange as Item | undefined)?.From ?? 0,
      toPort: (entry.PortRange as Item | undefined)?.To ?? 65535,
    }));
}

const ROUTE_TARGETS: [string, string][] = [
  ["GatewayId", "gatewayId"],
  ["NatGatewayId", "natGatewayId"],
  ["TransitGatewayId", "transitGatewayId"],
  ["NetworkInterfaceId", "networkInterfaceId"],
  ["VpcPeeringConnectionId", "vpcPeeringConnectionId"],
  ["EgressOnlyInternetGatewayId", "egressOnlyGatewayId"],
  ["LocalGatewayId", "localGatewayId"],
  ["CarrierGatewayId", "carrierGatewayId"],
  ["CoreNetworkArn", "coreNetworkArn"],
];

/** Routes as @pulumi/aws's RouteTable.routes: active IPv4 routes but the local one (gateway endpoint routes are the endpoint's routeTableIds). */
function routesOf(table: Item): Properties[] {
  const routes: Properties[] = [];
  for (const route of asItems(table.Routes)) {
    if (route.State === "blackhole" || !str(route.DestinationCidrBlock) || route.GatewayId === "local") continue;
    const block: Properties = { cidrBlock: route.DestinationCidrBlock };
    for (const [from, to] of ROUTE_TARGETS) if (str(route[from])) block[to] = route[from];
    routes.push(block);
  }
  return routes;
}

/** The described network of these subnets, as resources of the stack model. */
export async function describeNetwork(
  sdk: Ec2Module,
  subnetIds: readonly string[],
  options: AwsDescribeOptions,
): Promise<AwsDescription> {
  const origin = `AWS (described live in ${options.region})`;
  const client = new sdk.EC2Client({
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return describeWithin(options, client, (signal) => describe(new Describer(sdk, client, signal), subnetIds, origin));
}

/**
 * Runs one live description within `options.timeoutMs`: the abort signal cancels the SDK's
 * requests, the race ends the wait even if a call ignores it, and the client is always destroyed.
 */
export async function describeWithin(
  options: AwsDescribeOptions,
  client: { destroy(): void },
  run: (signal: AbortSignal) => Promise<AwsDescription>,
): Promise<AwsDescription> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error("timeout"));
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([run(abort.signal), timeout]);
  } catch (error) {
    const reason = abort.signal.aborted
      ? `no answer within ${options.timeoutMs / 1000} s (context.timeoutSeconds)`
      : `${(error as Error).name}: ${(error as Error).message}`;
    return { ok: false, error: reason };
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

async function describe(aws: Describer, subnetIds: readonly string[], origin: string): Promise<AwsDescription> {
  const found: StackResource[] = [];
  const subnets = await aws.all("DescribeSubnets", "Subnets", [{ Name: "subnet-id", Values: [...subnetIds] }]);
  const vpcIds = [...new Set(subnets.map((subnet) => str(subnet.VpcId)).filter((id): id is string => !!id))];
  if (vpcIds.length === 0) return { ok: true, resources: [], origin };
  const byVpc: Filter[] = [{ Name: "vpc-id", Values: vpcIds }];
  const [vpcs, tables, endpoints, groups, acls, nats, igws] = await Promise.all([
    aws.all("DescribeVpcs", "Vpcs", byVpc),
    aws.all("DescribeRouteTables", "RouteTables", byVpc),
    aws.all("DescribeVpcEndpoints", "VpcEndpoints", byVpc),
    aws.all("DescribeSecurityGroups", "SecurityGroups", byVpc),
    aws.all("DescribeNetworkAcls", "NetworkAcls", byVpc),
    aws.all("DescribeNatGateways", "NatGateways", byVpc),
    aws.all("DescribeInternetGateways", "InternetGateways", [{ Name: "attachment.vpc-id", Values: vpcIds }]),
  ]);
  for (const vpc of vpcs) {
    const id = str(vpc.VpcId)!;
    const [dnsSupport, dnsHostnames] = await Promise.all([
      aws.vpcAttribute(id, "enableDnsSupport"),
      aws.vpcAttribute(id, "enableDnsHostnames"),
    ]);
    found.push(
      resource(
        T.vpc,
        id,
        { cidrBlock: vpc.CidrBlock, enableDnsSupport: dnsSupport, enableDnsHostnames: dnsHostnames },
        origin,
        nameTag(vpc),
      ),
    );
  }
  for (const subnet of subnets) {
    const id = str(subnet.SubnetId)!;
    found.push(
      resource(
        T.subnet,
        id,
        { vpcId: subnet.VpcId, cidrBlock: subnet.CidrBlock, availabilityZone: subnet.AvailabilityZone },
        origin,
        nameTag(subnet),
      ),
    );
  }
  for (const table of tables) {
    const id = str(table.RouteTableId)!;
    found.push(resource(T.routeTable, id, { vpcId: table.VpcId, routes: routesOf(table) }, origin, nameTag(table)));
    for (const association of asItems(table.Associations)) {
      const associationId = str(association.RouteTableAssociationId) ?? `${id}-main`;
      if (association.Main === true)
        found.push(
          resource(T.mainRouteTableAssociation, associationId, { vpcId: table.VpcId, routeTableId: id }, origin),
        );
      else if (str(association.SubnetId))
        found.push(
          resource(
            T.routeTableAssociation,
            associationId,
            { subnetId: association.SubnetId, routeTableId: id },
            origin,
          ),
        );
    }
  }
  for (const endpoint of endpoints) {
    // Only an endpoint that is available (or being created) carries traffic.
    if (!["available", "pending"].includes(String(endpoint.State).toLowerCase())) continue;
    found.push(
      resource(
        T.vpcEndpoint,
        str(endpoint.VpcEndpointId)!,
        {
          vpcId: endpoint.VpcId,
          serviceName: endpoint.ServiceName,
          vpcEndpointType: endpoint.VpcEndpointType,
          privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
          subnetIds: endpoint.SubnetIds ?? [],
          securityGroupIds: asItems(endpoint.Groups).map((group) => group.GroupId),
          routeTableIds: endpoint.RouteTableIds ?? [],
          ...(str(endpoint.PolicyDocument) ? { policy: endpoint.PolicyDocument } : {}),
        },
        origin,
        nameTag(endpoint),
      ),
    );
  }
  for (const group of groups) {
    found.push(
      resource(
        T.securityGroup,
        str(group.GroupId)!,
        {
          vpcId: group.VpcId,
          ingress: securityGroupBlocks(group.IpPermissions),
          egress: securityGroupBlocks(group.IpPermissionsEgress),
        },
        origin,
        str(group.GroupName),
      ),
    );
  }
  for (const acl of acls) {
    found.push(
      resource(
        T.networkAcl,
        str(acl.NetworkAclId)!,
        {
          vpcId: acl.VpcId,
          subnetIds: asItems(acl.Associations).map((association) => association.SubnetId),
          ingress: networkAclBlocks(acl.Entries, false),
          egress: networkAclBlocks(acl.Entries, true),
        },
        origin,
        nameTag(acl),
      ),
    );
  }
  for (const nat of nats) {
    if (nat.State !== "available" && nat.State !== "pending") continue;
    found.push(
      resource(
        T.natGateway,
        str(nat.NatGatewayId)!,
        { subnetId: nat.SubnetId, connectivityType: nat.ConnectivityType ?? "public" },
        origin,
        nameTag(nat),
      ),
    );
  }
  for (const igw of igws) {
    for (const attachment of asItems(igw.Attachments)) {
      if (attachment.State !== "available" && attachment.State !== "attached") continue;
      found.push(
        resource(T.internetGateway, str(igw.InternetGatewayId)!, { vpcId: attachment.VpcId }, origin, nameTag(igw)),
      );
    }
  }
  return { ok: true, resources: found, origin };
}

const cache = new Map<string, Promise<AwsDescription>>();

/**
 * Describes once per key and pack process, loading the SDK package on first use only (never
 * when context.aws is off); a missing package is an answer naming it, not a crash.
 */
export function describeOnce<Sdk>(
  descriptions: Map<string, Promise<AwsDescription>>,
  key: string,
  sdkPackage: string,
  loadSdk: () => Promise<unknown>,
  describe: (sdk: Sdk) => Promise<AwsDescription>,
): Promise<AwsDescription> {
  let result = descriptions.get(key);
  if (!result) {
    result = loadSdk().then(
      (sdk) => describe(sdk as Sdk),
      () => ({
        ok: false as const,
        error: `${sdkPackage} is not installed (it is an optional peer dependency)`,
        fix: INSTALL_SDK_FIX,
      }),
    );
    descriptions.set(key, result);
  }
  return result;
}

/** Loads the SDK on first use (never when context.aws is off) and describes each set of subnets once per pack process. */
export function describeNetworkOnce(
  subnetIds: readonly string[],
  options: AwsDescribeOptions,
  loadSdk: () => Promise<unknown> = () => import("@aws-sdk/client-ec2"),
): Promise<AwsDescription> {
  const key = `${options.region}\u0000${options.profile ?? ""}\u0000${[...subnetIds].sort().join(",")}`;
  return describeOnce<Ec2Module>(cache, key, "@aws-sdk/client-ec2", loadSdk, (sdk) =>
    describeNetwork(sdk, subnetIds, options),
  );
}

/** For tests: forget what was described. */
export function clearDescribeCache(): void {
  cache.clear();
}
