/**
 * What the bridged AWS provider plans for a resource it is about to create, per attribute
 * the pack reads: the facts of ../shared/PREVIEW-STATE.md as data, in ONE place. The pack
 * uses it to settle unknowns that are only "unknown" because the program left them unset
 * (their value after create is certain), and the offline command's mocks use it to render
 * the planned state exactly as the engine would send it at a first preview.
 *
 * Sources: the Terraform AWS provider's resource schemas (an attribute that is
 * `Optional: true, Computed: true` is planned "(known after apply)" when unset, which the
 * bridge turns into a Pulumi unknown; one with `Default` is filled in by Check) and the AWS
 * behaviour on create that each entry cites.
 */
import { isUnknown } from "../../model";
import type { Properties, StackResource } from "./resources";
import { T } from "./types";

/** The value an unset attribute has after create: known, or picked by AWS and so unknowable. */
export type CreateValue =
  | { known: true; value: unknown }
  | { known: false; /** The program input that would make the fact known. */ settleWith: string };

export interface ComputedAttribute {
  whenUnset: (inputs: Properties) => CreateValue;
  /** Other inputs `whenUnset` reads (kept by the Analyze capture). */
  reads?: readonly string[];
  source: string;
}

export interface ResourceSemantics {
  /** Attributes only the provider sets (ids, ARNs): unknown at a first preview. */
  outputs: readonly string[];
  /** Attributes with a schema default, filled in by the provider's Check (`a.b` = nested in block `a`). */
  defaults: Readonly<Record<string, unknown>>;
  /** The name attribute Check fills in by autonaming when the program gives none. */
  autoName?: string;
  /** Optional+Computed attributes the pack reads: unknown at a first preview when unset. */
  optionalComputed: Readonly<Record<string, ComputedAttribute>>;
}

const TF = "terraform-provider-aws internal/service/";
const value =
  (known: unknown): ComputedAttribute["whenUnset"] =>
  () => ({ known: true, value: known });
const none: ComputedAttribute["whenUnset"] = value([]);
const unknowable =
  (settleWith: string): ComputedAttribute["whenUnset"] =>
  () => ({ known: false, settleWith });

/** The policy AWS gives a VPC endpoint created without one: full access for every principal. */
export const DEFAULT_ENDPOINT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

