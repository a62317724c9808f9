/**
 * Readers of security groups and network ACLs, with the rules declared inline or as separate resources.
 * Each reads a resource already settled (../settle.ts): an unset Optional+Computed attribute
 * holds its create-time value from the provider-fact table, so "absent" below means "absent
 * after create".
 */
import { Fact, known, readBlocks, readBoolean, readNumber, readString, readStrings, UNKNOWN_FACT } from "../values";
import type { SecurityGroupRule, NetworkAclRule } from "../model";
import { idOf, portOf, BuildState, ReaderTable } from "./common";
import type { Resolver } from "../resolver";
import type { Properties, StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";
import { unsetBoolean } from "../../../engine/provider-facts";

/** A network ACL rule resource without `egress` is an ingress rule (the provider's default). */
const UNSET_RULE_EGRESS = unsetBoolean(T.networkAclRule, "egress");

/** A list property and its single-valued twin (`cidrBlocks` and `cidrIpv4`) as one list. */
function joinFacts(list: Fact<Fact<string>[]> | undefined, single: Fact<string> | undefined): Fact<string>[] {
  const joined: Fact<string>[] = list === UNKNOWN_FACT ? [UNKNOWN_FACT] : [...(list ?? [])];
  if (single !== undefined) joined.push(single);
  return joined;
}

/** Where a prefix list id in a rule can come from: a managed prefix list, or a gateway endpoint's output. */
export const PREFIX_LIST_SOURCES = [T.managedPrefixList, T.vpcEndpoint] as const;

function securityGroupRuleFromBlock(
  resolver: Resolver,
  owner: StackResource,
  property: string,
  direction: SecurityGroupRule["direction"],
  block: Properties,
): SecurityGroupRule {
  const protocol = readString(block, "protocol") ?? readString(block, "ipProtocol");
  const fromPort = portOf(block, "fromPort", 0);
  const toPort = portOf(block, "toPort", 65535);
  const cidrs = readStrings(block, "cidrBlocks");
  const single = readString(block, "cidrIpv4");
  // A rule resource has its own property dependencies per field; an inline block shares its owner's.
  const standalone = block === owner.properties;
  const prefixLists = resolver.many(
    owner,
    standalone ? "prefixListIds" : property,
    readStrings(block, "prefixListIds"),
    PREFIX_LIST_SOURCES,
  );
  const singlePrefixList = resolver.one(
    owner,
    standalone ? "prefixListId" : property,
    readString(block, "prefixListId"),
    PREFIX_LIST_SOURCES,
  );
  const groupValues = readStrings(block, "securityGroups");
  const singleGroup = readString(block, "sourceSecurityGroupId") ?? readString(block, "referencedSecurityGroupId");
  const groups = resolver.many(owner, property, groupValues, [T.securityGroup, T.defaultSecurityGroup]);
  const groupRef = resolver.one(owner, property, singleGroup, [T.securityGroup, T.defaultSecurityGroup]);
  return {
    direction,
    protocol: known(protocol) ? protocol.toLowerCase() : "unknown",
    fromPort: fromPort ?? 0,
    toPort: toPort ?? 65535,
    cidrs: joinFacts(cidrs, single),
    prefixLists: [...prefixLists.refs, ...(singlePrefixList ? [singlePrefixList] : [])],
    groups: [...groups.refs, ...(groupRef ? [groupRef] : [])],
    self: readBoolean(block, "self") === true,
    unknown:
      !known(protocol) || fromPort === undefined || toPort === undefined || groups.unknown || prefixLists.unknown,
    declaredBy: owner.urn,
  };
}

function networkAclRuleFromBlock(owner: StackResource, egress: boolean, block: Properties): NetworkAclRule {
  const action = readString(block, "action") ?? readString(block, "ruleAction");
  const protocol = readString(block, "protocol");
  return {
    egress,
    ruleNumber: (() => {
      const n = readNumber(block, "ruleNo") ?? readNumber(block, "ruleNumber");
      return known(n) ? n : 0;
    })(),
    protocol: known(protocol) ? protocol.toLowerCase() : "unknown",
    allow: known(action) && action.toLowerCase() === "allow",
    cidr: readString(block, "cidrBlock"),
    fromPort: portOf(block, "fromPort", 0) ?? 0,
    toPort: portOf(block, "toPort", 65535) ?? 65535,
    declaredBy: owner.urn,
  };
}

function readSecurityGroup(r: StackResource, { model, resolver, vpcRef }: BuildState): void {
  const p = r.properties;
  const ingress = readBlocks(p, "ingress");
  const egress = readBlocks(p, "egress");
  model.securityGroups.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    vpc: vpcRef(r),
    // The provider removes AWS's default allow-all egress: no egress block means no egress.
    rules: [
      ...(known(ingress)
        ? ingress.map((block) => securityGroupRuleFromBlock(resolver, r, "ingress", "ingress", block))
        : []),
      ...(known(egress)
        ? egress.map((block) => securityGroupRuleFromBlock(resolver, r, "egress", "egress", block))
        : []),
    ],
    rulesUnknown: ingress === UNKNOWN_FACT || egress === UNKNOWN_FACT,
  });
}

