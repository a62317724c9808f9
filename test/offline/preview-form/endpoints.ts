/** Preview-form cases of VPC endpoints and what adds subnets, route tables, security groups and a policy to them: see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { Case, previewCase } from "./common";

/** What the provider computes for every VPC endpoint, whatever its type: unknown at plan. */
const ENDPOINT_COMPUTED = [
  "id",
  "arn",
  "ownerId",
  "state",
  "dnsEntries",
  "networkInterfaceIds",
  "prefixListId",
  "cidrBlocks",
];

export const ENDPOINT_CASES: Case[] = [
  previewCase({
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
    unknown: ["policy", "routeTableIds", ...ENDPOINT_COMPUTED],
  }),
  previewCase({
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
    unknown: ["policy", "privateDnsEnabled", "subnetIds", "securityGroupIds", ...ENDPOINT_COMPUTED],
  }),
  previewCase({
    type: "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation",
    register: (name) =>
      new aws.ec2.VpcEndpointSubnetAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        subnetId: "subnet-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", subnetId: "subnet-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
    register: (name) =>
      new aws.ec2.VpcEndpointRouteTableAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        routeTableId: "rtb-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", routeTableId: "rtb-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/securityGroupAssociation:SecurityGroupAssociation",
    register: (name) =>
      new aws.ec2.SecurityGroupAssociation(name, {
        vpcEndpointId: "vpce-0a1b2c3d4e5f60718",
        securityGroupId: "sg-0a1b2c3d4e5f60718",
      }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718", securityGroupId: "sg-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    register: (name) => new aws.ec2.VpcEndpointPolicy(name, { vpcEndpointId: "vpce-0a1b2c3d4e5f60718" }),
    inputs: { vpcEndpointId: "vpce-0a1b2c3d4e5f60718" },
    unknown: ["policy", "id"],
  }),
];
