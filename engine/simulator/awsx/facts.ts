/**
 * What the awsx provider plugin (the `pulumi-resource-awsx` behind `@pulumi/awsx`) decides when
 * it constructs a component, as data: type tokens, default names, policies, rules and sizes.
 * Read from the provider's TypeScript source, pulumi/pulumi-awsx at commit
 * e60adf3cf01f3ac03cc6bc846cdd0df320afed23 (v3.8.0's provider code: `git diff v3.8.0 HEAD --
 * awsx/` touches only package.json and yarn.lock); each entry names its file. The Node SDK's
 * surface (the argument keys each class sends) was compared with @pulumi/awsx 3.9.0 and is the
 * same.
 */

/** Where the provider code read lives; a fact's `source` is a path under it. */
export const AWSX_SOURCE = "pulumi/pulumi-awsx@e60adf3cf01f3ac03cc6bc846cdd0df320afed23";

/** The component type tokens constructed offline (sdk/nodejs/*: each class's `__pulumiType`). */
export const AWSX_TYPE = {
  vpc: "awsx:ec2:Vpc",
  defaultVpc: "awsx:ec2:DefaultVpc",
  fargateService: "awsx:ecs:FargateService",
  fargateTaskDefinition: "awsx:ecs:FargateTaskDefinition",
  applicationLoadBalancer: "awsx:lb:ApplicationLoadBalancer",
  repository: "awsx:ecr:Repository",
  image: "awsx:ecr:Image",
} as const;

/**
 * The @pulumi/awsx releases whose construction is modelled, as ranges [from, below):
 * - 2.7.0 to 2.22.x (2.22.x, the last 2.x release, is what Pulumi's own examples pin). From
 *   2.7.0 to 2.22.0 the provider code of the modelled components (awsx/ec2, awsx/ecs, awsx/lb,
 *   awsx/cloudwatch, awsx/ecr/repository.ts, awsx/role.ts, awsx/utils.ts) changed only where
 *   `AWSX_SINCE` says (`git diff v2.7.0 v2.22.0 -- awsx/`; image.ts moved to docker-build, whose
 *   image URI has the same form; 2.10.0 removed a second, dead copy of the load balancer's
 *   security group code). 2.14.0 restructured the subnet layout code (#1352, #1354, #1355): run
 *   on 420 layouts (5 CIDRs, 1 to 4 zones, 7 spec sets, Legacy, Auto and Auto with a zone mask),
 *   v2.13.0's subnetDistributorLegacy.ts and subnetDistributorNew.ts give the CIDRs, types and
 *   zones (or the errors) of the source read here in every case. Before 2.7.0 a port mapping
 *   carried every field the program gave (2.4.0 to 2.6.x) and the layout bits differed (2.5.0). 2.22.0 differs from 3.3.1 only where `AWSX_SINCE` says (`git diff v2.22.0
 *   v3.3.1 -- awsx/`: container order, subnet IPv6, the check for duplicate subnet names) and in
 *   the @pulumi/aws major it bundles (6.x, whose inputs for these resources are the ones read here).
 * - 3.0.0 to 3.1.x: 3.3.1 without subnet IPv6 and without the duplicate-name check
 *   (`git diff v3.0.0 v3.3.1 -- awsx/`).
 * - 3.3.1 (which reverted 3.2.0's merging of partial subnet specs under the Auto strategy,
 *   #1916, so 3.2.x and 3.3.0 lay subnets out differently and are refused) through 3.9.x (the
 *   newest release when this was written; its provider code was not published with the source
 *   read here, its SDK surface is the same as 3.8.0's).
 * Any other version is refused, not guessed.
 */
export const SUPPORTED_AWSX: readonly { from: Version; below: Version }[] = [
  { from: [2, 7, 0], below: [2, 23, 0] },
  { from: [3, 0, 0], below: [3, 2, 0] },
  { from: [3, 3, 1], below: [3, 10, 0] },
];

/** True when `version` is in one of the modelled ranges. */
export const isSupportedAwsx = (version: Version) =>
  SUPPORTED_AWSX.some((range) => atLeast(version, range.from) && !atLeast(version, range.below));

