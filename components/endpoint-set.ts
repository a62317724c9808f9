/**
 * FargateEndpointSet: the VPC endpoints Fargate tasks in private subnets need at start-up,
 * one per AWS service per VPC, shared by every task subnet.
 *
 * Which endpoints exist is decided from values a first preview knows: `services`,
 * `enableExecuteCommand`, plain `containerDefinitions` and the region of the set's provider
 * (an invoke, answered at preview). The endpoints are created once that region is known,
 * inside the component's initialisation, so `dependsOn: [set]` waits for every one of them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ANY_ACCOUNT,
  AwsServiceKey,
  ENDPOINT_SET_TYPE,
  endpointServiceName,
  isAwsServiceKey,
  parsePolicyDocument,
  PolicyStatement,
  servicesEntriesFor,
} from "../model";
import {
  checkRegionInput,
  holdsComputed,
  ProviderRegion,
  resolveInput,
  resolveProviderRegion,
} from "./provider-region";
import { jsonNotValidReason } from "../model/json-syntax";
import { estimateMonthlyCost, PRICES } from "./pricing";
import {
  endpointIngressCidr,
  EndpointPlan,
  expandServices,
  planEndpoints,
  PrivateDnsDecision,
  s3EndpointPolicy,
  servicesForNeeds,
  subnetsPerAvailabilityZone,
} from "./endpoint-plan";
import { ComponentInputError, containersOfEntry, needsOfDefinition, plainSingleDefinition } from "./inputs";

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
   * Container definitions of the task definitions served, one entry per task definition, each as
   * aws.ecs.TaskDefinition takes it: a JSON string or an array of container definitions (one
   * task definition's JSON string may be given without the list). Plain values add the services
   * their tasks need. An Output (such as a task definition's
   * `containerDefinitions`) cannot decide which endpoints exist, since a first preview may not
   * know it: the set serves `services` and logs a warning naming any service the Output needs
   * beyond them.
   */
  // The multi-language provider infers the package schema from this type and refuses unions (a JSON string or a list), so it stays Any; each entry is checked when read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  containerDefinitions?: pulumi.Input<pulumi.Input<any>[]>;
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
  /**
   * The region to create the endpoints in (default: the region of the set's AWS provider). It
   * must be in the provider's partition.
   */
  region?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** What a set decided once its region was known. */
interface BuiltSet {
  endpointIds: Record<string, pulumi.Output<string>>;
  securityGroupId: pulumi.Output<string>;
  privateDns: Record<string, PrivateDnsDecision>;
  /** Services served: created or reused. */
  services: AwsServiceKey[];
  interfaceEndpoints: number;
}

interface VpcClaim {
  name: string;
  /** The services this set creates a private-DNS endpoint for (empty if it failed or has no region). */
  privateDns: Promise<AwsServiceKey[]>;
}

/**
 * Per set: settles when every endpoint is registered; the component's initialisation waits for
 * it. Kept outside the class because every property of a component is an output of its schema.
 */
const endpointsRegistered = new WeakMap<pulumi.ComponentResource, Promise<unknown>>();

/** FargateEndpointSets of this program by VPC, in construction order. */
const setsByVpc = new Map<unknown, VpcClaim[]>();

function vpcKey(vpcId: pulumi.Input<string>): unknown {
  // A plain id, or the Output object itself: `vpc.id` is the same object every time it is read.
  return vpcId;
}

/** `s3EndpointPolicyStatements` as given: a JSON array of IAM policy statements. */
function parseStatements(json: string): PolicyStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // Where it goes wrong, not the text there (JSON.parse's message quotes it).
    throw new ComponentInputError(
      "s3EndpointPolicyStatements",
      `a JSON array of policy statements, not ${jsonNotValidReason(json, "s3EndpointPolicyStatements")}`,
    );
  }
  if (!Array.isArray(parsed) || parsed.some((statement) => typeof statement !== "object" || statement === null)) {
    throw new ComponentInputError("s3EndpointPolicyStatements", "a JSON array of policy statements");
  }
  return parsed as PolicyStatement[];
}

/** An entry of `containerDefinitions` known when the program runs, or one that is computed. */
type DefinitionEntry =
  | { path: string; containers: readonly unknown[] }
  | { path: string; computed: pulumi.Input<unknown> };

