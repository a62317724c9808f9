/**
 * FargateEndpointSet: the VPC endpoints Fargate tasks in private subnets need at start-up,
 * one per AWS service per VPC, shared by every task subnet.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsServiceKey, endpointServiceName, isAwsServiceKey, PolicyStatement, TaskNeed } from "../model";
import { estimateMonthlyCost, PRICES } from "./pricing";
import {
  ComponentInputError,
  endpointIngressCidr,
  EndpointPlan,
  expandServices,
  needsOfDefinition,
  planEndpoints,
  PrivateDnsDecision,
  s3EndpointPolicy,
  servicesForNeeds,
  subnetsPerAvailabilityZone,
} from "./plan";

export interface FargateEndpointSetArgs {
  /** The VPC the tasks run in. */
  vpcId: pulumi.Input<string>;
  /** The subnets tasks run in; the endpoints get one network interface per Availability Zone among them. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Route tables of the task subnets: the S3 gateway endpoint is associated with every one. */
  routeTableIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the tasks: the only sources allowed to reach the endpoints on 443. */
  taskSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** The VPC's CIDR, allowed on 443 when no task security groups are given (looked up when omitted). */
  vpcCidrBlock?: pulumi.Input<string>;
  /**
   * AWS services to serve: `ecr` (ecr.api, ecr.dkr and the S3 gateway), `s3`, `logs`,
   * `secretsmanager`, `ssm`, `ssmmessages`, `kms`, `ecs` (ecs, ecs-agent, ecs-telemetry).
   */
  services?: string[];
  /**
   * Container definitions (one JSON string per task definition, as aws.ecs.TaskDefinition
   * takes them) to derive the services from. They must be known when the program runs; with
   * computed values, list `services`.
   */
  containerDefinitions?: string[];
  /** Adds ssmmessages for ECS Exec. */
  enableExecuteCommand?: boolean;
  /** Endpoints the VPC already has, by service (`logs`, `ecr.dkr`, ...): id of the endpoint. */
  existingEndpoints?: Record<string, pulumi.Input<string>>;
  /**
   * What to do for a service that already has an endpoint: `reuse` it (default) or
   * `create-without-private-dns` a second one.
   */
  existingEndpointMode?: string;
  /**
   * Extra statements for the S3 gateway endpoint policy, as a JSON array; the ECR layer bucket
   * is always allowed. Omit for full access.
   */
  s3EndpointPolicyStatements?: pulumi.Input<string>;
  /** Endpoint policies for interface endpoints, by service, as JSON documents. */
  endpointPolicies?: Record<string, pulumi.Input<string>>;
  /** The region (default: the provider's). */
  region?: string;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** VPCs with a private-DNS endpoint per service created by a FargateEndpointSet in this program. */
const privateDnsClaims = new Map<unknown, Map<AwsServiceKey, string>>();

function vpcKey(vpcId: pulumi.Input<string>): unknown {
  // A plain id, or the Output object itself: `vpc.id` is the same object every time it is read.
  return vpcId;
}

/** Throws when a value holds an Output: which endpoints it needs cannot be told when the program runs. */
function assertKnownWhenRunning(value: unknown, path: string): void {
  if (pulumi.Output.isInstance(value)) {
    throw new ComponentInputError(
      path,
      "values known when the program runs (an Output cannot tell which endpoints it needs); list the services in `services` instead",
    );
  }
  if (Array.isArray(value)) value.forEach((item, index) => assertKnownWhenRunning(item, `${path}[${index}]`));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) assertKnownWhenRunning(item, `${path}.${key}`);
  }
}

/** `s3EndpointPolicyStatements` as given: a JSON array of IAM policy statements. */
function parseStatements(json: string): PolicyStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ComponentInputError(
      "s3EndpointPolicyStatements",
      `a JSON array of policy statements (${(error as Error).message})`,
    );
  }
  if (!Array.isArray(parsed) || parsed.some((statement) => typeof statement !== "object" || statement === null)) {
    throw new ComponentInputError("s3EndpointPolicyStatements", "a JSON array of policy statements", json);
  }
  return parsed as PolicyStatement[];
}

function needsFromDefinitions(definitions: FargateEndpointSetArgs["containerDefinitions"], region: string): TaskNeed[] {
  return (definitions ?? []).flatMap((containerDefinitions, index) => {
    assertKnownWhenRunning(containerDefinitions, `containerDefinitions[${index}]`);
    // The account does not change which endpoints are needed.
    return needsOfDefinition(containerDefinitions, index, region, "000000000000");
  });
}

