/**
 * Stand-ins for `awsx.ecs.FargateTaskDefinition` and `awsx.ecs.FargateService` (pulumi/pulumi-awsx
 * awsx/ecs/fargateTaskDefinition.ts, fargateService.ts, containers.ts, fargateMemoryAndCpu.ts,
 * awsx/role.ts, awsx/cloudwatch/logGroup.ts; facts.ts AWSX_SOURCE). The task definition creates
 * a log group, a task role and an execution role with the managed execution policy attached
 * (each unless told to skip or given an existing one) and the ECS task definition; the service
 * creates the task definition from `taskDefinitionArgs`, an open security group in the default
 * VPC when no `networkConfiguration` is given, and the ECS service.
 */
import type * as awsx from "@pulumi/awsx";
import type * as AwsModule from "@pulumi/aws";
import {
  AWSX_TYPE,
  EXECUTION_ROLE_POLICY_ARNS,
  openSecurityGroupRules,
  TASK_ROLE_POLICY_ARNS,
  TASK_ROLE_TRUST_POLICY,
} from "./facts";
import {
  containerOrder,
  containerDefinition,
  ContainerSize,
  defaultFamily,
  fargateTaskSize,
  LogGroupId,
  logGroupFromArn,
  portMapping,
  PortMappingInput,
  serviceLoadBalancers,
  ServiceLoadBalancer,
  sha1Prefix,
  TargetedMapping,
} from "./containers";
import { dependingOn, has } from "./runtime";
import type { AwsxRuntime, ComponentOptions, Input, Output, Resource } from "./runtime";
import { defaultVpcOf } from "./vpc";

type TaskDefinitionArgs = awsx.ecs.FargateTaskDefinitionArgs;
type ContainerArgs = awsx.types.input.ecs.TaskDefinitionContainerDefinitionArgs;
type RoleChoice = awsx.types.input.awsx.DefaultRoleWithPolicyArgs | undefined;
type Json = Record<string, unknown>;

export interface EcsStandIns {
  FargateTaskDefinition: typeof awsx.ecs.FargateTaskDefinition;
  FargateService: typeof awsx.ecs.FargateService;
}