/** The modelled ranges in words, for the refusal. */
export function supportedAwsxText(): string {
  const ranges = SUPPORTED_AWSX.map(({ from, below }) => {
    // [a.b.0, a.(b+n).0) reads "a.b.0 to a.(b+n-1).x"; one minor release reads "a.b.x".
    if (below[2] !== 0 || below[1] === 0) return `${versionText(from)} up to (not including) ${versionText(below)}`;
    const last = `${below[0]}.${below[1] - 1}.x`;
    return from[0] === below[0] && from[1] === below[1] - 1 && from[2] === 0 ? last : `${versionText(from)} to ${last}`;
  });
  return ranges.length === 1 ? ranges[0] : `${ranges.slice(0, -1).join(", ")} and ${ranges[ranges.length - 1]}`;
}

/** The release that introduced each behaviour that differs within the supported range (`git tag --contains`). */
export const AWSX_SINCE = {
  /**
   * ecs/fargateMemoryAndCpu.ts: containers asking for more than the largest Fargate size fail
   * (v2.11.0, "Requested resources exceed the maximum"); before, the request was cut down to the
   * largest size and the task got that.
   */
  fargateSizeRefusesOversize: [2, 11, 0],
  /**
   * ec2/vpc.ts pickSubnetAllocator: `subnetStrategy: "Auto"` without `subnetSpecs` lays out with
   * the new allocator (v2.14.0, #1355 "Fix VPC support for Auto subnet layout strategy"); before,
   * a VPC without subnetSpecs was laid out by the legacy allocator whatever the strategy.
   */
  autoWithoutSpecs: [2, 14, 0],
  /** ec2/vpc.ts createInnerVpc: a CIDR known only at deployment is laid out once it resolves (v2.14.0, #1352); before, only literal CIDRs were. */
  outputCidr: [2, 14, 0],
  /**
   * utils.ts getRegion uses the aws:getRegion invoke under the parent (v2.16.0, "use the provider
   * from the parent resource to fetch the region"); before, it read the `region` of the resource's
   * provider object, which a component provider only holds as a reference, so it fell back to
   * `aws.config.region`: the stack's aws:region, whatever provider the component was given.
   */
  regionFromParent: [2, 16, 0],
  /**
   * ec2/vpc.ts: an endpoint of `vpcEndpointSpecs` carries the VPC's shared tags (Name and
   * `tags`) and is listed in the component's `vpcEndpoints` (v2.22.0); before, it had only its
   * spec's tags and `vpcEndpoints` stayed empty.
   */
  vpcEndpointsListed: [2, 22, 0],
  /** ecs/containers.ts computeContainerDefinitions sorts the containers by name (v3.0.0, ca1997a1 #1626); before, insertion order. */
  containerNameOrder: [3, 0, 0],
  /** ec2/vpc.ts: subnets get assignIpv6AddressOnCreation and an IPv6 block from the VPC's (v3.3.0, b7bb39ce #1882); before, neither input. */
  subnetIpv6: [3, 3, 0],
  /** d4b0300e "Pass region through awsx.ec2.Vpc child resources" (#1942). */
  vpcRegionPassThrough: [3, 5, 0],
  /** 8750165b "Relax NAT Gateway validation": isolated subnets may route through a NAT too (#1927). */
  natWithIsolatedSubnets: [3, 6, 0],
  /** 9310abde "Add AutoMerge subnet allocation strategy" (#1917). */
  autoMergeStrategy: [3, 6, 0],
  /** a0f2a9e4 "add VPC endpoint auto strategy" (#2028). */
  vpcEndpointStrategy: [3, 7, 0],
  /** a18055d6 "Add support for 32 vCPU Fargate task sizes" (#2053). */
  fargate32Vcpu: [3, 7, 0],
  /** 918acb22 "pass top-level region through to Repository lifecycle policy" (#2058). */
  lifecyclePolicyRegion: [3, 7, 0],
  /** 019a326a "Allow configuring capacity providers on ECS Services": no launch type with a strategy (#2072). */
  capacityProviderLaunchType: [3, 8, 0],
  /** 8b224114 "add subnetNameTagStrategy" (#2076). */
  subnetNameTagStrategy: [3, 8, 0],
} as const;

