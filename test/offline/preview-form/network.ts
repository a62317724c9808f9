/** Preview-form cases of VPCs, subnets, route tables and routes, gateways, DHCP options, Elastic IPs: see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { Case, previewCase } from "./common";

export const NETWORK_CASES: Case[] = [
  previewCase({
    type: "aws:ec2/vpc:Vpc",
    register: (name) => new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16" }),
    inputs: { cidrBlock: "10.0.0.0/16", enableDnsSupport: true, instanceTenancy: "default" },
    unknown: [
      "enableDnsHostnames",
      "id",
      "arn",
      "mainRouteTableId",
      "defaultRouteTableId",
      "defaultNetworkAclId",
      "defaultSecurityGroupId",
      "dhcpOptionsId",
      "ownerId",
      "ipv6AssociationId",
    ],
  }),
  previewCase({
    type: "aws:ec2/subnet:Subnet",
    register: (name) => new aws.ec2.Subnet(name, { vpcId: "vpc-0a1b2c3d4e5f60718", cidrBlock: "10.0.1.0/24" }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      cidrBlock: "10.0.1.0/24",
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
    },
    unknown: ["availabilityZone", "availabilityZoneId", "id", "arn", "ownerId", "ipv6CidrBlockAssociationId"],
  }),
  previewCase({
    type: "aws:ec2/routeTable:RouteTable",
    register: (name) => new aws.ec2.RouteTable(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    unknown: ["routes", "propagatingVgws", "id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/routeTable:RouteTable",
    title: "with inline routes set by the program",
    register: (name) =>
      new aws.ec2.RouteTable(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0a1b2c3d4e5f60718" }],
      }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0a1b2c3d4e5f60718" }],
    },
    unknown: ["propagatingVgws", "id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    register: (name) => new aws.ec2.DefaultRouteTable(name, { defaultRouteTableId: "rtb-0a1b2c3d4e5f60718" }),
    inputs: { defaultRouteTableId: "rtb-0a1b2c3d4e5f60718" },
    unknown: ["routes", "id", "arn", "ownerId", "vpcId"],
  }),
  previewCase({
    type: "aws:ec2/route:Route",
    register: (name) =>
      new aws.ec2.Route(name, {
        routeTableId: "rtb-0a1b2c3d4e5f60718",
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: "nat-0a1b2c3d4e5f60718",
      }),
    inputs: {
      routeTableId: "rtb-0a1b2c3d4e5f60718",
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: "nat-0a1b2c3d4e5f60718",
    },
    unknown: ["id", "origin", "state", "instanceOwnerId"],
  }),
  previewCase({
    type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    register: (name) =>
      new aws.ec2.RouteTableAssociation(name, {
        subnetId: "subnet-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { subnetId: "subnet-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    register: (name) =>
      new aws.ec2.MainRouteTableAssociation(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    unknown: ["id", "originalRouteTableId"],
  }),
  previewCase({
    type: "aws:ec2/internetGateway:InternetGateway",
    register: (name) => new aws.ec2.InternetGateway(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    unknown: ["id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    register: (name) =>
      new aws.ec2.InternetGatewayAttachment(name, {
        internetGatewayId: "igw-0a1b2c3d4e5f60718",
        vpcId: "vpc-0a1b2c3d4e5f60718",
      }),
    inputs: { internetGatewayId: "igw-0a1b2c3d4e5f60718", vpcId: "vpc-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/natGateway:NatGateway",
    register: (name) =>
      new aws.ec2.NatGateway(name, {
        subnetId: "subnet-0a1b2c3d4e5f60718",
        allocationId: "eipalloc-0a1b2c3d4e5f60718",
      }),
    inputs: {
      subnetId: "subnet-0a1b2c3d4e5f60718",
      allocationId: "eipalloc-0a1b2c3d4e5f60718",
      connectivityType: "public",
    },
    unknown: ["id", "networkInterfaceId", "publicIp", "associationId"],
  }),
  previewCase({
    type: "aws:ec2/eip:Eip",
    register: (name) => new aws.ec2.Eip(name, { domain: "vpc" }),
    inputs: { domain: "vpc" },
    // Computed-only attributes of terraform-provider-aws internal/service/ec2/ec2_eip.go.
    unknown: [
      "id",
      "allocationId",
      "arn",
      "associationId",
      "carrierIp",
      "customerOwnedIp",
      "privateDns",
      "privateIp",
      "ptrRecord",
      "publicDns",
      "publicIp",
    ],
  }),
  previewCase({
    type: "aws:ec2/vpcDhcpOptions:VpcDhcpOptions",
    register: (name) => new aws.ec2.VpcDhcpOptions(name, { domainNameServers: ["AmazonProvidedDNS"] }),
    inputs: { domainNameServers: ["AmazonProvidedDNS"] },
    unknown: ["id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation",
    register: (name) =>
      new aws.ec2.VpcDhcpOptionsAssociation(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        dhcpOptionsId: "dopt-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", dhcpOptionsId: "dopt-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
];
