/**
 * The example's network (acme/network/prod) as the EC2 API describes it, written by hand in
 * AWS's shapes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/): what a live VPC has
 * beyond what the Pulumi program declares (the main route table and its local routes, the
 * default security group and network ACL, the S3 gateway's prefix-list routes, endpoints in
 * other states). Ids are the example export's, so the recorded app stack points at them.
 * Answers honour the request's filters and come in pages of `pageSize` with NextToken.
 */
import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";

export const VPC = "vpc-5857abbde7611eb3f";
export const SUBNETS = ["subnet-984c372e421dcf209", "subnet-0138704eac7f936d9"];
const TABLES = ["rtb-24a4410c114040f58", "rtb-7adb050d83b1351b9"];
const MAIN_TABLE = "rtb-b7c1a396dbbc43dc6";
const TASK_GROUP = "sg-681434485badaccf5";
const ENDPOINT_GROUP = "sg-ee983c7c4b2928e18";
const S3_PREFIX_LIST = "pl-6da54004";
const S3_GATEWAY = "vpce-93bc7ac8123cde9e0";
const REGION = "eu-west-1";

type Item = Record<string, unknown>;
type Filter = { Name?: string; Values?: string[] };

function interfaceEndpoint(id: string, service: string, state = "available"): Item {
  return {
    VpcEndpointId: id,
    VpcEndpointType: "Interface",
    VpcId: VPC,
    ServiceName: `com.amazonaws.${REGION}.${service}`,
    State: state,
    PolicyDocument: JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    }),
    RouteTableIds: [],
    SubnetIds: SUBNETS,
    Groups: [{ GroupId: ENDPOINT_GROUP, GroupName: "acme-endpoints" }],
    PrivateDnsEnabled: true,
    NetworkInterfaceIds: ["eni-0a", "eni-0b"],
  };
}

export interface NetworkOptions {
  secretsManagerEndpoint: boolean;
}

export function describeAnswers(options: NetworkOptions): Record<string, Item[]> {
  const endpoints = [
    interfaceEndpoint("vpce-c05248eb160318b66", "ecr.api"),
    interfaceEndpoint("vpce-6a5db556f4ac6ac58", "ecr.dkr"),
    interfaceEndpoint("vpce-730311c92b181348e", "logs"),
    interfaceEndpoint("vpce-e40eeb14f8ca40399", "ssm"),
    {
      VpcEndpointId: S3_GATEWAY,
      VpcEndpointType: "Gateway",
      VpcId: VPC,
      ServiceName: `com.amazonaws.${REGION}.s3`,
      State: "available",
      PolicyDocument: JSON.stringify({
        Version: "2008-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
      }),
      RouteTableIds: TABLES,
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
    },
    // Deleted endpoints stay visible for a while: they carry no traffic.
    interfaceEndpoint("vpce-0deleted00000000", "secretsmanager", "deleted"),
    ...(options.secretsManagerEndpoint ? [interfaceEndpoint("vpce-38c778070d79b6b04", "secretsmanager")] : []),
  ];
  const localRoute = {
    DestinationCidrBlock: "10.0.0.0/16",
    GatewayId: "local",
    Origin: "CreateRouteTable",
    State: "active",
  };
  return {
    Subnets: SUBNETS.map((id, index) => ({
      SubnetId: id,
      VpcId: VPC,
      CidrBlock: `10.0.${index + 1}.0/24`,
      AvailabilityZone: `${REGION}${"ab"[index]}`,
      MapPublicIpOnLaunch: false,
      State: "available",
      Tags: [{ Key: "Name", Value: `acme-tasks-${"ab"[index]}` }],
    })),
    Vpcs: [
      {
        VpcId: VPC,
        CidrBlock: "10.0.0.0/16",
        State: "available",
        IsDefault: false,
        Tags: [{ Key: "Name", Value: "acme" }],
      },
    ],
    RouteTables: [
      {
        RouteTableId: MAIN_TABLE,
        VpcId: VPC,
        Routes: [localRoute],
        Associations: [{ Main: true, RouteTableAssociationId: "rtbassoc-0main", RouteTableId: MAIN_TABLE }],
      },
      ...TABLES.map((id, index) => ({
        RouteTableId: id,
        VpcId: VPC,
        Routes: [
          localRoute,
          { DestinationPrefixListId: S3_PREFIX_LIST, GatewayId: S3_GATEWAY, Origin: "CreateRoute", State: "active" },
        ],
        Associations: [
          { Main: false, RouteTableAssociationId: `rtbassoc-0${index}`, RouteTableId: id, SubnetId: SUBNETS[index] },
        ],
        Tags: [{ Key: "Name", Value: `acme-tasks-${"ab"[index]}` }],
      })),
    ],
    VpcEndpoints: endpoints,
    SecurityGroups: [
      {
        GroupId: "sg-2e7475c3f2a5a6950",
        GroupName: "default",
        VpcId: VPC,
        IpPermissions: [{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-2e7475c3f2a5a6950" }] }],
        IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      },
      {
        GroupId: TASK_GROUP,
        GroupName: "acme-tasks",
        VpcId: VPC,
        IpPermissions: [],
        IpPermissionsEgress: [
          {
            IpProtocol: "tcp",
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "HTTPS out" }],
          },
        ],
      },
      {
        GroupId: ENDPOINT_GROUP,
        GroupName: "acme-endpoints",
        VpcId: VPC,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: TASK_GROUP }] }],
        IpPermissionsEgress: [],
      },
    ],
    NetworkAcls: [
      {
        NetworkAclId: "acl-5857abbde7611eb3f",
        VpcId: VPC,
        IsDefault: true,
        Associations: SUBNETS.map((id, index) => ({ NetworkAclAssociationId: `aclassoc-0${index}`, SubnetId: id })),
        Entries: [
          { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "0.0.0.0/0" },
        ],
      },
    ],
    NatGateways: [],
    InternetGateways: [],
  };
}

