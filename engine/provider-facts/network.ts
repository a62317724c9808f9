/**
 * Provider facts of the VPC network: VPCs, subnets, route tables and routes, gateways, DHCP
 * options, Elastic IPs. Sources: the Terraform AWS provider's resource files (TF…), EC2's ARN
 * formats (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)
 * and the VPC user guide where AWS decides on create.
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, none, unknowable, value } from "./types";

const EC2_ARNS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";

export const NETWORK_FACTS: FactTable = {
  [T.vpc]: {
    schema: `${TF}ec2/vpc_.go`,
    outputs: [
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
    defaults: { enableDnsSupport: true, instanceTenancy: "default" },
    optionalComputed: {
      enableDnsHostnames: {
        whenUnset: value(false),
        source: `${TF}ec2/vpc_.go enable_dns_hostnames Optional+Computed; AWS: off for a non-default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support)`,
      },
    },
    idPrefix: "vpc",
    deployed: {
      // Every VPC comes with a main route table, a default network ACL and a default security group.
      assign: ({ name, hex, arn, accountId }) => {
        const id = `vpc-${hex(name, 17)}`;
        const mainRouteTableId = `rtb-${hex(`${name}main`, 17)}`;
        return {
          id,
          arn: arn("ec2", `vpc/${id}`),
          mainRouteTableId,
          defaultRouteTableId: mainRouteTableId,
          defaultNetworkAclId: `acl-${hex(name, 17)}`,
          defaultSecurityGroupId: `sg-${hex(`${id}default`, 17)}`,
          ownerId: accountId,
        };
      },
      source: `${EC2_ARNS}; https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTables (main route table), default-security-group.html, default-network-acl.html`,
    },
  },
  [T.subnet]: {
    schema: `${TF}ec2/vpc_subnet.go`,
    outputs: ["id", "arn", "ownerId", "ipv6CidrBlockAssociationId"],
    defaults: { mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false },
    optionalComputed: {
      availabilityZone: {
        whenUnset: unknowable("availabilityZone of the subnet"),
        pickedByAws: {
          value: ({ name, pickZone }) => pickZone(name),
          source:
            "EC2 CreateSubnet: without AvailabilityZone, AWS selects one (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html)",
        },
        source: `${TF}ec2/vpc_subnet.go availability_zone Optional+Computed; AWS picks a zone`,
      },
      availabilityZoneId: {
        whenUnset: unknowable("availabilityZone of the subnet"),
        pickedByAws: {
          value: ({ name, state, pickZone, zoneId }) =>
            zoneId(typeof state.availabilityZone === "string" ? state.availabilityZone : pickZone(name)),
          source:
            "the id of the zone AWS picked (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html)",
        },
        source: `${TF}ec2/vpc_subnet.go availability_zone_id Optional+Computed; AWS picks a zone`,
      },
    },
    idPrefix: "subnet",
  },
  [T.routeTable]: {
    schema: `${TF}ec2/vpc_route_table.go`,
    outputs: ["id", "arn", "ownerId"],
    defaults: {},
    optionalComputed: {
      routes: {
        whenUnset: none,
        source: `${TF}ec2/vpc_route_table.go route Optional+Computed (ConfigModeAttr); a new table has only its local route`,
      },
      propagatingVgws: { whenUnset: none, source: `${TF}ec2/vpc_route_table.go propagating_vgws Optional+Computed` },
    },
    idPrefix: "rtb",
  },
  [T.defaultRouteTable]: {
    schema: `${TF}ec2/vpc_default_route_table.go`,
    outputs: ["id", "arn", "ownerId", "vpcId"],
    defaults: {},
    optionalComputed: {
      routes: {
        whenUnset: none,
        source: `${TF}ec2/vpc_default_route_table.go route Optional+Computed; on adoption every route but local, propagated and endpoint routes is deleted`,
      },
    },
    identifiers: ["defaultRouteTableId"],
  },
  [T.route]: { ...idOnly(`${TF}ec2/vpc_route.go`, ["id", "origin", "state", "instanceOwnerId"]), idPrefix: "r-rtb" },
  [T.routeTableAssociation]: idOnly(`${TF}ec2/vpc_route_table_association.go`),
  [T.mainRouteTableAssociation]: idOnly(`${TF}ec2/vpc_main_route_table_association.go`, ["id", "originalRouteTableId"]),
  [T.internetGateway]: {
    ...idOnly(`${TF}ec2/vpc_internet_gateway.go`, ["id", "arn", "ownerId"]),
    idPrefix: "igw",
  },
  [T.internetGatewayAttachment]: idOnly(`${TF}ec2/vpc_internet_gateway_attachment.go`),
  [T.natGateway]: {
    schema: `${TF}ec2/vpc_nat_gateway.go`,
    outputs: ["id", "networkInterfaceId", "publicIp", "associationId"],
    defaults: { connectivityType: "public" },
    optionalComputed: {},
    idPrefix: "nat",
  },
  [T.eip]: {
    // Optional+Computed attributes (domain, instance, networkInterface...) are not read here.
    ...idOnly(`${TF}ec2/ec2_eip.go`, [
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
    ]),
    // The id is the allocation id (ec2_eip.go: d.SetId(AllocationId); IsVPC: "eipalloc-").
    idPrefix: "eipalloc",
  },
  [T.dhcpOptions]: idOnly(`${TF}ec2/vpc_dhcp_options.go`, ["id", "arn", "ownerId"]),
  [T.dhcpOptionsAssociation]: idOnly(`${TF}ec2/vpc_dhcp_options_association.go`),
};