function definitionEntries(definitions: FargateEndpointSetArgs["containerDefinitions"]): DefinitionEntry[] {
  if (definitions === undefined) return [];
  // One task definition's JSON string (as aws.ecs.TaskDefinition takes it) is known now: read it as a list of one.
  const single = plainSingleDefinition(definitions);
  if (single) return [{ path: "containerDefinitions", containers: single }];
  if (!Array.isArray(definitions)) return [{ path: "containerDefinitions", computed: definitions }];
  return definitions.map((entry, index): DefinitionEntry => {
    const path = `containerDefinitions[${index}]`;
    if (holdsComputed(entry)) return { path, computed: entry };
    // Read now, so a malformed definition fails at construction with its input named.
    return { path, containers: containersOfEntry(entry, path) };
  });
}

/** Endpoints the tasks of one definition need in `region` (the account does not change which). */
function servicesOfDefinition(containers: readonly unknown[], path: string, region: string): AwsServiceKey[] {
  return servicesForNeeds(needsOfDefinition(containers, path, region, ANY_ACCOUNT), region);
}

/** Any region works to check a definition's shape; the real one is only known from the provider. */
const SHAPE_CHECK_REGION = "us-east-1";

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
    // vpcId is the set's only input the engine records: the pack relates the set to the tasks' VPC by it.
    super(ENDPOINT_SET_TYPE, name, { vpcId: args.vpcId }, opts);
    if (!args.vpcId) throw new ComponentInputError("vpcId", "the id of the VPC the tasks run in");
    if (Array.isArray(args.subnetIds) && args.subnetIds.length === 0) {
      throw new ComponentInputError("subnetIds", "at least one subnet the tasks run in");
    }
    if (typeof args.vpcCidrBlock === "string") endpointIngressCidr(args.vpcCidrBlock);
    checkRegionInput(args.region);
    if (typeof args.s3EndpointPolicyStatements === "string") parseStatements(args.s3EndpointPolicyStatements);

    const explicit = new Set<AwsServiceKey>([
      ...expandServices(args.services ?? []),
      ...(args.enableExecuteCommand ? (["ssmmessages"] as const) : []),
    ]);
    const entries = definitionEntries(args.containerDefinitions);
    for (const entry of entries) {
      if ("containers" in entry) servicesOfDefinition(entry.containers, entry.path, SHAPE_CHECK_REGION);
    }
    if (explicit.size === 0 && entries.length === 0) {
      throw new ComponentInputError("services", "at least one service, or containerDefinitions to derive them from");
    }
    const existing = args.existingEndpoints ?? {};
    for (const key of Object.keys(existing)) {
      // An existing endpoint stands for one service, not a group such as "ecr".
      if (!isAwsServiceKey(key))
        throw new ComponentInputError(`existingEndpoints.${key}`, "a service name such as logs or ecr.dkr");
    }
    for (const [key, policy] of Object.entries(args.endpointPolicies ?? {})) {
      // A policy stands for one interface endpoint; a group such as "ecr" or the S3 gateway would be ignored silently.
      if (!isAwsServiceKey(key) || key === "s3")
        throw new ComponentInputError(
          `endpointPolicies.${key}`,
          "an interface endpoint's service name such as logs or ecr.dkr (the S3 gateway's policy is s3EndpointPolicyStatements)",
        );
      if (typeof policy === "string" && parsePolicyDocument(policy) === undefined)
        throw new ComponentInputError(`endpointPolicies.${key}`, "a JSON policy document", policy.slice(0, 40));
    }
    const mode = args.existingEndpointMode ?? "reuse";
    if (mode !== "reuse" && mode !== "create-without-private-dns") {
      throw new ComponentInputError("existingEndpointMode", "reuse or create-without-private-dns", mode);
    }
    if (explicit.has("s3") && !existing.s3) this.requireRouteTables(args);

    const defaultOptions = { parent: this };
    const subnets = pulumi.all([args.subnetIds, args.region]).apply(async ([ids, region]) => {
      if (ids.length === 0) throw new ComponentInputError("subnetIds", "at least one subnet the tasks run in");
      return Promise.all(ids.map((id) => aws.ec2.getSubnet({ id, region }, defaultOptions)));
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

    // Earlier sets in this VPC, whose private-DNS endpoints this one must not repeat.
    const earlier = [...(setsByVpc.get(vpcKey(args.vpcId)) ?? [])];
    // The engine connection stays open until the endpoints are registered (a program that ends
    // first would otherwise disconnect between the region invoke and the registrations).
    const keepAlive = pulumi.runtime.rpcKeepAlive();
    const providerRegion = resolveProviderRegion(this, args.region);
    const built = providerRegion.then((where) => this.build(name, args, where, explicit, entries, earlier));
    built.then(keepAlive, keepAlive);
    setsByVpc.set(vpcKey(args.vpcId), [
      ...earlier,
      {
        name,
        privateDns: built.then(
          (set) => set.services.filter((service) => set.privateDns[service] === "enabled" && service !== "s3"),
          () => [],
        ),
      },
    ]);
    endpointsRegistered.set(this, built);
    for (const entry of entries) {
      if (!("computed" in entry)) continue;
      const checked = pulumi.runtime.rpcKeepAlive();
      this.checkComputedDefinitions(name, entry, providerRegion, built)
        .catch((error: Error) => pulumi.log.error(`FargateEndpointSet ${name}: ${entry.path}: ${error.message}`, this))
        .finally(checked);
    }

    this.privateDns = pulumi.output(built.then((set) => set.privateDns));
    this.securityGroupId = pulumi.output(built.then((set) => set.securityGroupId));
    this.endpoints = pulumi.output(built.then((set) => set.endpointIds)) as pulumi.Output<Record<string, string>>;
    this.s3GatewayEndpointId = pulumi.output(
      built.then((set) => set.endpointIds.s3 ?? pulumi.output("")),
    ) as pulumi.Output<string>;
    const cost = pulumi
      .all([this.endpointSubnetIds, pulumi.output(built.then((set) => set.interfaceEndpoints))])
      .apply(([ids, interfaces]) => estimateMonthlyCost(interfaces, ids.length));
    this.monthlyCostUsd = cost.monthlyCostUsd;
    this.natGatewaysMonthlyCostUsd = cost.natGatewaysMonthlyCostUsd;
    this.registerOutputs({
      vpcId,
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

  /**
   * Runs when the base class constructs the component; it continues after this class's
   * constructor has returned and waits for the endpoints, which makes `dependsOn: [set]` (and
   * anything awaiting the component) wait for them.
   */
  protected async initialize(): Promise<undefined> {
    await Promise.resolve();
    await endpointsRegistered.get(this);
    return undefined;
  }

  private requireRouteTables(args: FargateEndpointSetArgs): void {
    if (args.routeTableIds === undefined || (Array.isArray(args.routeTableIds) && args.routeTableIds.length === 0)) {
      throw new ComponentInputError(
        "routeTableIds",
        "the route tables of the task subnets (the S3 gateway endpoint, needed for ECR image layers, is associated with them)",
      );
    }
  }

  private async build(
    name: string,
    args: FargateEndpointSetArgs,
    providerRegion: ProviderRegion | undefined,
    explicit: ReadonlySet<AwsServiceKey>,
    entries: readonly DefinitionEntry[],
    earlier: readonly VpcClaim[],
  ): Promise<BuiltSet> {
    const empty: BuiltSet = {
      endpointIds: {},
      securityGroupId: pulumi.output(""),
      privateDns: {},
      services: [],
      interfaceEndpoints: 0,
    };
    if (!providerRegion) {
      const why =
        args.region === undefined
          ? "the region of its AWS provider is not known at preview (the provider's configuration is computed)"
          : "its `region` input is not known at preview";
      pulumi.log.warn(
        `FargateEndpointSet ${name}: ${why}, so no endpoint is planned yet; they are created at update. Give \`region\` as a value known when the program runs (such as "eu-central-1") to plan them now.`,
        this,
      );
      return empty;
    }
    const { region } = providerRegion;
    const services = new Set<AwsServiceKey>(explicit);
    for (const entry of entries) {
      if ("containers" in entry)
        servicesOfDefinition(entry.containers, entry.path, region).forEach((service) => services.add(service));
    }
    if (services.size === 0) return empty;
    const existing = args.existingEndpoints ?? {};
    const plans = planEndpoints(
      [...services],
      new Set(Object.keys(existing)),
      args.existingEndpointMode === "create-without-private-dns" ? "create-without-private-dns" : "reuse",
    );
    if (plans.some((plan) => plan.service === "s3" && plan.create)) this.requireRouteTables(args);
    if (typeof args.s3EndpointPolicyStatements === "string")
      s3EndpointPolicy(region, parseStatements(args.s3EndpointPolicyStatements));
    for (const claim of earlier) {
      const taken = await claim.privateDns;
      const twice = plans.find((plan) => plan.privateDns && plan.type === "Interface" && taken.includes(plan.service));
      if (twice) {
        throw new ComponentInputError(
          `FargateEndpointSet ${name}`,
          `no second private-DNS endpoint for ${twice.service} in a VPC where FargateEndpointSet ${claim.name} already creates one (the create would fail on the private hosted zone); pass existingEndpoints: { "${twice.service}": ${claim.name}.endpoints["${twice.service}"] } or share one set`,
        );
      }
    }

    const interfacePlans = plans.filter((plan) => plan.type === "Interface" && plan.create);
    const securityGroup = interfacePlans.length > 0 ? this.createSecurityGroup(name, args) : undefined;
    const endpointIds: Record<string, pulumi.Output<string>> = {};
    for (const plan of plans) {
      endpointIds[plan.service] = plan.create
        ? this.createEndpoint(name, plan, region, args, securityGroup).id
        : pulumi.output(existing[plan.service]);
    }
    return {
      endpointIds,
      securityGroupId: securityGroup ? securityGroup.id : pulumi.output(""),
      privateDns: Object.fromEntries(plans.map((plan) => [plan.service, plan.decision])),
      services: plans.map((plan) => plan.service),
      interfaceEndpoints: interfacePlans.length,
    };
  }

  /**
   * An Output in `containerDefinitions` is checked, not used: once known, any service it needs
   * beyond those served is named, so the user can add it to `services`.
   */
  private async checkComputedDefinitions(
    name: string,
    entry: Extract<DefinitionEntry, { computed: unknown }>,
    providerRegion: Promise<ProviderRegion | undefined>,
    built: Promise<BuiltSet>,
  ): Promise<void> {
    // A failed providerRegion, build or Output (a resource it comes from failed) is reported where it
    // happened; here it only ends the check.
    const [resolved, where, set] = await Promise.all([
      resolveInput(entry.computed).catch(() => undefined),
      providerRegion.catch(() => undefined),
      built.catch(() => undefined),
    ]);
    if (!resolved || !where || !set) return;
    const served = servicesEntriesFor(set.services);
    const servedText = served.length > 0 ? `services ${JSON.stringify(served)}` : "no service";
    if (!resolved.known) {
      pulumi.log.warn(
        `FargateEndpointSet ${name}: ${entry.path} is not known at preview (it is built from outputs of resources not created yet), so the endpoints its tasks need cannot be derived from it; the set serves ${servedText}. List every service the tasks call at start-up in \`services\` (ecr, logs, secretsmanager, ssm, kms, s3, ecs, ssmmessages).`,
        this,
      );
      return;
    }
    const values =
      Array.isArray(resolved.value) && entry.path === "containerDefinitions" ? resolved.value : [resolved.value];
    const needed = new Set<AwsServiceKey>();
    try {
      values.forEach((value, index) => {
        const path = entry.path === "containerDefinitions" ? `containerDefinitions[${index}]` : entry.path;
        servicesOfDefinition(containersOfEntry(value, path), path, where.region).forEach((service) =>
          needed.add(service),
        );
      });
    } catch (error) {
      pulumi.log.error(`FargateEndpointSet ${name}: ${(error as Error).message}`, this);
      return;
    }
    const missing = [...needed].filter((service) => !set.services.includes(service)).sort();
    if (missing.length === 0) return;
    const add = servicesEntriesFor(missing);
    pulumi.log.warn(
      `FargateEndpointSet ${name}: the tasks of ${entry.path} need the ${missing.join(", ")} endpoint${missing.length > 1 ? "s" : ""}, which the set does not serve: an Output does not decide which endpoints exist, because a first preview may not know it. Add ${add.map((service) => JSON.stringify(service)).join(", ")} to \`services\` (now ${JSON.stringify(served)}).`,
      this,
    );
  }

  private createSecurityGroup(name: string, args: FargateEndpointSetArgs): aws.ec2.SecurityGroup {
    const taskGroups = args.taskSecurityGroupIds;
    const cidr = taskGroups
      ? undefined
      : (args.vpcCidrBlock ??
        aws.ec2.getVpcOutput({ id: args.vpcId, region: args.region }, { parent: this }).cidrBlock);
    return new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: args.vpcId,
        region: args.region,
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
      { parent: this },
    );
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
          region: args.region,
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
        region: args.region,
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