/** Does an item pass one API filter (the few filter names used here). */
function matches(item: Item, filter: Filter): boolean {
  const values = filter.Values ?? [];
  switch (filter.Name) {
    case "subnet-id":
      return values.includes(String(item.SubnetId));
    case "vpc-id":
      return values.includes(String(item.VpcId));
    case "attachment.vpc-id":
      return ((item.Attachments as Item[]) ?? []).some((attachment) => values.includes(String(attachment.VpcId)));
    default:
      throw new Error(`the fake EC2 API does not know filter ${filter.Name}`);
  }
}

const COMMANDS = [
  [DescribeSubnetsCommand, "Subnets"],
  [DescribeVpcsCommand, "Vpcs"],
  [DescribeRouteTablesCommand, "RouteTables"],
  [DescribeVpcEndpointsCommand, "VpcEndpoints"],
  [DescribeSecurityGroupsCommand, "SecurityGroups"],
  [DescribeNetworkAclsCommand, "NetworkAcls"],
  [DescribeNatGatewaysCommand, "NatGateways"],
  [DescribeInternetGatewaysCommand, "InternetGateways"],
] as const;

/**
 * Mocks every EC2Client (aws-sdk-client-mock): each Describe answers from `answers`, filtered,
 * `pageSize` items per page. Returns the mock, to read the calls made, and restore it after.
 */
export function mockEc2(answers: Record<string, Item[]>, pageSize = 2) {
  const ec2 = mockClient(EC2Client);
  for (const [Command, key] of COMMANDS) {
    ec2.on(Command).callsFake((input: { Filters?: Filter[]; NextToken?: string }) => {
      const all = (answers[key] ?? []).filter((item) => (input.Filters ?? []).every((filter) => matches(item, filter)));
      const start = Number(input.NextToken ?? 0);
      const page = all.slice(start, start + pageSize);
      return { [key]: page, ...(start + pageSize < all.length ? { NextToken: String(start + pageSize) } : {}) };
    });
  }
  ec2
    .on(DescribeVpcAttributeCommand)
    .callsFake((input: { Attribute: string }) =>
      input.Attribute === "enableDnsSupport"
        ? { EnableDnsSupport: { Value: true } }
        : { EnableDnsHostnames: { Value: true } },
    );
  return ec2;
}
