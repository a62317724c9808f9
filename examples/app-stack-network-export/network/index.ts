// The platform team's network stack (acme/network/prod): private subnets, the task security
// group and VPC endpoints. App stacks read its outputs through a StackReference.
import * as pulumi from "@pulumi/pulumi";
import { FargateEndpointSet } from "../../../components";
import { network } from "../../shared/network";

const config = new pulumi.Config();
const net = network("acme");
const endpoints = new FargateEndpointSet("acme-endpoints", {
  vpcId: net.vpc.id,
  subnetIds: net.taskSubnets.map((subnet) => subnet.id),
  routeTableIds: net.taskRouteTables.map((table) => table.id),
  taskSecurityGroupIds: [net.taskSecurityGroup.id],
  // The broken variant forgets Secrets Manager: every app stack reading secrets cannot start.
  services:
    config.getBoolean("secretsManagerEndpoint") === false
      ? ["ecr", "logs", "ssm"]
      : ["ecr", "logs", "secretsmanager", "ssm"],
});

export const vpcId = net.vpc.id;
export const privateSubnetIds = net.taskSubnets.map((subnet) => subnet.id);
export const taskSecurityGroupId = net.taskSecurityGroup.id;
export const endpointIds = endpoints.endpoints;
