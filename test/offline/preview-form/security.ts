/** Preview-form cases of security groups and network ACLs, with their rules: see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { AUTONAME, Case, previewCase } from "./common";

export const SECURITY_CASES: Case[] = [
  previewCase({
    type: "aws:ec2/securityGroup:SecurityGroup",
    register: (name) => new aws.ec2.SecurityGroup(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      description: "Managed by Pulumi",
      revokeRulesOnDelete: false,
      name: AUTONAME,
    },
    unknown: ["ingress", "egress", "id", "arn", "ownerId"],
  }),
  previewCase({
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
    unknown: ["ingress", "id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    register: (name) => new aws.ec2.DefaultSecurityGroup(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718", revokeRulesOnDelete: false },
    unknown: ["ingress", "egress", "id", "arn", "ownerId", "name", "description"],
  }),
  previewCase({
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
    unknown: ["id", "securityGroupRuleId"],
  }),
  previewCase({
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
    unknown: ["id", "arn", "securityGroupRuleId"],
  }),
  previewCase({
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    register: (name) =>
      new aws.vpc.SecurityGroupEgressRule(name, {
        securityGroupId: "sg-0a1b2c3d4e5f60718",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      }),
    inputs: { securityGroupId: "sg-0a1b2c3d4e5f60718", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
    unknown: ["id", "arn", "securityGroupRuleId"],
  }),
  previewCase({
    type: "aws:ec2/networkAcl:NetworkAcl",
    register: (name) => new aws.ec2.NetworkAcl(name, { vpcId: "vpc-0a1b2c3d4e5f60718" }),
    inputs: { vpcId: "vpc-0a1b2c3d4e5f60718" },
    unknown: ["ingress", "egress", "subnetIds", "id", "arn", "ownerId"],
  }),
  previewCase({
    type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    register: (name) => new aws.ec2.DefaultNetworkAcl(name, { defaultNetworkAclId: "acl-0a1b2c3d4e5f60718" }),
    // ingress / egress are Optional only: absent when not set (every entry is deleted).
    inputs: { defaultNetworkAclId: "acl-0a1b2c3d4e5f60718" },
    unknown: ["id", "arn", "ownerId", "vpcId"],
  }),
  previewCase({
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
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    register: (name) =>
      new aws.ec2.NetworkAclAssociation(name, {
        networkAclId: "acl-0a1b2c3d4e5f60718",
        subnetId: "subnet-0a1b2c3d4e5f60718",
      }),
    inputs: { networkAclId: "acl-0a1b2c3d4e5f60718", subnetId: "subnet-0a1b2c3d4e5f60718" },
    unknown: ["id"],
  }),
];