export class FargateEndpointSet extends pulumi.ComponentResource {
  /** Endpoint ids by service (`ecr.api`, `s3`, ...), created or reused. */
  readonly endpoints: pulumi.Output<Record<string, string>>;
  /** The security group of the interface endpoints ("" when the set creates none). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The S3 gateway endpoint's id ("" when S3 is not served). */
  readonly s3GatewayEndpointId: pulumi.Output<string>;
  /** Per service: `enabled` (created with private DNS), `reused-existing`, `disabled-existing`. */
  readonly privateDns: pulumi.Output<Record<string, string>>;
  /** The subnets that got endpoint network interfaces (one per AZ). */
  readonly endpointSubnetIds: pulumi.Output<string[]>;
  /** Interface endpoints x AZs x hourly price x 730, in USD (see PRICES). */
  readonly monthlyCostUsd: pulumi.Output<number>;
  /** One NAT gateway per AZ, hours only, for comparison. */
  readonly natGatewaysMonthlyCostUsd: pulumi.Output<number>;

  constructor(name: string, args: FargateEndpointSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fargate-preflight:index:FargateEndpointSet", name, {}, opts);
    if (!args.vpcId) throw new ComponentInputError("vpcId", "the id of the VPC the tasks run in");
    if (Array.isArray(args.subnetIds) && args.subnetIds.length === 0) {
      throw new ComponentInputError("subnetIds", "at least one subnet the tasks run in");
    }
    if (typeof args.vpcCidrBlock === "string") endpointIngressCidr(args.vpcCidrBlock);
    const region = args.region ?? aws.config.region;
    if (!region) throw new ComponentInputError("region", "a region, or the aws:region config of the stack");
    if (typeof args.s3EndpointPolicyStatements === "string")
      s3EndpointPolicy(region, parseStatements(args.s3EndpointPolicyStatements));

    const services = new Set<AwsServiceKey>([
      ...expandServices(args.services ?? []),
      ...servicesForNeeds(needsFromDefinitions(args.containerDefinitions, region), region),
      ...(args.enableExecuteCommand ? (["ssmmessages"] as const) : []),
    ]);
    if (services.size === 0) {
      throw new ComponentInputError("services", "at least one service, or containerDefinitions to derive them from");
    }
    const existing = args.existingEndpoints ?? {};
    for (const key of Object.keys(existing)) {
      // An existing endpoint stands for one service, not a group such as "ecr".
      if (!isAwsServiceKey(key))
        throw new ComponentInputError(`existingEndpoints.${key}`, "a service name such as logs or ecr.dkr");
    }
    const mode = args.existingEndpointMode ?? "reuse";
    if (mode !== "reuse" && mode !== "create-without-private-dns") {
      throw new ComponentInputError("existingEndpointMode", "reuse or create-without-private-dns", mode);
    }
    const plans = planEndpoints([...services], new Set(Object.keys(existing)), mode);
    const decisions: Record<string, PrivateDnsDecision> = Object.fromEntries(
      plans.map((plan) => [plan.service, plan.decision]),
    );
    this.privateDns = pulumi.output(decisions);

    const claims = privateDnsClaims.get(vpcKey(args.vpcId)) ?? new Map<AwsServiceKey, string>();
    for (const plan of plans) {
      if (!plan.privateDns) continue;
      const owner = claims.get(plan.service);
      if (owner) {
        throw new ComponentInputError(
          `FargateEndpointSet ${name}`,
          `no second private-DNS endpoint for ${plan.service} in a VPC where FargateEndpointSet ${owner} already creates one (the create would fail on the private hosted zone); pass existingEndpoints: { "${plan.service}": ${owner}.endpoints["${plan.service}"] } or share one set`,
        );
      }
      claims.set(plan.service, name);
    }
    privateDnsClaims.set(vpcKey(args.vpcId), claims);

    const needsS3 = plans.some((plan) => plan.service === "s3" && plan.create);
    if (
      needsS3 &&
      (args.routeTableIds === undefined || (Array.isArray(args.routeTableIds) && args.routeTableIds.length === 0))
    ) {
      throw new ComponentInputError(
        "routeTableIds",
        "the route tables of the task subnets (the S3 gateway endpoint, needed for ECR image layers, is associated with them)",
      );
    }

    const defaultOptions = { parent: this };
    const subnets = pulumi.output(args.subnetIds).apply(async (ids) => {
      if (ids.length === 0) throw new ComponentInputError("subnetIds", "at least one subnet the tasks run in");
      return Promise.all(ids.map((id) => aws.ec2.getSubnet({ id }, defaultOptions)));
    });
    const vpcId = pulumi.output(args.vpcId);
    this.endpointSubnetIds = pulumi.all([subnets, vpcId]).apply(([found, vpc]) => {
      const foreign = found.filter((subnet) => subnet.vpcId && subnet.vpcId !== vpc);
      if (foreign.length > 0) {
        throw new ComponentInputError(
          "subnetIds",
          `subnets of VPC ${vpc}`,
          foreign.map((subnet) => `${subnet.id} (in ${subnet.vpcId})`),
        );
      }
      return subnetsPerAvailabilityZone(
        found.map((subnet) => ({ id: subnet.id, availabilityZone: subnet.availabilityZone })),
      );
    });

    const interfacePlans = plans.filter((plan) => plan.type === "Interface" && plan.create);
    let securityGroup: aws.ec2.SecurityGroup | undefined;
    if (interfacePlans.length > 0) {
      const taskGroups = args.taskSecurityGroupIds;
      const cidr = taskGroups
        ? undefined
        : (args.vpcCidrBlock ?? aws.ec2.getVpcOutput({ id: args.vpcId }, defaultOptions).cidrBlock);
      securityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints`,
        {
          vpcId: args.vpcId,
          description: "Fargate start-up endpoints: HTTPS from the tasks only",
          ingress: [
            taskGroups
              ? {
                  protocol: "tcp",
                  fromPort: 443,
                  toPort: 443,
                  securityGroups: taskGroups,
                  description: "HTTPS from the task security groups",
                }
              : {
                  protocol: "tcp",
                  fromPort: 443,
                  toPort: 443,
                  cidrBlocks: [pulumi.output(cidr!).apply(endpointIngressCidr)],
                  description: "HTTPS from the VPC",
                },
          ],
          // Endpoint interfaces answer; they start no connections.
          egress: [],
          tags: args.tags,
        },
        defaultOptions,
      );
    }
    this.securityGroupId = securityGroup ? securityGroup.id : pulumi.output("");

    const endpointIds: Record<string, pulumi.Output<string>> = {};
    for (const plan of plans) {
      if (!plan.create) {
        endpointIds[plan.service] = pulumi.output(existing[plan.service]);
        continue;
      }
      endpointIds[plan.service] = this.createEndpoint(name, plan, region, args, securityGroup).id;
    }
    this.s3GatewayEndpointId = plans.some((plan) => plan.service === "s3") ? endpointIds.s3 : pulumi.output("");
    this.endpoints = pulumi.all(endpointIds);
    const cost = this.endpointSubnetIds.apply((ids) => estimateMonthlyCost(interfacePlans.length, ids.length));
    this.monthlyCostUsd = cost.monthlyCostUsd;
    this.natGatewaysMonthlyCostUsd = cost.natGatewaysMonthlyCostUsd;
    this.registerOutputs({
      endpoints: this.endpoints,
      securityGroupId: this.securityGroupId,
      s3GatewayEndpointId: this.s3GatewayEndpointId,
      privateDns: this.privateDns,
      endpointSubnetIds: this.endpointSubnetIds,
      monthlyCostUsd: this.monthlyCostUsd,
      natGatewaysMonthlyCostUsd: this.natGatewaysMonthlyCostUsd,
      pricing: { source: PRICES.source, checked: PRICES.checked },
    });
  }

  private createEndpoint(
    name: string,
    plan: EndpointPlan,
    region: string,
    args: FargateEndpointSetArgs,
    securityGroup: aws.ec2.SecurityGroup | undefined,
  ): aws.ec2.VpcEndpoint {
    const serviceName = endpointServiceName(plan.service, region);
    const resourceName = `${name}-${plan.service.replace(/\./g, "-")}`;
    if (plan.type === "Gateway") {
      return new aws.ec2.VpcEndpoint(
        resourceName,
        {
          vpcId: args.vpcId,
          serviceName,
          vpcEndpointType: "Gateway",
          routeTableIds: args.routeTableIds,
          policy:
            args.s3EndpointPolicyStatements === undefined
              ? undefined
              : pulumi
                  .output(args.s3EndpointPolicyStatements)
                  .apply((json) => JSON.stringify(s3EndpointPolicy(region, parseStatements(json)))),
          tags: args.tags,
        },
        { parent: this },
      );
    }
    return new aws.ec2.VpcEndpoint(
      resourceName,
      {
        vpcId: args.vpcId,
        serviceName,
        vpcEndpointType: "Interface",
        privateDnsEnabled: plan.privateDns,
        // Updating subnetIds is done in place: adding an AZ never replaces the endpoint.
        subnetIds: this.endpointSubnetIds,
        securityGroupIds: securityGroup ? [securityGroup.id] : undefined,
        policy: args.endpointPolicies?.[plan.service],
        tags: args.tags,
      },
      { parent: this },
    );
  }
}