export type Version = readonly [number, number, number];

/** `a.b.c` (a pre-release or build suffix ignored; awsx 0.x and 1.x publish `v1.0.0`) as numbers, or undefined. */
export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function atLeast(version: Version, since: Version): boolean {
  for (let i = 0; i < 3; i++) if (version[i] !== since[i]) return version[i] > since[i];
  return true;
}

export const versionText = (version: Version) => version.join(".");

/** awsx/ec2/vpc.ts decideCidrBlockVpcInput: the VPC CIDR when none is given (and no IPAM pool). */
export const DEFAULT_VPC_CIDR = "10.0.0.0/16";

/** awsx/ec2/vpc.ts getDefaultAzs: how many zones a Vpc spans when not told. */
export const DEFAULT_AZ_COUNT = 3;

/** awsx/role.ts defaultRoleAssumeRolePolicy: the trust policy of the task and execution roles, key order kept. */
export const TASK_ROLE_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" }, Effect: "Allow", Sid: "" },
  ],
} as const;

/**
 * awsx/role.ts defaultExecutionRolePolicyARNs / defaultTaskRolePolicyARNs: the managed policies
 * attached by default. The ARN is written with the `aws` partition whatever the region.
 */
export const EXECUTION_ROLE_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
] as const;
export const TASK_ROLE_POLICY_ARNS = [] as const;

/**
 * awsx/ecs/fargateService.ts getDefaultNetworkConfiguration and awsx/lb/applicationLoadBalancer.ts:
 * the rules of the security group created when none is given: everything in, TCP out.
 */
export const OPEN_SECURITY_GROUP_RULES = {
  ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
  egress: [{ fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
} as const;

/** OPEN_SECURITY_GROUP_RULES as a security group's ingress and egress inputs (fresh, mutable arrays). */
export function openSecurityGroupRules() {
  const copy = (rules: typeof OPEN_SECURITY_GROUP_RULES.ingress | typeof OPEN_SECURITY_GROUP_RULES.egress) =>
    rules.map((rule) => ({ ...rule, cidrBlocks: [...rule.cidrBlocks], ipv6CidrBlocks: [...rule.ipv6CidrBlocks] }));
  return { ingress: copy(OPEN_SECURITY_GROUP_RULES.ingress), egress: copy(OPEN_SECURITY_GROUP_RULES.egress) };
}

/**
 * awsx/ecs/fargateMemoryAndCpu.ts: the task sizes awsx picks from, as (vCPU, GB of memory) per
 * vCPU step; memory ranges are whole GB steps. 32 vCPU exists from AWSX_SINCE.fargate32Vcpu.
 */
export const FARGATE_SIZES: readonly { vcpu: number; memoryGb: readonly number[] }[] = [
  { vcpu: 0.25, memoryGb: [0.5, 1, 2] },
  { vcpu: 0.5, memoryGb: range(1, 4) },
  { vcpu: 1, memoryGb: range(2, 8) },
  { vcpu: 2, memoryGb: range(4, 16) },
  { vcpu: 4, memoryGb: range(8, 30) },
  { vcpu: 8, memoryGb: range(16, 60) },
  { vcpu: 16, memoryGb: range(32, 120) },
  { vcpu: 32, memoryGb: [60, 120, 244] },
];

function range(low: number, high: number): number[] {
  return Array.from({ length: high - low + 1 }, (_, index) => low + index);
}

/** awsx/ecr/repository.ts buildLifecyclePolicy: the one rule of a repository's default lifecycle policy. */
export const DEFAULT_LIFECYCLE_RULE = {
  description: "remove untagged images",
  tagStatus: "untagged",
  maximumNumberOfImages: 1,
} as const;

/** awsx/lb/applicationLoadBalancer.ts: a target group's port and protocol when nothing else decides them. */
export const DEFAULT_TARGET_PORT = 80;
export const DEFAULT_TARGET_PROTOCOL = "HTTP";
