/**
 * Synthetic stacks for the benchmark: many independent "cells" (a VPC with a Fargate service,
 * reached through endpoints, NAT or public IPs, one in four broken) plus unrelated resources,
 * built with the same fixture builder as the tests, in preview or deployed form.
 */
import { out, StackBuilder, StackForm } from "../test/fixtures/builder";
import { app, endpoints, INTERFACE_SERVICES, REGION, vpcWithPrivateSubnets } from "../test/fixtures/stacks";

export function syntheticStack(form: StackForm, targetResources: number): StackBuilder {
  const b = new StackBuilder(form);
  for (let cell = 0; b.resources.length < targetResources; cell++) {
    const prefix = `c${cell}-`;
    const net = vpcWithPrivateSubnets(b, prefix);
    switch (cell % 4) {
      case 0: // endpoints, working
        endpoints(b, net, INTERFACE_SERVICES, prefix);
        app(b, net, { prefix });
        break;
      case 1: // endpoints, seed 000: no Secrets Manager endpoint
        endpoints(
          b,
          net,
          INTERFACE_SERVICES.filter((service) => service !== "secretsmanager"),
          prefix,
        );
        app(b, net, { prefix });
        break;
      case 2: {
        // NAT gateway in a public subnet
        const igw = b.add(
          "aws:ec2/internetGateway:InternetGateway",
          `${prefix}igw`,
          { vpcId: out(net.vpc) },
          { id: `igw-${cell}` },
        );
        const subnet = b.add(
          "aws:ec2/subnet:Subnet",
          `${prefix}public`,
          { vpcId: out(net.vpc), cidrBlock: "10.0.100.0/24", availabilityZone: `${REGION}a` },
          { id: `subnet-p${cell}` },
        );
        const table = b.add(
          "aws:ec2/routeTable:RouteTable",
          `${prefix}public-rt`,
          { vpcId: out(net.vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: out(igw) }] },
          { id: `rtb-p${cell}` },
        );
        b.add(
          "aws:ec2/routeTableAssociation:RouteTableAssociation",
          `${prefix}public-rta`,
          { subnetId: out(subnet), routeTableId: out(table) },
          { id: `rtbassoc-p${cell}` },
        );
        const nat = b.add(
          "aws:ec2/natGateway:NatGateway",
          `${prefix}nat`,
          { subnetId: out(subnet), allocationId: `eipalloc-${cell}` },
          { id: `nat-${cell}` },
        );
        b.add(
          "aws:ec2/route:Route",
          `${prefix}default`,
          { routeTableId: out(net.routeTable), destinationCidrBlock: "0.0.0.0/0", natGatewayId: out(nat) },
          { id: `r-${cell}` },
        );
        app(b, net, { prefix });
        break;
      }
      default: {
        // public subnets; broken in odd rounds (no public IP)
        const igw = b.add(
          "aws:ec2/internetGateway:InternetGateway",
          `${prefix}igw`,
          { vpcId: out(net.vpc) },
          { id: `igw-${cell}` },
        );
        b.add(
          "aws:ec2/route:Route",
          `${prefix}default`,
          { routeTableId: out(net.routeTable), destinationCidrBlock: "0.0.0.0/0", gatewayId: out(igw) },
          { id: `r-${cell}` },
        );
        app(b, net, { prefix, assignPublicIp: cell % 8 === 3 });
      }
    }
    // Unrelated resources every real stack also has.
    for (let i = 0; i < 6; i++) {
      b.add(
        "aws:s3/bucket:Bucket",
        `${prefix}bucket-${i}`,
        { bucket: `${prefix}bucket-${i}`, tags: { team: "shop" } },
        { id: `${prefix}bucket-${i}`, arn: `arn:aws:s3:::${prefix}bucket-${i}` },
      );
    }
  }
  return b;
}
