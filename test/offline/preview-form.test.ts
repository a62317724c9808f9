/**
 * The offline command's preview form, per resource type the pack reads: what `recordWithMocks`
 * records for a small program EQUALS the planned state written here by hand from
 * ../shared/PREVIEW-STATE.md and the provider's schema (Optional+Computed and provider-only
 * attributes unknown, defaults filled in, autonames added). The expectations are NOT computed
 * from PLANNED_STATE: this is the independent oracle for it.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "../../cli/analyzerClient";
import { refKeys } from "../../policies/stack/lookup";
import type { StackModel } from "../../policies/stack/model";
import { PLANNED_STATE } from "../../policies/stack/planned-state";
import { runUnderMocks, valueOf } from "../support/mocks";

/** The engine's unknown (a computed value), as a Struct carries it. */
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A resource policy for the policy resources' cases (key, secret, repository). */
const RESOURCE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "*", Resource: "*" }],
});
/** The Struct form of a secret input. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
/** Stands for a name the provider's Check generated: `<resource name>-<7 hex digits>`. */
const AUTONAME = "<autoname>";

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }],
});
const CONTAINERS = JSON.stringify([{ name: "api", image: "nginx:1.27", essential: true }]);

interface Case {
  type: string;
  /** What the case shows, when a type has several. */
  title?: string;
  register: (name: string) => void;
  /** The inputs `Analyze` gets: program inputs + defaults + autoname. */
  inputs: Record<string, unknown>;
  /** The planned state `AnalyzeStack` gets. */
  planned: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    type: "aws:ec2/vpc:Vpc",
    register: (name) => new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16" }),
    inputs: { cidrBlock: "10.0.0.0/16", enableDnsSupport: true, instanceTenancy: "default" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      instanceTenancy: "default",
      enableDnsHostnames: U,
      id: U,
      arn: U,
      mainRouteTableId: U,
      defaultRouteTableId: U,
      defaultNetworkAclId: U,
      defaultSecurityGroupId: U,
      dhcpOptionsId: U,
      ownerId: U,
      ipv6AssociationId: U,
    },
  },
  {
    type: "aws:ec2/subnet:Subnet",
    register: (name) => new aws.ec2.Subnet(name, { vpcId: "vpc-0a1b2c3d4e5f60718", cidrBlock: "10.0.1.0/24" }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      cidrBlock: "10.0.1.0/24",
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      cidrBlock: "10.0.1.0/24",
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      availabilityZone: U,
      availabilityZoneId: U,
      id: U,
      arn: U,
      ownerId: U,
      ipv6CidrBlockAssociationId: U,
    },
  },
  {
    type: "aws:ec2/routeTable:RouteTable",
    register: (name) => new aws.ec2.RouteTable(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routes: U,
      propagatingVgws: U,
      id: U,
      arn: U,
      ownerId: U,
    },
  },
  {
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
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0a1b2c3d4e5f60718" }],
      propagatingVgws: U,
      id: U,
      arn: U,
      ownerId: U,
    },
  },
  {
    type: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    register: (name) => new aws.ec2.DefaultRouteTable(name, { defaultRouteTableId: "rtb-0a1b2c3d4e5f60718" }),
    inputs: { defaultRouteTableId: "rtb-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      defaultRouteTableId: "rtb-0a1b2c3d4e5f60718",
      routes: U,
      id: U,
      arn: U,
      ownerId: U,
      vpcId: U,
    },
  },
  {
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
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      routeTableId: "rtb-0a1b2c3d4e5f60718",
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: "nat-0a1b2c3d4e5f60718",
      id: U,
      origin: U,
      state: U,
      instanceOwnerId: U,
    },
  },
  {
    type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    register: (name) =>
      new aws.ec2.RouteTableAssociation(name, {
        subnetId: "subnet-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { subnetId: "subnet-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      subnetId: "subnet-0a1b2c3d4e5f60718",
      routeTableId: "rtb-0a1b2c3d4e5f60718",
      id: U,
    },
  },
  {
    type: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    register: (name) =>
      new aws.ec2.MainRouteTableAssociation(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableId: "rtb-0a1b2c3d4e5f60718",
      id: U,
      originalRouteTableId: U,
    },
  },
  {
    type: "aws:ec2/internetGateway:InternetGateway",
    register: (name) => new aws.ec2.InternetGateway(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    planned: { region: "eu-west-1", vpcId: "vpc-0a1b2c3d4e5f60718", id: U, arn: U, ownerId: U },
  },
  {
    type: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    register: (name) =>
      new aws.ec2.InternetGatewayAttachment(name, {
        internetGatewayId: "igw-0a1b2c3d4e5f60718",
        vpcId: "vpc-0a1b2c3d4e5f60718",
      }),
    inputs: { internetGatewayId: "igw-0a1b2c3d4e5f60718", vpcId: "vpc-0a1b2c3d4e5f60718" },
    planned: { region: "eu-west-1", internetGatewayId: "igw-0a1b2c3d4e5f60718", vpcId: "vpc-0a1b2c3d4e5f60718", id: U },
  },
  {
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
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      subnetId: "subnet-0a1b2c3d4e5f60718",
      allocationId: "eipalloc-0a1b2c3d4e5f60718",
      connectivityType: "public",
      id: U,
      networkInterfaceId: U,
      publicIp: U,
      associationId: U,
    },
  },
  {
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    title: "an interface endpoint with subnets, a security group and private DNS set",
    register: (name) =>
      new aws.ec2.VpcEndpoint(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        serviceName: "com.amazonaws.eu-west-1.logs",
        vpcEndpointType: "Interface",
        subnetIds: ["subnet-0a1b2c3d4e5f60718"],
        securityGroupIds: ["sg-0a1b2c3d4e5f60718"],
        privateDnsEnabled: true,
      }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      serviceName: "com.amazonaws.eu-west-1.logs",
      vpcEndpointType: "Interface",
      subnetIds: ["subnet-0a1b2c3d4e5f60718"],
      securityGroupIds: ["sg-0a1b2c3d4e5f60718"],
      privateDnsEnabled: true,
      autoAccept: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      serviceName: "com.amazonaws.eu-west-1.logs",
      vpcEndpointType: "Interface",
      subnetIds: ["subnet-0a1b2c3d4e5f60718"],
      securityGroupIds: ["sg-0a1b2c3d4e5f60718"],
      privateDnsEnabled: true,
      autoAccept: false,
      policy: U,
      routeTableIds: U,
      id: U,
      arn: U,
      ownerId: U,
      state: U,
      dnsEntries: U,
      networkInterfaceIds: U,
      prefixListId: U,
      cidrBlocks: U,
    },
  },
  {
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    title: "a gateway endpoint by default type, with route tables only",
    register: (name) =>
      new aws.ec2.VpcEndpoint(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        serviceName: "com.amazonaws.eu-west-1.s3",
        routeTableIds: ["rtb-0a1b2c3d4e5f60718"],
      }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      serviceName: "com.amazonaws.eu-west-1.s3",
      routeTableIds: ["rtb-0a1b2c3d4e5f60718"],
      vpcEndpointType: "Gateway",
      autoAccept: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      serviceName: "com.amazonaws.eu-west-1.s3",
      routeTableIds: ["rtb-0a1b2c3d4e5f60718"],
      vpcEndpointType: "Gateway",
      autoAccept: false,
      policy: U,
      privateDnsEnabled: U,
      subnetIds: U,
      securityGroupIds: U,
      id: U,
      arn: U,
      ownerId: U,
      state: U,
      dnsEntries: U,
      networkInterfaceIds: U,
      prefixListId: U,
      cidrBlocks: U,
    },
  },
  {
    type: "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation",
    register: (name) =>
      new aws.ec2.VpcEndpointSubnetAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        subnetId: "subnet-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", subnetId: "subnet-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
      subnetId: "subnet-0a1b2c3d4e5f60718",
      id: U,
    },
  },
  {
    type: "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
    register: (name) =>
      new aws.ec2.VpcEndpointRouteTableAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
      routeTableId: "rtb-0a1b2c3d4e5f60718",
      id: U,
    },
  },
  {
    type: "aws:ec2/securityGroupAssociation:SecurityGroupAssociation",
    register: (name) =>
      new aws.ec2.SecurityGroupAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        securityGroupId: "sg-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", securityGroupId: "sg-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      id: U,
    },
  },
  {
    type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    register: (name) => new aws.ec2.VpcEndpointPolicy(name, { vpcEndpointId: "vpce-0a1b2c3d4e5f60718" }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718" },
    planned: { region: "eu-west-1", vpcEndpointId: "vpce-0a1b2c3d4e5f60718", policy: U, id: U },
  },
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    register: (name) => new aws.ec2.SecurityGroup(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      description: "Managed by Pulumi",
      revokeRulesOnDelete: false,
      name: AUTONAME,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      description: "Managed by Pulumi",
      revokeRulesOnDelete: false,
      name: AUTONAME,
      ingress: U,
      egress: U,
      id: U,
      arn: U,
      ownerId: U,
    },
  },
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    title: "with egress set and a name",
    register: (name) =>
      new aws.ec2.SecurityGroup(name, {
        name: "tasks",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
      }),
    inputs: {
      name: "tasks",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
      description: "Managed by Pulumi",
      revokeRulesOnDelete: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      name: "tasks",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
      description: "Managed by Pulumi",
      revokeRulesOnDelete: false,
      ingress: U,
      id: U,
      arn: U,
      ownerId: U,
    },
  },
  {
    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    register: (name) => new aws.ec2.DefaultSecurityGroup(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", revokeRulesOnDelete: false },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      revokeRulesOnDelete: false,
      ingress: U,
      egress: U,
      id: U,
      arn: U,
      ownerId: U,
      name: U,
      description: U,
    },
  },
  {
    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
    register: (name) =>
      new aws.ec2.SecurityGroupRule(name, {
        type: "egress",
        securityGroupId: "sg-0a1b2c3d4e5f60718",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
      }),
    inputs: {
      type: "egress",
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      type: "egress",
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
      id: U,
      securityGroupRuleId: U,
    },
  },
  {
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    register: (name) =>
      new aws.vpc.SecurityGroupIngressRule(name, {
        securityGroupId: "sg-0a1b2c3d4e5f60718",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: "sg-0f1e2d3c4b5a69788",
      }),
    inputs: {
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: "sg-0f1e2d3c4b5a69788",
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: "sg-0f1e2d3c4b5a69788",
      id: U,
      arn: U,
      securityGroupRuleId: U,
    },
  },
  {
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    register: (name) =>
      new aws.vpc.SecurityGroupEgressRule(name, {
        securityGroupId: "sg-0a1b2c3d4e5f60718",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      }),
    inputs: { securityGroupId: "sg-0a1b2c3d4e5f60718", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      securityGroupId: "sg-0a1b2c3d4e5f60718",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      id: U,
      arn: U,
      securityGroupRuleId: U,
    },
  },
  {
    type: "aws:ec2/networkAcl:NetworkAcl",
    register: (name) => new aws.ec2.NetworkAcl(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      ingress: U,
      egress: U,
      subnetIds: U,
      id: U,
      arn: U,
      ownerId: U,
    },
  },
  {
    type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    register: (name) => new aws.ec2.DefaultNetworkAcl(name, { defaultNetworkAclId: "acl-0a1b2c3d4e5f60718" }),
    // ingress / egress are Optional only: absent when not set (every entry is deleted).
    inputs: { defaultNetworkAclId: "acl-0a1b2c3d4e5f60718" },
    planned: { region: "eu-west-1", defaultNetworkAclId: "acl-0a1b2c3d4e5f60718", id: U, arn: U, ownerId: U, vpcId: U },
  },
  {
    type: "aws:ec2/networkAclRule:NetworkAclRule",
    register: (name) =>
      new aws.ec2.NetworkAclRule(name, {
        networkAclId: "acl-0a1b2c3d4e5f60718",
        ruleNumber: 100,
        protocol: "-1",
        ruleAction: "allow",
        cidrBlock: "0.0.0.0/0",
      }),
    inputs: {
      networkAclId: "acl-0a1b2c3d4e5f60718",
      ruleNumber: 100,
      protocol: "-1",
      ruleAction: "allow",
      cidrBlock: "0.0.0.0/0",
      egress: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      networkAclId: "acl-0a1b2c3d4e5f60718",
      ruleNumber: 100,
      protocol: "-1",
      ruleAction: "allow",
      cidrBlock: "0.0.0.0/0",
      egress: false,
      id: U,
    },
  },
  {
    type: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    register: (name) =>
      new aws.ec2.NetworkAclAssociation(name, {
        networkAclId: "acl-0a1b2c3d4e5f60718",
        subnetId: "subnet-0a1b2c3d4e5f60718",
      }),
    inputs: { networkAclId: "acl-0a1b2c3d4e5f60718", subnetId: "subnet-0a1b2c3d4e5f60718" },
    planned: {
      region: "eu-west-1",
      networkAclId: "acl-0a1b2c3d4e5f60718",
      subnetId: "subnet-0a1b2c3d4e5f60718",
      id: U,
    },
  },
  {
    type: "aws:ec2/vpcDhcpOptions:VpcDhcpOptions",
    register: (name) => new aws.ec2.VpcDhcpOptions(name, { domainNameServers: ["AmazonProvidedDNS"] }),
    inputs: { domainNameServers: ["AmazonProvidedDNS"] },
    planned: { region: "eu-west-1", domainNameServers: ["AmazonProvidedDNS"], id: U, arn: U, ownerId: U },
  },
  {
    type: "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation",
    register: (name) =>
      new aws.ec2.VpcDhcpOptionsAssociation(name, {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        dhcpOptionsId: "dopt-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", dhcpOptionsId: "dopt-0a1b2c3d4e5f60718" },
    planned: { region: "eu-west-1", vpcId: "vpc-0a1b2c3d4e5f60718", dhcpOptionsId: "dopt-0a1b2c3d4e5f60718", id: U },
  },
  {
    type: "aws:iam/role:Role",
    register: (name) => new aws.iam.Role(name, { assumeRolePolicy: TRUST }),
    inputs: {
      assumeRolePolicy: TRUST,
      path: "/",
      forceDetachPolicies: false,
      maxSessionDuration: 3600,
      name: AUTONAME,
    },
    planned: {
      assumeRolePolicy: TRUST,
      path: "/",
      forceDetachPolicies: false,
      maxSessionDuration: 3600,
      name: AUTONAME,
      inlinePolicies: U,
      managedPolicyArns: U,
      id: U,
      arn: U,
      uniqueId: U,
      createDate: U,
    },
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    register: (name) => new aws.iam.RolePolicy(name, { role: "shop-execution", policy: POLICY }),
    inputs: { role: "shop-execution", policy: POLICY, name: AUTONAME },
    planned: { role: "shop-execution", policy: POLICY, name: AUTONAME, id: U },
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    register: (name) =>
      new aws.iam.RolePolicyAttachment(name, {
        role: "shop-execution",
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      }),
    inputs: {
      role: "shop-execution",
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    },
    planned: {
      role: "shop-execution",
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      id: U,
    },
  },
  {
    type: "aws:iam/policy:Policy",
    register: (name) => new aws.iam.Policy(name, { policy: POLICY }),
    inputs: { policy: POLICY, path: "/", name: AUTONAME },
    planned: { policy: POLICY, path: "/", name: AUTONAME, id: U, arn: U, policyId: U, attachmentCount: U },
  },
  {
    type: "aws:iam/policyAttachment:PolicyAttachment",
    register: (name) =>
      new aws.iam.PolicyAttachment(name, {
        name: "logs",
        roles: ["shop-execution"],
        policyArn: "arn:aws:iam::123456789012:policy/logs",
      }),
    inputs: { name: "logs", roles: ["shop-execution"], policyArn: "arn:aws:iam::123456789012:policy/logs" },
    planned: {
      name: "logs",
      roles: ["shop-execution"],
      policyArn: "arn:aws:iam::123456789012:policy/logs",
      id: U,
    },
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    register: (name) => new aws.secretsmanager.Secret(name, { name: "shop/db-password" }),
    inputs: { name: "shop/db-password", recoveryWindowInDays: 30, forceOverwriteReplicaSecret: false },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      name: "shop/db-password",
      recoveryWindowInDays: 30,
      forceOverwriteReplicaSecret: false,
      // Optional+Computed: no resource policy unless a SecretPolicy adds one (settled by the pack).
      policy: U,
      id: U,
      arn: U,
    },
  },
  {
    type: "aws:secretsmanager/secretPolicy:SecretPolicy",
    register: (name) =>
      new aws.secretsmanager.SecretPolicy(name, {
        secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-password-AbCdEf",
        policy: RESOURCE_POLICY,
      }),
    inputs: {
      secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-password-AbCdEf",
      policy: RESOURCE_POLICY,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-password-AbCdEf",
      policy: RESOURCE_POLICY,
      id: U,
    },
  },
  {
    type: "aws:ssm/parameter:Parameter",
    register: (name) =>
      new aws.ssm.Parameter(name, { name: "/shop/api-token", type: "SecureString", value: "change-me" }),
    // The provider's schema marks value secret: the SDK sends it wrapped, and the engine keeps it so.
    inputs: { name: "/shop/api-token", type: "SecureString", value: secret("change-me") },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      name: "/shop/api-token",
      type: "SecureString",
      value: secret("change-me"),
      keyId: U,
      id: U,
      arn: U,
      version: U,
    },
  },
  {
    type: "aws:kms/key:Key",
    register: (name) => new aws.kms.Key(name, { description: "parameters" }),
    inputs: { description: "parameters", isEnabled: true },
    // policy is Optional+Computed: AWS's default key policy when unset (settled by the pack).
    planned: { region: "eu-west-1", description: "parameters", isEnabled: true, id: U, arn: U, keyId: U, policy: U },
  },
  {
    type: "aws:kms/keyPolicy:KeyPolicy",
    register: (name) =>
      new aws.kms.KeyPolicy(name, { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: RESOURCE_POLICY }),
    inputs: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: RESOURCE_POLICY },
    planned: { region: "eu-west-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: RESOURCE_POLICY, id: U },
  },
  {
    type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    register: (name) => new aws.ecr.RepositoryPolicy(name, { repository: "shop/api", policy: RESOURCE_POLICY }),
    inputs: { repository: "shop/api", policy: RESOURCE_POLICY },
    planned: { region: "eu-west-1", repository: "shop/api", policy: RESOURCE_POLICY, id: U, registryId: U },
  },
  {
    type: "aws:kms/alias:Alias",
    register: (name) =>
      new aws.kms.Alias(name, { name: "alias/shop", targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
    inputs: { name: "alias/shop", targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      name: "alias/shop",
      targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      id: U,
      arn: U,
      targetKeyArn: U,
    },
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    register: (name) => new aws.cloudwatch.LogGroup(name, { name: "/ecs/shop/api" }),
    inputs: { name: "/ecs/shop/api", retentionInDays: 0, skipDestroy: false },
    planned: { region: "eu-west-1", name: "/ecs/shop/api", retentionInDays: 0, skipDestroy: false, id: U, arn: U },
  },
  {
    type: "aws:ecr/repository:Repository",
    register: (name) => new aws.ecr.Repository(name, { name: "shop/api" }),
    inputs: { name: "shop/api", imageTagMutability: "MUTABLE" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      name: "shop/api",
      imageTagMutability: "MUTABLE",
      id: U,
      arn: U,
      registryId: U,
      repositoryUrl: U,
    },
  },
  {
    type: "aws:ecs/cluster:Cluster",
    register: (name) => new aws.ecs.Cluster(name),
    inputs: { name: AUTONAME },
    planned: { region: "eu-west-1", name: AUTONAME, id: U, arn: U },
  },
  {
    type: "aws:ecs/taskDefinition:TaskDefinition",
    register: (name) =>
      new aws.ecs.TaskDefinition(name, {
        family: "shop-api",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        containerDefinitions: CONTAINERS,
      }),
    inputs: {
      family: "shop-api",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: CONTAINERS,
      skipDestroy: false,
      trackLatest: false,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      family: "shop-api",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: CONTAINERS,
      skipDestroy: false,
      trackLatest: false,
      networkMode: U,
      id: U,
      arn: U,
      arnWithoutRevision: U,
      revision: U,
    },
  },
  {
    type: "aws:ecs/service:Service",
    register: (name) =>
      new aws.ecs.Service(name, {
        cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
        taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:1",
        desiredCount: 2,
        networkConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60718"], securityGroups: ["sg-0a1b2c3d4e5f60718"] },
      }),
    inputs: {
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:1",
      desiredCount: 2,
      networkConfiguration: {
        subnets: ["subnet-0a1b2c3d4e5f60718"],
        securityGroups: ["sg-0a1b2c3d4e5f60718"],
        assignPublicIp: false,
      },
      schedulingStrategy: "REPLICA",
      waitForSteadyState: false,
      enableEcsManagedTags: false,
      enableExecuteCommand: false,
      name: AUTONAME,
    },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:1",
      desiredCount: 2,
      networkConfiguration: {
        subnets: ["subnet-0a1b2c3d4e5f60718"],
        securityGroups: ["sg-0a1b2c3d4e5f60718"],
        assignPublicIp: false,
      },
      schedulingStrategy: "REPLICA",
      waitForSteadyState: false,
      enableEcsManagedTags: false,
      enableExecuteCommand: false,
      name: AUTONAME,
      launchType: U,
      platformVersion: U,
      id: U,
    },
  },
  {
    type: "aws:efs/mountTarget:MountTarget",
    register: (name) =>
      new aws.efs.MountTarget(name, { fileSystemId: "fs-0a1b2c3d", subnetId: "subnet-0a1b2c3d4e5f60718" }),
    inputs: { fileSystemId: "fs-0a1b2c3d", subnetId: "subnet-0a1b2c3d4e5f60718" },
    planned: {
      // Regional resources: the provider's region, known at plan (AWS provider 7).
      region: "eu-west-1",
      fileSystemId: "fs-0a1b2c3d",
      subnetId: "subnet-0a1b2c3d4e5f60718",
      securityGroups: U,
      id: U,
      networkInterfaceId: U,
      dnsName: U,
      mountTargetDnsName: U,
      availabilityZoneName: U,
    },
  },
];

