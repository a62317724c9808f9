/**
 * Provider facts of security groups and network ACLs, with the rules declared inline or as
 * separate resources. Sources: the Terraform AWS provider's resource files (TF…) and AWS's
 * behaviour on create that each entry cites.
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, none } from "./types";

export const SECURITY_FACTS: FactTable = {
  [T.securityGroup]: {
    schema: `${TF}ec2/vpc_security_group.go`,
    outputs: ["id", "arn", "ownerId"],
    defaults: { description: "Managed by Pulumi", revokeRulesOnDelete: false },
    autoName: "name",
    optionalComputed: {
      ingress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_security_group.go ingress Optional+Computed; a new group has no ingress rule`,
      },
      egress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_security_group.go egress Optional+Computed; on create the provider revokes AWS's default allow-all egress`,
      },
    },
    idPrefix: "sg",
  },
  [T.defaultSecurityGroup]: {
    schema: `${TF}ec2/vpc_default_security_group.go`,
    outputs: ["id", "arn", "ownerId", "name", "description"],
    defaults: { revokeRulesOnDelete: false },
    optionalComputed: {
      ingress: { whenUnset: none, source: `${TF}ec2/vpc_default_security_group.go: adoption removes every rule` },
      egress: { whenUnset: none, source: `${TF}ec2/vpc_default_security_group.go: adoption removes every rule` },
    },
  },
  [T.securityGroupRule]: idOnly(`${TF}ec2/vpc_security_group_rule.go`, ["id", "securityGroupRuleId"]),
  [T.securityGroupIngressRule]: idOnly(`${TF}ec2/vpc_security_group_ingress_rule.go`, [
    "id",
    "arn",
    "securityGroupRuleId",
  ]),
  [T.securityGroupEgressRule]: idOnly(`${TF}ec2/vpc_security_group_egress_rule.go`, [
    "id",
    "arn",
    "securityGroupRuleId",
  ]),
  [T.networkAcl]: {
    schema: `${TF}ec2/vpc_network_acl.go`,
    outputs: ["id", "arn", "ownerId"],
    defaults: {},
    optionalComputed: {
      ingress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_network_acl.go ingress Optional+Computed; a new NACL denies all`,
      },
      egress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_network_acl.go egress Optional+Computed; a new NACL denies all`,
      },
      subnetIds: { whenUnset: none, source: `${TF}ec2/vpc_network_acl.go subnet_ids Optional+Computed` },
    },
    idPrefix: "acl",
  },
  [T.defaultNetworkAcl]: {
    ...idOnly(`${TF}ec2/vpc_default_network_acl.go`, ["id", "arn", "ownerId", "vpcId"]),
    identifiers: ["defaultNetworkAclId"],
  },
  [T.networkAclRule]: { ...idOnly(`${TF}ec2/vpc_network_acl_rule.go`), defaults: { egress: false } },
  [T.networkAclAssociation]: idOnly(`${TF}ec2/vpc_network_acl_association.go`),
};
