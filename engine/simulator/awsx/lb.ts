/**
 * Stand-in for `awsx.lb.ApplicationLoadBalancer` (pulumi/pulumi-awsx
 * awsx/lb/applicationLoadBalancer.ts, facts.ts AWSX_SOURCE): an open security group (unless
 * security groups are given or the default is skipped), the load balancer (in the default VPC's
 * public subnets when no subnets are given), a default target group of type ip, and its
 * listeners (one on port 80 HTTP by default).
 */
import type * as awsx from "@pulumi/awsx";
import type * as AwsModule from "@pulumi/aws";
import { AWSX_TYPE, DEFAULT_TARGET_PORT, DEFAULT_TARGET_PROTOCOL, openSecurityGroupRules } from "./facts";
import { dependingOn } from "./runtime";
import type { AwsxRuntime, ComponentOptions, Input, Output } from "./runtime";
import { defaultVpcOf } from "./vpc";

type ListenerArgs = awsx.types.input.lb.ListenerArgs;
type PortAndProtocol = { port: Input<number | undefined>; protocol: Input<string | undefined> };

export function lbStandIns(runtime: AwsxRuntime): { ApplicationLoadBalancer: typeof awsx.lb.ApplicationLoadBalancer } {
  const { pulumi, aws } = runtime;

  /** getListenerProtocol: a listener's port and protocol, each derived from the other (443 ⇔ HTTPS), else 80 HTTP. */
  function listenerProtocol(
    listener: ListenerArgs | undefined,
    defaultPort?: Input<number | undefined>,
  ): PortAndProtocol {
    if (listener?.port && listener.protocol) return { port: listener.port, protocol: listener.protocol };
    if (listener?.port)
      return {
        port: listener.port,
        protocol: pulumi.output(listener.port).apply((port) => (port === 443 ? "HTTPS" : "HTTP")),
      };
    if (listener?.protocol)
      return {
        protocol: listener.protocol,
        port: pulumi.output(listener.protocol).apply((p) => (p === "HTTPS" ? 443 : 80)),
      };
    return { port: defaultPort ?? DEFAULT_TARGET_PORT, protocol: DEFAULT_TARGET_PROTOCOL };
  }

  /** getDefaultProtocol: with exactly one entry in `listeners` awsx applies no default (as here). */
  function targetProtocol(args: awsx.lb.ApplicationLoadBalancerArgs): PortAndProtocol | undefined {
    let listener = args.listener;
    if (args.listeners) {
      if (args.listeners.length === 1) return undefined;
      listener = args.listeners[0];
    }
    return listenerProtocol(listener, args.defaultTargetGroupPort);
  }

  class ApplicationLoadBalancer extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.applicationLoadBalancer;
    static isInstance(value: unknown): value is ApplicationLoadBalancer {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.applicationLoadBalancer;
    }
    readonly loadBalancer: Output<AwsModule.lb.LoadBalancer>;
    readonly defaultTargetGroup: Output<AwsModule.lb.TargetGroup>;
    readonly defaultSecurityGroup: Output<AwsModule.ec2.SecurityGroup | undefined>;
    readonly listeners: Output<AwsModule.lb.Listener[] | undefined>;
    readonly vpcId: Output<string | undefined>;

    constructor(name: string, args: awsx.lb.ApplicationLoadBalancerArgs = {}, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.applicationLoadBalancer, name, args, opts);
      const {
        subnetIds,
        subnets,
        defaultTargetGroup,
        defaultTargetGroupPort,
        defaultSecurityGroup,
        listener,
        listeners,
        ...rest
      } = args;
      const lbArgs: AwsModule.lb.LoadBalancerArgs = { ...rest };
      if ([subnetIds, subnets, rest.subnetMappings].filter((given) => given !== undefined && given !== null).length > 1)
        throw new Error(`${name}: give one of subnets, subnetIds and subnetMappings`);
      let vpcId: Output<string | undefined>;
      if (subnets) {
        lbArgs.subnets = pulumi.output(subnets).apply((list) => (list ?? []).map((subnet) => subnet.id));
        vpcId = pulumi.output(subnets).apply((list) => (list ?? [])[0]?.vpcId);
      } else if (subnetIds) {
        lbArgs.subnets = subnetIds;
        vpcId = pulumi
          .output(subnetIds)
          .apply((ids) => aws.ec2.getSubnetOutput({ id: (ids ?? [])[0] }, { parent: this }).vpcId);
      } else if (rest.subnetMappings) {
        vpcId = pulumi
          .output(rest.subnetMappings)
          .apply((mappings) => aws.ec2.getSubnetOutput({ id: (mappings ?? [])[0]?.subnetId }, { parent: this }).vpcId);
      } else {
        const defaultVpc = defaultVpcOf(runtime, this);
        vpcId = defaultVpc.vpcId;
        lbArgs.subnets = defaultVpc.publicSubnetIds;
      }
      if (listener && listeners) throw new Error(`${name}: give listener or listeners, not both`);
      let securityGroup: AwsModule.ec2.SecurityGroup | undefined;
      if (!lbArgs.securityGroups && !defaultSecurityGroup?.skip) {
        if (defaultSecurityGroup?.args && defaultSecurityGroup.securityGroupId)
          throw new Error(`${name}: defaultSecurityGroup takes args or securityGroupId, not both`);
        if (defaultSecurityGroup?.securityGroupId)
          lbArgs.securityGroups = [defaultSecurityGroup.securityGroupId as Input<string>];
        else {
          securityGroup = new aws.ec2.SecurityGroup(
            name,
            (defaultSecurityGroup?.args as AwsModule.ec2.SecurityGroupArgs | undefined) ?? {
              vpcId,
              ...openSecurityGroupRules(),
            },
            { parent: this },
          );
          lbArgs.securityGroups = [securityGroup.id];
        }
      }
      lbArgs.loadBalancerType = "application";
      const loadBalancer = new aws.lb.LoadBalancer(name, lbArgs, { parent: this });
      if (defaultTargetGroup !== undefined && defaultTargetGroupPort !== undefined)
        throw new Error(`${name}: give defaultTargetGroup or defaultTargetGroupPort, not both`);
      const protocol = targetProtocol(args);
      const targetGroup = new aws.lb.TargetGroup(
        name,
        {
          vpcId: vpcId as Input<string>,
          targetType: "ip",
          ...protocol,
          ...(defaultTargetGroup as AwsModule.lb.TargetGroupArgs),
        } as AwsModule.lb.TargetGroupArgs,
        { parent: this },
      );
      const defaultActions = [{ type: "forward", targetGroupArn: targetGroup.arn }];
      const made = (listenerName: string, own: Partial<PortAndProtocol> | undefined, extra: ListenerArgs | undefined) =>
        new aws.lb.Listener(
          listenerName,
          {
            defaultActions,
            ...own,
            ...(extra as Partial<AwsModule.lb.ListenerArgs>),
            loadBalancerArn: loadBalancer.arn,
          } as AwsModule.lb.ListenerArgs,
          { parent: this },
        );
      const created = listener
        ? [made(`${name}-0`, protocol, listener)]
        : listeners
          ? listeners.map((each, i) => made(`${name}-${i}`, listenerProtocol(each), each))
          : [made(`${name}-0`, protocol, undefined)];
      this.loadBalancer = dependingOn(pulumi, loadBalancer, [loadBalancer]);
      this.defaultTargetGroup = dependingOn(pulumi, targetGroup, [targetGroup]);
      this.defaultSecurityGroup = dependingOn(pulumi, securityGroup, securityGroup ? [securityGroup] : []);
      this.listeners = dependingOn(pulumi, created, created);
      this.vpcId = vpcId;
      this.registerOutputs({});
    }
  }

  return { ApplicationLoadBalancer };
}
