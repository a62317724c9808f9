/**
 * Readers of VPC endpoints and the resources that add subnets, route tables, security groups and a policy to them.
 * Each reads a resource already settled (../settle.ts): an unset Optional+Computed attribute
 * holds its create-time value from the provider-fact table, so "absent" below means "absent
 * after create".
 */
import { readBoolean, readString, readStrings, readValue } from "../values";
import { idOf, policyDocument, BuildState, ReaderTable } from "./common";
import type { StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";
import { unsetString } from "../../../engine/provider-facts";

/** The endpoint type the provider's Check fills in when the program gives none. */
const UNSET_ENDPOINT_TYPE = unsetString(T.vpcEndpoint, "vpcEndpointType");

function readVpcEndpoint(r: StackResource, { model, resolver, vpcRef }: BuildState): void {
  const p = r.properties;
  const subnets = resolver.many(r, "subnetIds", readStrings(p, "subnetIds"), [T.subnet]);
  const groups = resolver.many(r, "securityGroupIds", readStrings(p, "securityGroupIds"), [
    T.securityGroup,
    T.defaultSecurityGroup,
  ]);
  const tables = resolver.many(r, "routeTableIds", readStrings(p, "routeTableIds"), [
    T.routeTable,
    T.defaultRouteTable,
  ]);
  model.endpoints.set(r.urn, {
    urn: r.urn,
    id: idOf(p),
    vpc: vpcRef(r),
    serviceName: readString(p, "serviceName"),
    type: readString(p, "vpcEndpointType") ?? UNSET_ENDPOINT_TYPE,
    // No provider value: AWS picks it, so an unset one is unknown after settling. Absent only
    // from a state that lacks the attribute: not known to be on.
    privateDns: readBoolean(p, "privateDnsEnabled") ?? false,
    subnets: subnets.refs,
    securityGroups: groups.refs,
    routeTables: tables.refs,
    listsUnknown: [
      ...(subnets.unknown ? ["subnetIds"] : []),
      ...(groups.unknown ? ["securityGroupIds"] : []),
      ...(tables.unknown ? ["routeTableIds"] : []),
    ],
    policy: policyDocument(readValue(p, "policy")),
    policyDeclaredBy: readValue(p, "policy") === undefined ? undefined : r.urn,
    prefixListId: readString(p, "prefixListId"),
  });
}

function readVpcEndpointSubnetAssociation(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const endpointRef = resolver.one(r, "vpcEndpointId", readString(p, "vpcEndpointId"), [T.vpcEndpoint]);
    const endpoint = endpointRef?.urn ? model.endpoints.get(endpointRef.urn) : undefined;
    if (!endpoint) return;
    if (r.type === T.vpcEndpointSubnetAssociation) {
      const subnet = resolver.one(r, "subnetId", readString(p, "subnetId"), [T.subnet]);
      if (subnet) endpoint.subnets.push(subnet);
    } else if (r.type === T.vpcEndpointRouteTableAssociation) {
      const table = resolver.one(r, "routeTableId", readString(p, "routeTableId"), [T.routeTable, T.defaultRouteTable]);
      if (table) endpoint.routeTables.push(table);
    } else if (r.type === T.vpcEndpointSecurityGroupAssociation) {
      const group = resolver.one(r, "securityGroupId", readString(p, "securityGroupId"), [
        T.securityGroup,
        T.defaultSecurityGroup,
      ]);
      if (group) endpoint.securityGroups.push(group);
    } else {
      endpoint.policy = policyDocument(readValue(p, "policy"));
      endpoint.policyDeclaredBy = r.urn;
    }
  });
}

export const ENDPOINTS_READERS: ReaderTable = {
  [T.vpcEndpoint]: readVpcEndpoint,
  [T.vpcEndpointSubnetAssociation]: readVpcEndpointSubnetAssociation,
  [T.vpcEndpointRouteTableAssociation]: readVpcEndpointSubnetAssociation,
  [T.vpcEndpointSecurityGroupAssociation]: readVpcEndpointSubnetAssociation,
  [T.vpcEndpointPolicy]: readVpcEndpointSubnetAssociation,
};