function readSecurityGroupRule(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const groupRef = resolver.one(r, "securityGroupId", readString(p, "securityGroupId"), [
      T.securityGroup,
      T.defaultSecurityGroup,
    ]);
    const group = groupRef?.urn ? model.securityGroups.get(groupRef.urn) : undefined;
    if (!group) return;
    const type = readString(p, "type");
    const direction =
      r.type === T.securityGroupIngressRule
        ? "ingress"
        : r.type === T.securityGroupEgressRule
          ? "egress"
          : type === "egress"
            ? "egress"
            : "ingress";
    const peerProperty =
      ["sourceSecurityGroupId", "referencedSecurityGroupId"].find((key) => key in p) ?? "sourceSecurityGroupId";
    const rule = securityGroupRuleFromBlock(resolver, r, peerProperty, direction, p);
    if (r.type === T.securityGroupRule && !known(type)) rule.unknown = true;
    group.rules.push(rule);
  });
}

function readNetworkAcl(r: StackResource, { model, resolver, vpcRef }: BuildState): void {
  const p = r.properties;
  const ingress = readBlocks(p, "ingress");
  const egress = readBlocks(p, "egress");
  const subnets = resolver.many(r, "subnetIds", readStrings(p, "subnetIds"), [T.subnet]);
  model.networkAcls.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    vpc: vpcRef(r),
    subnets: subnets.refs,
    rules: [
      ...(known(ingress) ? ingress.map((block) => networkAclRuleFromBlock(r, false, block)) : []),
      ...(known(egress) ? egress.map((block) => networkAclRuleFromBlock(r, true, block)) : []),
    ],
    rulesUnknown: ingress === UNKNOWN_FACT || egress === UNKNOWN_FACT || subnets.unknown,
    isDefault: r.type === T.defaultNetworkAcl,
  });
}

function readNetworkAclRule(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const aclRef = resolver.one(r, "networkAclId", readString(p, "networkAclId"), [T.networkAcl, T.defaultNetworkAcl]);
    const acl = aclRef?.urn ? model.networkAcls.get(aclRef.urn) : undefined;
    if (!acl) return;
    if (r.type === T.networkAclAssociation) {
      const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
      if (subnet) acl.subnets.push(subnet);
    } else {
      acl.rules.push(networkAclRuleFromBlock(r, (readBoolean(p, "egress") ?? UNSET_RULE_EGRESS) === true, p));
    }
  });
}

export const SECURITY_READERS: ReaderTable = {
  [T.securityGroup]: readSecurityGroup,
  [T.defaultSecurityGroup]: readSecurityGroup,
  [T.securityGroupRule]: readSecurityGroupRule,
  [T.securityGroupIngressRule]: readSecurityGroupRule,
  [T.securityGroupEgressRule]: readSecurityGroupRule,
  [T.networkAcl]: readNetworkAcl,
  [T.defaultNetworkAcl]: readNetworkAcl,
  [T.networkAclRule]: readNetworkAclRule,
  [T.networkAclAssociation]: readNetworkAclRule,
};