export const PLANNED_STATE: Readonly<Record<string, ResourceSemantics>> = {
  [T.vpc]: {
    outputs: [
      "id",
      "arn",
      "mainRouteTableId",
      "defaultRouteTableId",
      "defaultNetworkAclId",
      "defaultSecurityGroupId",
      "dhcpOptionsId",
      "ownerId",
      "ipv6AssociationId",
    ],
    defaults: { enableDnsSupport: true, instanceTenancy: "default" },
    optionalComputed: {
      enableDnsHostnames: {
        whenUnset: value(false),
        source: `${TF}ec2/vpc_.go enable_dns_hostnames Optional+Computed; AWS: off for a non-default VPC`,
      },
    },
  },
  [T.subnet]: {
    outputs: ["id", "arn", "ownerId", "ipv6CidrBlockAssociationId"],
    defaults: { mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false },
    optionalComputed: {
      availabilityZone: {
        whenUnset: unknowable("availabilityZone of the subnet"),
        source: `${TF}ec2/vpc_subnet.go availability_zone Optional+Computed; AWS picks a zone`,
      },
      availabilityZoneId: {
        whenUnset: unknowable("availabilityZone of the subnet"),
        source: `${TF}ec2/vpc_subnet.go availability_zone_id Optional+Computed; AWS picks a zone`,
      },
    },
  },
  [T.routeTable]: {
    outputs: ["id", "arn", "ownerId"],
    defaults: {},
    optionalComputed: {
      routes: {
        whenUnset: none,
        source: `${TF}ec2/vpc_route_table.go route Optional+Computed (ConfigModeAttr); a new table has only its local route`,
      },
      propagatingVgws: { whenUnset: none, source: `${TF}ec2/vpc_route_table.go propagating_vgws Optional+Computed` },
    },
  },
  [T.defaultRouteTable]: {
    outputs: ["id", "arn", "ownerId", "vpcId"],
    defaults: {},
    optionalComputed: {
      routes: {
        whenUnset: none,
        source: `${TF}ec2/vpc_default_route_table.go route Optional+Computed; on adoption every route but local, propagated and endpoint routes is deleted`,
      },
    },
  },
  [T.route]: { outputs: ["id", "origin", "state", "instanceOwnerId"], defaults: {}, optionalComputed: {} },
  [T.routeTableAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.mainRouteTableAssociation]: { outputs: ["id", "originalRouteTableId"], defaults: {}, optionalComputed: {} },
  [T.internetGateway]: { outputs: ["id", "arn", "ownerId"], defaults: {}, optionalComputed: {} },
  [T.internetGatewayAttachment]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.natGateway]: {
    outputs: ["id", "networkInterfaceId", "publicIp", "associationId"],
    defaults: { connectivityType: "public" },
    optionalComputed: {},
  },
  [T.vpcEndpoint]: {
    outputs: ["id", "arn", "ownerId", "state", "dnsEntries", "networkInterfaceIds", "prefixListId", "cidrBlocks"],
    defaults: { vpcEndpointType: "Gateway", autoAccept: false },
    optionalComputed: {
      policy: {
        whenUnset: value(DEFAULT_ENDPOINT_POLICY),
        source: `${TF}ec2/vpc_endpoint.go policy Optional+Computed; AWS attaches a full-access policy`,
      },
      privateDnsEnabled: {
        // Sent to AWS only when true; AWS's default when omitted is documented both ways.
        whenUnset: unknowable("privateDnsEnabled of the endpoint (set it explicitly)"),
        source: `${TF}ec2/vpc_endpoint.go private_dns_enabled Optional+Computed`,
      },
      subnetIds: { whenUnset: none, source: `${TF}ec2/vpc_endpoint.go subnet_ids Optional+Computed` },
      routeTableIds: { whenUnset: none, source: `${TF}ec2/vpc_endpoint.go route_table_ids Optional+Computed` },
      securityGroupIds: {
        // AWS may attach the VPC's default security group to an interface endpoint created without one.
        whenUnset: (inputs) =>
          inputs.vpcEndpointType === "Interface"
            ? { known: false, settleWith: "securityGroupIds of the interface endpoint" }
            : { known: true, value: [] },
        reads: ["vpcEndpointType"],
        source: `${TF}ec2/vpc_endpoint.go security_group_ids Optional+Computed`,
      },
    },
  },
  [T.vpcEndpointSubnetAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.vpcEndpointRouteTableAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.vpcEndpointSecurityGroupAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.vpcEndpointPolicy]: {
    outputs: ["id"],
    defaults: {},
    optionalComputed: {
      policy: {
        whenUnset: value(DEFAULT_ENDPOINT_POLICY),
        source: `${TF}ec2/vpc_endpoint_policy.go policy Optional+Computed`,
      },
    },
  },
  [T.securityGroup]: {
    outputs: ["id", "arn", "ownerId"],
    defaults: { description: "Managed by Pulumi", revokeRulesOnDelete: false },
    autoName: "name",
    optionalComputed: {
      ingress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_security_group.go ingress Optional+Computed; a new group has no ingress rule`,
      },
      egress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_security_group.go egress Optional+Computed; on create the provider revokes AWS's default allow-all egress`,
      },
    },
  },
  [T.defaultSecurityGroup]: {
    outputs: ["id", "arn", "ownerId", "name", "description"],
    defaults: { revokeRulesOnDelete: false },
    optionalComputed: {
      ingress: { whenUnset: none, source: `${TF}ec2/vpc_default_security_group.go: adoption removes every rule` },
      egress: { whenUnset: none, source: `${TF}ec2/vpc_default_security_group.go: adoption removes every rule` },
    },
  },
  [T.securityGroupRule]: { outputs: ["id", "securityGroupRuleId"], defaults: {}, optionalComputed: {} },
  [T.securityGroupIngressRule]: { outputs: ["id", "arn", "securityGroupRuleId"], defaults: {}, optionalComputed: {} },
  [T.securityGroupEgressRule]: { outputs: ["id", "arn", "securityGroupRuleId"], defaults: {}, optionalComputed: {} },
  [T.networkAcl]: {
    outputs: ["id", "arn", "ownerId"],
    defaults: {},
    optionalComputed: {
      ingress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_network_acl.go ingress Optional+Computed; a new NACL denies all`,
      },
      egress: {
        whenUnset: none,
        source: `${TF}ec2/vpc_network_acl.go egress Optional+Computed; a new NACL denies all`,
      },
      subnetIds: { whenUnset: none, source: `${TF}ec2/vpc_network_acl.go subnet_ids Optional+Computed` },
    },
  },
  [T.defaultNetworkAcl]: { outputs: ["id", "arn", "ownerId", "vpcId"], defaults: {}, optionalComputed: {} },
  [T.networkAclRule]: { outputs: ["id"], defaults: { egress: false }, optionalComputed: {} },
  [T.networkAclAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.dhcpOptions]: { outputs: ["id", "arn", "ownerId"], defaults: {}, optionalComputed: {} },
  [T.dhcpOptionsAssociation]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.role]: {
    outputs: ["id", "arn", "uniqueId", "createDate"],
    defaults: { path: "/", forceDetachPolicies: false, maxSessionDuration: 3600 },
    autoName: "name",
    optionalComputed: {
      inlinePolicies: {
        whenUnset: none,
        source: `${TF}iam/role.go inline_policy Optional+Computed; none unless aws.iam.RolePolicy adds them`,
      },
      managedPolicyArns: {
        whenUnset: none,
        source: `${TF}iam/role.go managed_policy_arns Optional+Computed; none unless attachments add them`,
      },
    },
  },
  [T.rolePolicy]: { outputs: ["id"], defaults: {}, autoName: "name", optionalComputed: {} },
  [T.rolePolicyAttachment]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.policy]: {
    outputs: ["id", "arn", "policyId", "attachmentCount"],
    defaults: { path: "/" },
    autoName: "name",
    optionalComputed: {},
  },
  [T.policyAttachment]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.secret]: {
    outputs: ["id", "arn"],
    defaults: { recoveryWindowInDays: 30, forceOverwriteReplicaSecret: false },
    autoName: "name",
    optionalComputed: {
      policy: {
        // Unset: no resource policy, unless an aws.secretsmanager.SecretPolicy adds one.
        whenUnset: value(undefined),
        source: `${TF}secretsmanager/secret.go policy Optional+Computed (deprecated in favour of SecretPolicy)`,
      },
    },
  },
  [T.parameter]: {
    outputs: ["id", "arn", "version"],
    defaults: {},
    autoName: "name",
    optionalComputed: {
      keyId: {
        // A SecureString without a key is encrypted with the AWS managed key for SSM.
        whenUnset: (inputs) => ({ known: true, value: inputs.type === "SecureString" ? "alias/aws/ssm" : undefined }),
        reads: ["type"],
        source: `${TF}ssm/parameter.go key_id Optional+Computed`,
      },
    },
  },
  [T.kmsKey]: {
    outputs: ["id", "arn", "keyId"],
    defaults: { isEnabled: true },
    optionalComputed: {
      policy: {
        // Unset: AWS gives the default key policy (the analysis builds it, it names the account).
        whenUnset: value(undefined),
        source: `${TF}kms/key.go policy Optional+Computed; https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html`,
      },
    },
  },
  [T.kmsKeyPolicy]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.secretPolicy]: { outputs: ["id"], defaults: {}, optionalComputed: {} },
  [T.repositoryPolicy]: { outputs: ["id", "registryId"], defaults: {}, optionalComputed: {} },
  [T.kmsAlias]: { outputs: ["id", "arn", "targetKeyArn"], defaults: {}, optionalComputed: {} },
  [T.logGroup]: {
    outputs: ["id", "arn"],
    defaults: { retentionInDays: 0, skipDestroy: false },
    autoName: "name",
    optionalComputed: {},
  },
  [T.repository]: {
    outputs: ["id", "arn", "registryId", "repositoryUrl"],
    defaults: { imageTagMutability: "MUTABLE" },
    autoName: "name",
    optionalComputed: {},
  },
  [T.cluster]: {
    // ecs/cluster.go: name Required in Terraform; the Pulumi provider autonames it.
    outputs: ["id", "arn"],
    defaults: {},
    autoName: "name",
    optionalComputed: {},
  },
  [T.taskDefinition]: {
    outputs: ["id", "arn", "arnWithoutRevision", "revision"],
    defaults: { skipDestroy: false, trackLatest: false },
    optionalComputed: {
      networkMode: {
        whenUnset: unknowable("networkMode of the task definition (awsvpc for Fargate)"),
        source: `${TF}ecs/task_definition.go network_mode Optional+Computed`,
      },
    },
  },
  [T.service]: {
    outputs: ["id"],
    defaults: {
      "networkConfiguration.assignPublicIp": false,
      schedulingStrategy: "REPLICA",
      waitForSteadyState: false,
      enableEcsManagedTags: false,
      enableExecuteCommand: false,
    },
    autoName: "name",
    optionalComputed: {
      launchType: {
        // A capacity provider strategy means no launch type; without either, the cluster's default strategy decides.
        whenUnset: (inputs) =>
          Array.isArray(inputs.capacityProviderStrategies) && inputs.capacityProviderStrategies.length > 0
            ? { known: true, value: undefined }
            : { known: false, settleWith: "launchType (FARGATE) or capacityProviderStrategies of the service" },
        reads: ["capacityProviderStrategies"],
        source: `${TF}ecs/service.go launch_type Optional+Computed`,
      },
      platformVersion: {
        whenUnset: unknowable("platformVersion of the service"),
        source: `${TF}ecs/service.go platform_version Optional+Computed (AWS picks LATEST)`,
      },
    },
  },
  [T.efsMountTarget]: {
    outputs: ["id", "networkInterfaceId", "dnsName", "mountTargetDnsName", "availabilityZoneName"],
    defaults: {},
    optionalComputed: {
      securityGroups: {
        whenUnset: unknowable("securityGroups of the mount target (AWS uses the VPC's default group)"),
        source: `${TF}efs/mount_target.go security_groups Optional+Computed`,
      },
    },
  },
};

/**
 * Which inputs the program set, from what the engine showed the pack: the `Analyze` inputs
 * (after Check) when the pack saw them, else the keys of `propertyDependencies`. The engine
 * sends a key there only for a property that depends on at least one resource (it skips empty
 * lists: pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, AnalyzeStack). A
 * planned value the program set can only be unknown when it was built from another resource's
 * output, which is such a dependency; so, without `Analyze`, an unknown Optional+Computed
 * attribute with no key was not set by the program.
 */
export type ProgramInputs =
  | { from: "analyze"; inputs: Properties }
  | { from: "propertyDependencies"; keys: ReadonlySet<string> };

/** A fact the planned state left unknown and that only deployment can tell. */
export interface UnsettledAttribute {
  property: string;
  settleWith: string;
}

export interface SettledState {
  props: Properties;
  /** Properties whose create-time value replaced an unknown. */
  settled: string[];
  unsettled: UnsettledAttribute[];
}

/**
 * Settles the unknowns of a planned state that the program did not cause: an unset
 * Optional+Computed attribute takes its create-time value; a set one whose planned value is
 * unknown takes the program's input (its value after create), which keeps any unknowns inside.
 */
/** The Optional+Computed attributes of each type as a list, made once: settling runs for every resource. */
const optionalComputedLists = new Map<string, [string, ComputedAttribute][]>();

function optionalComputedOf(type: string, semantics: ResourceSemantics): [string, ComputedAttribute][] {
  let list = optionalComputedLists.get(type);
  if (!list) optionalComputedLists.set(type, (list = Object.entries(semantics.optionalComputed)));
  return list;
}

export function settlePlannedState(type: string, props: Properties, program: ProgramInputs | undefined): SettledState {
  const semantics = PLANNED_STATE[type];
  const result: SettledState = { props, settled: [], unsettled: [] };
  if (!semantics || program === undefined) return result;
  let copy: Properties | undefined;
  for (const [property, attribute] of optionalComputedOf(type, semantics)) {
    if (!isUnknown(props[property])) continue;
    const input = program.from === "analyze" ? program.inputs[property] : undefined;
    const setByProgram = program.from === "analyze" ? input !== undefined : program.keys.has(property);
    if (setByProgram) {
      if (input !== undefined && !isUnknown(input)) {
        copy ??= { ...props };
        copy[property] = input;
        result.settled.push(property);
      }
      continue;
    }
    const inputs = program.from === "analyze" ? program.inputs : props;
    const createValue = attribute.whenUnset(inputs);
    if (createValue.known) {
      copy ??= { ...props };
      if (createValue.value === undefined) delete copy[property];
      else copy[property] = createValue.value;
      result.settled.push(property);
    } else {
      result.unsettled.push({ property, settleWith: createValue.settleWith });
    }
  }
  if (copy) result.props = copy;
  return result;
}

/** What the engine showed of the program's inputs: Analyze inputs, else the keys of propertyDependencies. */
export function programInputsOf(resource: StackResource): ProgramInputs {
  if (resource.inputs !== undefined) return { from: "analyze", inputs: resource.inputs };
  return { from: "propertyDependencies", keys: new Set(Object.keys(resource.propertyDependencies)) };
}

/** The resource as it will be after create, as far as that is certain; unknowable facts are listed. */
export function settleResource(resource: StackResource): StackResource {
  const settled = settlePlannedState(resource.type, resource.props, programInputsOf(resource));
  if (settled.settled.length === 0 && settled.unsettled.length === 0) return resource;
  return { ...resource, props: settled.props, unsettled: settled.unsettled };
}

/** Per type, the inputs settling reads: the Optional+Computed attributes and what their create values depend on. */
export const SETTLING_INPUTS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(PLANNED_STATE)
    .filter(([, semantics]) => Object.keys(semantics.optionalComputed).length > 0)
    .map(([type, semantics]) => [
      type,
      [
        ...new Set(
          Object.entries(semantics.optionalComputed).flatMap(([property, attribute]) => [
            property,
            ...(attribute.reads ?? []),
          ]),
        ),
      ],
    ]),
);