export function ecsStandIns(runtime: AwsxRuntime): EcsStandIns {
  const { pulumi, aws } = runtime;

  /** logGroup.ts defaultLogGroup: skip, an existing group (by ARN, or name and region), or a new one. */
  function logGroupOf(
    name: string,
    choice: TaskDefinitionArgs["logGroup"],
    parent: Resource,
  ): { logGroup?: AwsModule.cloudwatch.LogGroup; id?: Output<LogGroupId> } {
    if (choice?.skip) return {};
    if (choice?.existing !== undefined && choice.args !== undefined)
      throw new Error(`${name}: logGroup takes existing or args, not both`);
    // Before AWSX_SINCE.regionFromParent: the stack's aws:region whatever the component's provider.
    const regionOf = (resource: Resource): Output<string | undefined> =>
      has(runtime, "regionFromParent")
        ? aws.getRegionOutput({}, { parent: resource }).apply((r) => r.name)
        : pulumi.output(aws.config.region);
    const existing = choice?.existing;
    if (existing !== undefined) {
      if (existing.arn) return { id: pulumi.output(existing.arn).apply((arn) => logGroupFromArn(String(arn))) };
      if (!existing.name) throw new Error(`${name}: logGroup.existing needs a name or an ARN`);
      const region = existing.region ? pulumi.output(existing.region) : regionOf(parent);
      return {
        id: pulumi
          .all([existing.name, region])
          .apply(
            ([group, at]): LogGroupId => ({ name: String(group), region: at === undefined ? undefined : String(at) }),
          ),
      };
    }
    const logGroup = new aws.cloudwatch.LogGroup(name, { ...choice?.args }, { parent });
    const id = pulumi
      .all([logGroup.name, regionOf(logGroup)])
      .apply(([group, at]): LogGroupId => ({ name: group, region: at }));
    return { logGroup, id };
  }

  /** role.ts defaultRoleWithPolicies: skip, an existing role ARN, or a role (args over the defaults) with its attachments. */
  function roleOf(roleName: string, choice: RoleChoice, policyArns: readonly string[], parent: Resource) {
    if (choice?.roleArn !== undefined && choice.args !== undefined)
      throw new Error(`${roleName}: a role takes roleArn or args, not both`);
    if (choice?.skip === true) return {};
    if (choice?.roleArn !== undefined) return { roleArn: pulumi.output(choice.roleArn) };
    const { policyArns: attached, ...merged }: Json = {
      assumeRolePolicy: TASK_ROLE_TRUST_POLICY,
      policyArns,
      ...choice?.args,
    };
    const trust = merged.assumeRolePolicy;
    const roleArgs = {
      ...merged,
      // role.ts: a document that is not a string is written with JSON.stringify, keys in their order.
      assumeRolePolicy:
        typeof trust === "string"
          ? trust
          : pulumi.Output.isInstance(trust)
            ? trust.apply((document) => (typeof document === "string" ? document : JSON.stringify(document)))
            : JSON.stringify(trust),
    };
    const role = new aws.iam.Role(roleName, roleArgs as AwsModule.iam.RoleArgs, { parent });
    for (const policyArn of (attached as string[] | undefined) ?? [])
      new aws.iam.RolePolicyAttachment(
        `${roleName}-${sha1Prefix(policyArn)}`,
        { role: role.name, policyArn },
        { parent },
      );
    return { role, roleArn: role.arn };
  }

  /** containers.ts normalizeTaskDefinitionContainers: `container` keyed by its name (default "container"), or `containers`. */
  function containersOf(name: string, args: TaskDefinitionArgs): Output<Record<string, ContainerArgs>> {
    const { container, containers } = args;
    if (containers !== undefined && container === undefined) return pulumi.output(containers) as never;
    if (container !== undefined && containers === undefined)
      return pulumi.output(container.name).apply((given) => ({ [given ?? "container"]: container })) as never;
    throw new Error(`${name}: give exactly one of container and containers`);
  }

  /** containers.ts computeContainerDefinitions. */
  function containerDefinitions(
    containers: Output<Record<string, ContainerArgs>>,
    logGroup: Output<LogGroupId> | undefined,
  ) {
    return containers.apply((record) =>
      pulumi.all(
        containerOrder(record, has(runtime, "containerNameOrder")).map(([containerName, container]) => {
          const mappings = container.portMappings
            ? pulumi
                .output(container.portMappings)
                .apply((list) =>
                  (list ?? []).map((mapping) =>
                    pulumi
                      .output(mapping.targetGroup?.port)
                      .apply((port) => portMapping(mapping as PortMappingInput, port)),
                  ),
                )
            : undefined;
          return pulumi
            .all([container as Input<ContainerArgs>, mappings, logGroup])
            .apply(([resolved, portMappings, group]) =>
              containerDefinition(
                containerName,
                resolved as unknown as Json,
                portMappings as Json[] | undefined,
                group,
              ),
            );
        }),
      ),
    );
  }

  /** containers.ts computeLoadBalancers. */
  function loadBalancersOf(containers: Output<Record<string, ContainerArgs>>): Output<ServiceLoadBalancer[]> {
    const perContainer = containers.apply((record) =>
      Object.entries(record).map(
        ([containerName, container]): Output<unknown> =>
          container.portMappings === undefined
            ? pulumi.output([])
            : pulumi.output(container.portMappings).apply((list) =>
                (list ?? []).map((mapping) => ({
                  containerName,
                  targetGroupArn: mapping.targetGroup?.arn,
                  targetGroupPort: mapping.targetGroup?.port,
                })),
              ),
      ),
    );
    return perContainer.apply((groups) =>
      pulumi.all(groups).apply((resolved) => serviceLoadBalancers((resolved as unknown as TargetedMapping[][]).flat())),
    );
  }

  class FargateTaskDefinition extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.fargateTaskDefinition;
    static isInstance(value: unknown): value is FargateTaskDefinition {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.fargateTaskDefinition;
    }
    readonly taskDefinition: Output<AwsModule.ecs.TaskDefinition>;
    readonly logGroup: Output<AwsModule.cloudwatch.LogGroup | undefined>;
    readonly taskRole: Output<AwsModule.iam.Role | undefined>;
    readonly executionRole: Output<AwsModule.iam.Role | undefined>;
    readonly loadBalancers: Output<AwsModule.types.output.ecs.ServiceLoadBalancer[]>;
    /** The resource itself, for the service that creates this task definition. */
    readonly created: AwsModule.ecs.TaskDefinition;

    /** `inputs`: what the component registers with (a FargateService's own task definition registers none). */
    constructor(name: string, args: TaskDefinitionArgs, opts: ComponentOptions = {}, inputs: object = args) {
      super(AWSX_TYPE.fargateTaskDefinition, name, inputs, opts);
      const containers = containersOf(name, args);
      const logGroup = logGroupOf(name, args.logGroup, this);
      const taskRole = roleOf(`${name}-task`, args.taskRole, TASK_ROLE_POLICY_ARNS, this);
      const executionRole = roleOf(`${name}-execution`, args.executionRole, EXECUTION_ROLE_POLICY_ARNS, this);
      const definitions = containerDefinitions(containers, logGroup.id);
      this.loadBalancers = loadBalancersOf(containers);
      const largestVcpu = has(runtime, "fargate32Vcpu") ? 32 : 16;
      // fargateTaskDefinition.ts buildTaskDefinitionArgs: cpu and memory from the containers unless given;
      // the family from the stack and the JSON unless given (and unknown while the JSON is).
      const size = definitions.apply((list) =>
        pulumi
          .all(list.map((definition) => pulumi.all([definition.cpu, definition.memory, definition.memoryReservation])))
          .apply((sizes) =>
            fargateTaskSize(
              sizes.map(([cpu, memory, memoryReservation]) => ({ cpu, memory, memoryReservation }) as ContainerSize),
              { largestVcpu, clampOversize: !has(runtime, "fargateSizeRefusesOversize") },
            ),
          ),
      );
      const json = definitions.apply((list) => JSON.stringify(list));
      const family = pulumi
        .all([args.family, json.apply((text) => defaultFamily(name, pulumi.getStack(), text))])
        .apply(([given, computed]) => (given !== undefined ? given : computed));
      this.created = new aws.ecs.TaskDefinition(
        name,
        {
          ...(args as AwsModule.ecs.TaskDefinitionArgs),
          cpu: args.cpu === undefined ? size.cpu : args.cpu,
          memory: args.memory === undefined ? size.memory : args.memory,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          taskRoleArn: taskRole.roleArn,
          executionRoleArn: executionRole.roleArn,
          family,
          containerDefinitions: json,
        },
        { parent: this },
      );
      const resource = <T extends Resource | undefined>(value: T) => dependingOn(pulumi, value, value ? [value] : []);
      this.taskDefinition = resource(this.created);
      this.logGroup = resource(logGroup.logGroup);
      this.taskRole = resource(taskRole.role);
      this.executionRole = resource(executionRole.role);
      this.registerOutputs({});
    }
  }

  /** fargateService.ts getDefaultNetworkConfiguration: the default VPC, an open security group, public or private subnets. */
  function defaultNetwork(name: string, parent: Resource, assignPublicIp: Input<boolean | undefined> | undefined) {
    const defaultVpc = defaultVpcOf(runtime, parent);
    const group = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: defaultVpc.vpcId,
        ...openSecurityGroupRules(),
      },
      { parent },
    );
    const publicIp = assignPublicIp ?? false;
    return {
      subnets: pulumi
        .all([publicIp, defaultVpc.publicSubnetIds, defaultVpc.privateSubnetIds])
        .apply(([assign, publicIds, privateIds]) => {
          if (!assign && privateIds.length === 0)
            throw new Error(
              `awsx:ecs:FargateService ${name}: without networkConfiguration awsx runs the tasks in the default VPC's private subnets, and the default VPC has none, so \`pulumi preview\` fails here too. Set assignPublicIp: true (public subnets), or give networkConfiguration with subnets that reach ECR.`,
            );
          return assign ? publicIds : privateIds;
        }),
      assignPublicIp: publicIp,
      securityGroups: [group.id],
    };
  }

  class FargateService extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.fargateService;
    static isInstance(value: unknown): value is FargateService {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.fargateService;
    }
    readonly service: Output<AwsModule.ecs.Service>;
    readonly taskDefinition: Output<AwsModule.ecs.TaskDefinition | undefined>;

    constructor(name: string, args: awsx.ecs.FargateServiceArgs = {}, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.fargateService, name, args, opts);
      if (args.taskDefinition !== undefined && args.taskDefinitionArgs !== undefined)
        throw new Error(`${name}: give taskDefinition or taskDefinitionArgs, not both`);
      if (args.networkConfiguration !== undefined && args.assignPublicIp !== undefined)
        throw new Error(`${name}: give networkConfiguration or assignPublicIp, not both`);
      const taskDefinition = args.taskDefinitionArgs
        ? new FargateTaskDefinition(name, args.taskDefinitionArgs, { parent: this }, {})
        : undefined;
      const taskDefinitionId = taskDefinition ? taskDefinition.created.arn : args.taskDefinition;
      if (taskDefinitionId === undefined) throw new Error(`${name}: give taskDefinition or taskDefinitionArgs`);
      if (args.capacityProviderStrategies && args.useClusterDefaultCapacityProviderStrategy)
        throw new Error(
          `${name}: give capacityProviderStrategies or useClusterDefaultCapacityProviderStrategy, not both`,
        );
      // Until v3.8.0 the launch type was FARGATE even beside a capacity provider strategy.
      const strategy = args.capacityProviderStrategies || args.useClusterDefaultCapacityProviderStrategy;
      const launchType = strategy && has(runtime, "capacityProviderLaunchType") ? undefined : "FARGATE";
      const cluster = args.cluster as unknown;
      const created = new aws.ecs.Service(
        name,
        {
          desiredCount: 1,
          ...(args as AwsModule.ecs.ServiceArgs),
          networkConfiguration: args.networkConfiguration ?? defaultNetwork(name, this, args.assignPublicIp),
          cluster: aws.ecs.Cluster.isInstance(cluster) ? cluster.arn : (cluster as Input<string> | undefined),
          launchType,
          loadBalancers: (args.loadBalancers ??
            taskDefinition?.loadBalancers) as AwsModule.ecs.ServiceArgs["loadBalancers"],
          waitForSteadyState: pulumi.output(args.continueBeforeSteadyState).apply((go) => !(go ?? false)),
          taskDefinition: taskDefinitionId,
        },
        { parent: this },
      );
      this.service = dependingOn(pulumi, created, [created]);
      this.taskDefinition = dependingOn(
        pulumi,
        taskDefinition?.created,
        taskDefinition ? [taskDefinition.created] : [],
      );
      this.registerOutputs({});
    }
  }

  return { FargateTaskDefinition, FargateService };
}