/** Replaces a Check-generated name (`<name>-<7 hex>`) by AUTONAME, after checking its form. */
function withAutonameMarked(resource: StackResource, values: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...values };
  for (const [key, value] of Object.entries(copy))
    if (typeof value === "string" && new RegExp(`^${resource.name}-[0-9a-f]{7}$`).test(value)) copy[key] = AUTONAME;
  return copy;
}

describe("offline preview form per resource type (the planned state, written by hand)", function () {
  this.timeout(120000);
  let recorded: StackResource[] = [];
  before(async () => {
    recorded = await runUnderMocks("preview", () => CASES.forEach((testCase, index) => testCase.register(`r${index}`)));
  });

  it("covers every resource type of PLANNED_STATE", () => {
    const covered = new Set(CASES.map((testCase) => testCase.type));
    assert.deepEqual(
      Object.keys(PLANNED_STATE).filter((type) => !covered.has(type)),
      [],
    );
  });

  CASES.forEach((testCase, index) => {
    const label = `${testCase.type}${testCase.title ? ` (${testCase.title})` : ""}`;
    it(`${label}: Analyze inputs and AnalyzeStack planned state`, () => {
      const resource = recorded.find((candidate) => candidate.name === `r${index}`);
      assert.ok(resource, `r${index} was recorded`);
      assert.equal(resource.type, testCase.type);
      assert.deepEqual(withAutonameMarked(resource, resource.inputs ?? {}), testCase.inputs);
      assert.deepEqual(withAutonameMarked(resource, resource.properties), testCase.planned);
    });
  });

  it("propertyDependencies: a key for every input the program set, none for what Check added", () => {
    const service = recorded.find((resource) => resource.type === "aws:ecs/service:Service")!;
    assert.deepEqual(Object.keys(service.propertyDependencies ?? {}).sort(), [
      "cluster",
      "desiredCount",
      "networkConfiguration",
      "taskDefinition",
    ]);
  });
});

