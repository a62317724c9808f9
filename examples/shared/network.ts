/**
 * The networks the examples run in, written as a user would with @pulumi/aws: a VPC with
 * private subnets in two AZs, optionally public subnets, an internet gateway and NAT gateways.
 */
import * as aws from "@pulumi/aws";

export interface Network {
  vpc: aws.ec2.Vpc;
  /** Subnets the tasks run in. */
  taskSubnets: aws.ec2.Subnet[];
  /** Route tables of the task subnets. */
  taskRouteTables: aws.ec2.RouteTable[];
  taskSecurityGroup: aws.ec2.SecurityGroup;
}

export interface NetworkOptions {
  /** Tasks in public subnets (route to an internet gateway) instead of private ones. */
  publicTasks?: boolean;
  /** One NAT gateway per AZ, in a public subnet, as the private subnets' default route. */
  natPerAz?: boolean;
  /** Put the NAT gateways in the private subnets by mistake. */
  natInPrivateSubnets?: boolean;
  enableDnsSupport?: boolean;
  /** Task security group egress on 443 (default true). */
  httpsEgress?: boolean;
}

const ZONES = ["a", "b"];

export function network(name: string, options: NetworkOptions = {}): Network {
  const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
    cidrBlock: "10.0.0.0/16",
    enableDnsSupport: options.enableDnsSupport ?? true,
    enableDnsHostnames: true,
    tags: { Name: name },
  });
  const needsInternet = options.publicTasks || options.natPerAz || options.natInPrivateSubnets;
  const igw = needsInternet ? new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id }) : undefined;
  const taskSubnets: aws.ec2.Subnet[] = [];
  const taskRouteTables: aws.ec2.RouteTable[] = [];
  ZONES.forEach((zone, index) => {
    const availabilityZone = `${aws.config.region}${zone}`;
    const subnet = new aws.ec2.Subnet(`${name}-tasks-${zone}`, {
      vpcId: vpc.id,
      cidrBlock: `10.0.${index + 1}.0/24`,
      availabilityZone,
    });
    const routes: aws.types.input.ec2.RouteTableRoute[] = [];
    if (options.publicTasks && igw) routes.push({ cidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    if ((options.natPerAz || options.natInPrivateSubnets) && igw) {
      let natSubnet = subnet;
      if (!options.natInPrivateSubnets) {
        natSubnet = new aws.ec2.Subnet(`${name}-public-${zone}`, {
          vpcId: vpc.id,
          cidrBlock: `10.0.${index + 101}.0/24`,
          availabilityZone,
        });
        const publicTable = new aws.ec2.RouteTable(`${name}-public-${zone}`, {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        });
        new aws.ec2.RouteTableAssociation(`${name}-public-${zone}`, {
          subnetId: natSubnet.id,
          routeTableId: publicTable.id,
        });
      }
      const eip = new aws.ec2.Eip(`${name}-nat-${zone}`, { domain: "vpc" });
      const nat = new aws.ec2.NatGateway(`${name}-nat-${zone}`, { subnetId: natSubnet.id, allocationId: eip.id });
      routes.push({ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    }
    const table = new aws.ec2.RouteTable(`${name}-tasks-${zone}`, { vpcId: vpc.id, routes });
    new aws.ec2.RouteTableAssociation(`${name}-tasks-${zone}`, { subnetId: subnet.id, routeTableId: table.id });
    taskSubnets.push(subnet);
    taskRouteTables.push(table);
  });
  const taskSecurityGroup = new aws.ec2.SecurityGroup(`${name}-tasks`, {
    vpcId: vpc.id,
    description: "Fargate tasks",
    egress:
      options.httpsEgress === false
        ? []
        : [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS out" }],
  });
  return { vpc, taskSubnets, taskRouteTables, taskSecurityGroup };
}
