/**
 * Provider facts of VPC endpoints and the resources that add subnets, route tables, security
 * groups and a policy to them. Sources: the Terraform AWS provider's resource files (TF…) and
 * the EC2 API's CreateVpcEndpoint.
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, none, unknowable, value } from "./types";

/** The policy AWS gives a VPC endpoint created without one: full access for every principal. */
export const DEFAULT_ENDPOINT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

const CREATE_VPC_ENDPOINT = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html";

export const ENDPOINT_FACTS: FactTable = {
  [T.vpcEndpoint]: {
    schema: `${TF}ec2/vpc_endpoint.go`,
    outputs: ["id", "arn", "ownerId", "state", "dnsEntries", "networkInterfaceIds", "prefixListId", "cidrBlocks"],
    defaults: { vpcEndpointType: "Gateway", autoAccept: false },
    optionalComputed: {
      policy: {
        whenUnset: value(DEFAULT_ENDPOINT_POLICY),
        source: `${TF}ec2/vpc_endpoint.go policy Optional+Computed; AWS attaches a full-access policy (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html)`,
      },
      privateDnsEnabled: {
        // Sent to AWS only when true; AWS's default when omitted is documented both ways.
        whenUnset: unknowable("privateDnsEnabled of the endpoint (set it explicitly)"),
        pickedByAws: {
          value: ({ state }) => state.vpcEndpointType === "Interface",
          source: `EC2 CreateVpcEndpoint: PrivateDnsEnabled defaults to true for interface endpoints (${CREATE_VPC_ENDPOINT})`,
        },
        source: `${TF}ec2/vpc_endpoint.go private_dns_enabled Optional+Computed`,
      },
      subnetIds: { whenUnset: none, source: `${TF}ec2/vpc_endpoint.go subnet_ids Optional+Computed` },
      routeTableIds: { whenUnset: none, source: `${TF}ec2/vpc_endpoint.go route_table_ids Optional+Computed` },
      securityGroupIds: {
        // AWS may attach the VPC's default security group to an interface endpoint created without one.
        whenUnset: (inputs) =>
          inputs.vpcEndpointType === "Interface"
            ? { known: false, settleWith: "securityGroupIds of the interface endpoint" }
            : { known: true, value: [] },
        reads: ["vpcEndpointType"],
        pickedByAws: {
          // The VPC's default group, as the VPC's deployed outputs name it.
          value: ({ state, hex }) => [`sg-${hex(`${String(state.vpcId)}default`, 17)}`],
          source: `EC2 CreateVpcEndpoint: without SecurityGroupIds, the VPC's default security group (${CREATE_VPC_ENDPOINT})`,
        },
        source: `${TF}ec2/vpc_endpoint.go security_group_ids Optional+Computed`,
      },
    },
    idPrefix: "vpce",
  },
  [T.vpcEndpointSubnetAssociation]: idOnly(`${TF}ec2/vpc_endpoint_subnet_association.go`),
  [T.vpcEndpointRouteTableAssociation]: idOnly(`${TF}ec2/vpc_endpoint_route_table_association.go`),
  [T.vpcEndpointSecurityGroupAssociation]: idOnly(`${TF}ec2/vpc_endpoint_security_group_association.go`),
  [T.vpcEndpointPolicy]: {
    ...idOnly(`${TF}ec2/vpc_endpoint_policy.go`),
    optionalComputed: {
      policy: {
        whenUnset: value(DEFAULT_ENDPOINT_POLICY),
        source: `${TF}ec2/vpc_endpoint_policy.go policy Optional+Computed`,
      },
    },
  },
};