describe("offline preview form: what the program sees and references", function () {
  this.timeout(120000);

  it("ids and provider-only outputs are unknown to the program at a first preview, known once deployed", async () => {
    const seen: Record<string, unknown> = {};
    for (const form of ["preview", "deployed"] as const) {
      await runUnderMocks(form, async () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const group = new aws.ec2.SecurityGroup("tasks", { vpcId: vpc.id });
        seen[`${form} vpc id`] = await valueOf(vpc.id);
        seen[`${form} sg egress`] = await valueOf(group.egress);
      });
    }
    assert.equal(seen["preview vpc id"], undefined);
    assert.equal(seen["preview sg egress"], undefined);
    assert.match(String(seen["deployed vpc id"]), /^vpc-[0-9a-f]{17}$/);
    // After create, the provider has revoked AWS's default egress rule: no rules.
    assert.deepEqual(seen["deployed sg egress"], []);
  });

  it("a resource passed where an id is expected arrives as its id (unknown while planned); a component as its URN", async () => {
    class Bundle extends pulumi.ComponentResource {
      constructor(name: string) {
        super("shop:index:Bundle", name, {});
        this.registerOutputs({});
      }
    }
    const recordedBy: Record<string, StackResource[]> = {};
    for (const form of ["preview", "deployed"] as const) {
      recordedBy[form] = await runUnderMocks(form, () => {
        const role = new aws.iam.Role("execution", { name: "shop-execution", assumeRolePolicy: TRUST });
        new aws.iam.RolePolicyAttachment("execution-ecs", {
          role,
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        });
        const bundle = new Bundle("bundle");
        new aws.ec2.Tag("tag", { resourceId: bundle as unknown as string, key: "team", value: "shop" });
      });
    }
    const attachment = (form: string) => recordedBy[form].find((resource) => resource.name === "execution-ecs")!;
    assert.equal(attachment("preview").inputs!.role, U);
    assert.equal(attachment("preview").properties.role, U);
    assert.equal(attachment("deployed").inputs!.role, "shop-execution");
    assert.equal(attachment("deployed").properties.role, "shop-execution");
    assert.deepEqual(attachment("preview").propertyDependencies!.role, [
      "urn:pulumi:dev::shop::aws:iam/role:Role::execution",
    ]);
    const tag = recordedBy.preview.find((resource) => resource.name === "tag")!;
    assert.equal(tag.inputs!.resourceId, "urn:pulumi:dev::shop::shop:index:Bundle::bundle");
  });

  it("the deployed form fills each unset Optional+Computed attribute with its value after create", async () => {
    const resources = await runUnderMocks("deployed", () => {
      const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
      new aws.ec2.Subnet("subnet", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
      new aws.ec2.RouteTable("table", { vpcId: vpc.id });
      new aws.ec2.NetworkAcl("acl", { vpcId: vpc.id });
      new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: "com.amazonaws.eu-west-1.s3" });
      new aws.iam.Role("role", { assumeRolePolicy: TRUST });
    });
    const props = (name: string) => resources.find((resource) => resource.name === name)!.properties;
    assert.equal(props("vpc").enableDnsHostnames, false);
    assert.equal(props("vpc").enableDnsSupport, true);
    assert.match(String(props("subnet").availabilityZone), /^eu-west-1[abc]$/);
    assert.equal(props("subnet").mapPublicIpOnLaunch, false);
    assert.deepEqual(props("table").routes, []);
    assert.deepEqual([props("acl").ingress, props("acl").egress, props("acl").subnetIds], [[], [], []]);
    assert.deepEqual(JSON.parse(String(props("s3").policy)), {
      Version: "2008-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    });
    assert.deepEqual([props("role").inlinePolicies, props("role").managedPolicyArns], [[], []]);
    for (const resource of resources)
      assert.ok(!JSON.stringify(resource.properties).includes(U), `${resource.name} has no unknown once deployed`);
  });
});

describe("the pack on the faithful preview form: ids still unknown are no match key", () => {
  it("two resources being created do not match by their (equally unknown) ids", () => {
    const model = {
      resources: new Map([
        ["urn:a", { props: { id: U } }],
        ["urn:b", { props: { id: U } }],
      ]),
    } as unknown as StackModel;
    assert.deepEqual(refKeys(model, { urn: "urn:a" }), ["urn:a"]);
    assert.deepEqual(refKeys(model, { urn: "urn:b", value: U }), ["urn:b"]);
  });
});
