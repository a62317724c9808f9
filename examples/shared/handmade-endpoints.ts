/**
 * Endpoints written by hand with @pulumi/aws, as many teams have them, for the examples
 * whose mistake FargateEndpointSet would not make.
 */
import * as aws from "@pulumi/aws";
import type { Network } from "./network";

export function handmadeInterfaceEndpoints(
  name: string,
  net: Network,
  services: string[],
  options: { ingressFromTasks?: boolean; privateDns?: boolean } = {},
): aws.ec2.VpcEndpoint[] {
  const group = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
    vpcId: net.vpc.id,
    description: "VPC endpoints",
    ingress:
      options.ingressFromTasks === false
        ? [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"], description: "wrong port" }]
        : [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [net.taskSecurityGroup.id] }],
  });
  return services.map(
    (service) =>
      new aws.ec2.VpcEndpoint(`${name}-${service.replace(/\./g, "-")}`, {
        vpcId: net.vpc.id,
        serviceName: `com.amazonaws.${aws.config.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: options.privateDns ?? true,
        subnetIds: net.taskSubnets.map((subnet) => subnet.id),
        securityGroupIds: [group.id],
      }),
  );
}

export function handmadeS3Gateway(name: string, net: Network): aws.ec2.VpcEndpoint {
  return new aws.ec2.VpcEndpoint(`${name}-s3`, {
    vpcId: net.vpc.id,
    serviceName: `com.amazonaws.${aws.config.region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: net.taskRouteTables.map((table) => table.id),
  });
}
