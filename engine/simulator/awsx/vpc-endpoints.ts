/**
 * The VPC endpoints of an `awsx.ec2.Vpc`'s `vpcEndpointSpecs` (pulumi/pulumi-awsx
 * awsx/ec2/vpc.ts, facts.ts AWSX_SOURCE). Under the Legacy strategy (the default) a spec is
 * passed through as it is, so an interface endpoint without subnets or a gateway endpoint
 * without route tables is associated with nothing; under Auto (v3.7.0 on) awsx fills them in:
 * one subnet per zone (private first), private DNS, a security group open on 443 to the VPC's
 * CIDR, and every route table of the VPC.
 */
import type * as awsx from "@pulumi/awsx";
import type * as AwsModule from "@pulumi/aws";
import { has } from "./runtime";
import type { AwsxRuntime, Input } from "./runtime";

/** vpc.ts tryGetVpcEndpointType: lower case; omitted means gateway; an Output is not known to Auto. */
export function endpointType(spec: awsx.types.input.ec2.VpcEndpointSpecArgs, strategy: string): string | undefined {
  if (spec.vpcEndpointType === undefined) return "gateway";
  if (typeof spec.vpcEndpointType === "string") return spec.vpcEndpointType.toLowerCase();
  if (strategy === "Auto")
    throw new Error(`vpcEndpointStrategy "Auto" needs a plain vpcEndpointType for endpoint ${spec.serviceName}`);
  return undefined;
}

interface EndpointRequest {
  specs: { spec: awsx.types.input.ec2.VpcEndpointSpecArgs; type: string | undefined }[];
  strategy: string;
  region: Input<string> | undefined;
  vpc: AwsModule.ec2.Vpc;
  sharedTags: Input<Record<string, Input<string>>>;
  /** The VPC's subnets in creation order, with their type (lower case) and zone. */
  subnets: { subnet: AwsModule.ec2.Subnet; type: string; azName: string }[];
  routeTables: AwsModule.ec2.RouteTable[];
  azNames: readonly string[];
}

export function vpcEndpoints(runtime: AwsxRuntime, request: EndpointRequest): AwsModule.ec2.VpcEndpoint[] {
  const { pulumi, aws } = runtime;
  const { vpc, sharedTags } = request;
  return request.specs.map(({ spec, type }) => {
    const region = spec.region ?? request.region;
    const autoInterface = request.strategy === "Auto" && type === "interface";
    const autoGateway = request.strategy === "Auto" && type === "gateway";
    // Before AWSX_SINCE.vpcEndpointsListed an endpoint had only its spec's tags.
    const tags = has(runtime, "vpcEndpointsListed")
      ? pulumi.all([sharedTags, spec.tags]).apply(([shared, own]) => ({ ...shared, ...own }))
      : spec.tags;
    // vpc.ts selectVpcEndpointSubnetIds: per zone, its first private subnet, else isolated, else public.
    const subnetIds =
      autoInterface && spec.subnetIds === undefined && spec.subnetConfigurations === undefined
        ? request.azNames.flatMap((azName) => {
            for (const preferred of ["private", "isolated", "public"]) {
              const found = request.subnets.find((s) => s.azName === azName && s.type === preferred);
              if (found) return [found.subnet.id];
            }
            return [];
          })
        : spec.subnetIds;
    let securityGroupIds = spec.securityGroupIds;
    if (autoInterface && securityGroupIds === undefined) {
      const group = new aws.ec2.SecurityGroup(
        `${spec.serviceName}-sg`,
        { region, vpcId: vpc.id, tags },
        { parent: vpc, dependsOn: [vpc] },
      );
      const addressType = typeof spec.ipAddressType === "string" ? spec.ipAddressType.toLowerCase() : undefined;
      new aws.ec2.SecurityGroupRule(
        `${spec.serviceName}-ingress`,
        {
          region,
          type: "ingress",
          securityGroupId: group.id,
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [vpc.cidrBlock],
          ...(addressType === "ipv6" || addressType === "dualstack" ? { ipv6CidrBlocks: [vpc.ipv6CidrBlock] } : {}),
        },
        { parent: vpc, dependsOn: [group] },
      );
      securityGroupIds = [group.id];
    }
    return new aws.ec2.VpcEndpoint(
      spec.serviceName,
      {
        autoAccept: spec.autoAccept,
        dnsOptions: spec.dnsOptions,
        ipAddressType: spec.ipAddressType,
        policy: spec.policy,
        privateDnsEnabled: autoInterface && spec.privateDnsEnabled === undefined ? true : spec.privateDnsEnabled,
        region,
        resourceConfigurationArn: spec.resourceConfigurationArn,
        routeTableIds:
          autoGateway && spec.routeTableIds === undefined
            ? request.routeTables.map((table) => table.id)
            : spec.routeTableIds,
        securityGroupIds,
        serviceName: spec.serviceName,
        serviceNetworkArn: spec.serviceNetworkArn,
        serviceRegion: spec.serviceRegion,
        subnetConfigurations: spec.subnetConfigurations,
        subnetIds,
        tags,
        vpcEndpointType: spec.vpcEndpointType,
        vpcId: vpc.id,
      },
      { parent: vpc, dependsOn: [vpc] },
    );
  });
}
