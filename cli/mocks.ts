/**
 * Runs a Pulumi program without the engine: `runtime.setMocks` answers resource registrations
 * and invokes like the bridged AWS provider and AWS would, and every registration is recorded
 * as the engine would send it to a policy pack (../shared/PREVIEW-STATE.md):
 * - `inputs`: what `Analyze` gets, the program's inputs after the provider's Check (Terraform
 *   defaults and autonames filled in), resource references downgraded to ids;
 * - `properties`: what `AnalyzeStack` gets. "preview" is the provider's planned state at a first
 *   `pulumi preview`: the inputs, with every provider-only attribute (`id`, `arn`...) and every
 *   Optional+Computed attribute the program left unset unknown. "deployed" is the state after
 *   `pulumi up`: every id known, unset Optional+Computed attributes at their create-time value.
 * The per-type facts come from PLANNED_STATE, the one table the pack also uses.
 */
import type * as PulumiModule from "@pulumi/pulumi";
import { UNKNOWN, isUnknown, partitionForRegion } from "../model";
import { PLANNED_STATE } from "../policies/stack/planned-state";
import type { StackResource } from "./analyzerClient";
import { UsageError } from "./program";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../model/unknown";

export type RunForm = "preview" | "deployed";

export interface MockSettings {
  form: RunForm;
  region: string;
  accountId: string;
  /** Availability zones of the region, for invokes. */
  availabilityZones?: string[];
  /** Outputs of a stack a StackReference reads (from --context exports); unknown when not given. */
  stackOutputs?: (stack: string) => Record<string, unknown> | undefined;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

type Props = Record<string, unknown>;

/**
 * How the SDK marks special values in a property Struct (@pulumi/pulumi runtime/rpc.js:
 * specialSigKey, specialResourceSig, specialSecretSig).
 */
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

const isObject = (value: unknown): value is Props =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A property value as the engine sends it to a pack: the SDK serialises a resource passed as an
 * input as a reference `{sig, urn, id}` (a component: `{sig, urn}`); the engine marshals inputs
 * and outputs for the analyzer without `KeepResources`, which turns a reference into the
 * resource's id (unknown while the resource is planned) or, for a component, its URN
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go MarshalPropertyValue).
 */
export function asEngineSends(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asEngineSends);
  if (!isObject(value)) return value;
  if (value[SIGNATURE_KEY] === RESOURCE_SIG) {
    if ("id" in value) return value.id === "" || value.id === undefined ? UNKNOWN : value.id;
    return value.urn;
  }
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) return { ...value, value: asEngineSends(value.value) };
  const result: Props = {};
  for (const [key, element] of Object.entries(value)) result[key] = asEngineSends(element);
  return result;
}

/** Hex digits derived stably from a seed: the same program gets the same ids on every run. */
export function hexOf(seed: string, length: number): string {
  let digits = "";
  for (let round = 0; digits.length < length; round++) {
    let hash = 2166136261 ^ round;
    for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
    // Avalanche (MurmurHash3's finaliser), so seeds that differ in one character look unrelated.
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hash = (hash ^ (hash >>> 16)) >>> 0;
    digits += hash.toString(16).padStart(8, "0");
  }
  return digits.slice(0, length);
}

/** The random suffix the bridge's autonaming adds to a resource name (7 characters). */
const autoName = (name: string) => `${name}-${hexOf(name, 7)}`;

/** Fills what the bridged provider's Check adds: Terraform defaults (`a.b`: in block `a`) and the autoname. */
export function checkInputs(type: string, name: string, inputs: Props): Props {
  const semantics = PLANNED_STATE[type];
  if (!semantics) return inputs;
  const checked: Props = { ...inputs };
  for (const [path, value] of Object.entries(semantics.defaults)) {
    const [block, attribute] = path.split(".");
    if (attribute === undefined) {
      if (checked[block] === undefined) checked[block] = value;
      continue;
    }
    // A default inside a block applies to each instance of the block the program wrote.
    const fill = (instance: unknown) =>
      isObject(instance) && instance[attribute] === undefined ? { ...instance, [attribute]: value } : instance;
    const current = checked[block];
    if (Array.isArray(current)) checked[block] = current.map(fill);
    else if (isObject(current) && current[SIGNATURE_KEY] === undefined) checked[block] = fill(current);
  }
  if (semantics.autoName && checked[semantics.autoName] === undefined) checked[semantics.autoName] = autoName(name);
  return checked;
}

/** The provider's planned state of a resource being created (a first preview). */
export function plannedState(type: string, checked: Props): Props {
  const semantics = PLANNED_STATE[type];
  const state: Props = { ...checked, id: UNKNOWN };
  if (!semantics) return state;
  for (const output of semantics.outputs) state[output] = UNKNOWN;
  for (const attribute of Object.keys(semantics.optionalComputed))
    if (checked[attribute] === undefined) state[attribute] = UNKNOWN;
  return state;
}

const availabilityZones = (settings: MockSettings) =>
  settings.availabilityZones ?? ["a", "b", "c"].map((letter) => `${settings.region}${letter}`);

/** `arn:<partition>:`: the partition follows the region (aws-cn, aws-us-gov...). */
const arnPrefix = (settings: MockSettings) => `arn:${partitionForRegion(settings.region).partition}:`;

/** Host name suffix of the region's service endpoints. */
const dnsSuffix = (settings: MockSettings) => partitionForRegion(settings.region).dnsSuffix;

/** A zone AWS would pick, stably per seed. */
const pickZone = (seed: string, settings: MockSettings) => {
  const zones = availabilityZones(settings);
  return zones[parseInt(hexOf(seed, 4), 16) % zones.length];
};

/** The zone id of a zone name, in the form AWS uses (`euw1-az1`). */
const zoneId = (zone: string) => {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zone);
  if (!match) return `${zone}-az1`;
  const [, area, direction, number, letter] = match;
  // southeast → se, northeast → ne, east → e ...
  const abbreviation = direction.replace(/^(north|south)(east|west)$/, (_, a: string, b: string) => a[0] + b[0]);
  return `${area}${abbreviation.length === 2 ? abbreviation : direction[0]}${number}-az${letter.charCodeAt(0) - 96}`;
};

/**
 * Deployed values of the attributes whose create-time value AWS picks (PLANNED_STATE says
 * "unknowable"): a deployed state has one, so the deployed form gets a plausible one.
 */
const PICKED_BY_AWS: Record<string, (inputs: Props, name: string, settings: MockSettings) => unknown> = {
  "aws:ec2/subnet:Subnet availabilityZone": (_, name, settings) => pickZone(name, settings),
  "aws:ec2/subnet:Subnet availabilityZoneId": (inputs, name, settings) =>
    zoneId(typeof inputs.availabilityZone === "string" ? inputs.availabilityZone : pickZone(name, settings)),
  // EC2 API CreateVpcEndpoint: PrivateDnsEnabled defaults to true for interface endpoints.
  "aws:ec2/vpcEndpoint:VpcEndpoint privateDnsEnabled": (inputs) => inputs.vpcEndpointType === "Interface",
  // AWS attaches the VPC's default security group to an interface endpoint created without one.
  "aws:ec2/vpcEndpoint:VpcEndpoint securityGroupIds": (inputs) => [`sg-${hexOf(`${String(inputs.vpcId)}default`, 17)}`],
  // ECS RegisterTaskDefinition: without networkMode, Linux tasks use bridge.
  "aws:ecs/taskDefinition:TaskDefinition networkMode": () => "bridge",
  // ECS CreateService: without launch type or capacity provider strategy (and no cluster default), EC2.
  "aws:ecs/service:Service launchType": () => "EC2",
  "aws:ecs/service:Service platformVersion": (inputs) => (inputs.launchType === "FARGATE" ? "LATEST" : ""),
  "aws:efs/mountTarget:MountTarget securityGroups": (inputs) => [
    `sg-${hexOf(`${String(inputs.subnetId)}default`, 17)}`,
  ],
};

/** Attributes only AWS sets, after create: ids and ARNs per type. */
function deployedOutputs(type: string, name: string, inputs: Props, settings: MockSettings): Props {
  const { region, accountId } = settings;
  const arn = (service: string, resource: string) =>
    `${arnPrefix(settings)}${service}:${region}:${accountId}:${resource}`;
  const resourceName = String(inputs.name ?? name);
  switch (type) {
    case "aws:iam/role:Role":
      return {
        id: resourceName,
        arn: `${arnPrefix(settings)}iam::${accountId}:role${String(inputs.path ?? "/")}${resourceName}`,
        uniqueId: `AROA${hexOf(name, 17).toUpperCase()}`,
      };
    case "aws:iam/policy:Policy": {
      const policyArn = `${arnPrefix(settings)}iam::${accountId}:policy${String(inputs.path ?? "/")}${resourceName}`;
      return { id: policyArn, arn: policyArn, policyId: `ANPA${hexOf(name, 17).toUpperCase()}` };
    }
    case "aws:ecr/repository:Repository":
      return {
        id: resourceName,
        arn: arn("ecr", `repository/${resourceName}`),
        registryId: accountId,
        repositoryUrl: `${accountId}.dkr.ecr.${region}.${dnsSuffix(settings)}/${resourceName}`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: resourceName, arn: arn("logs", `log-group:${resourceName}`) };
    case "aws:secretsmanager/secret:Secret": {
      const secretArn = arn("secretsmanager", `secret:${resourceName}-${hexOf(resourceName, 6)}`);
      return { id: secretArn, arn: secretArn };
    }
    case "aws:ssm/parameter:Parameter": {
      const parameter = resourceName.startsWith("/") ? resourceName : `/${resourceName}`;
      return { id: resourceName, arn: arn("ssm", `parameter${parameter}`), version: 1 };
    }
    case "aws:kms/key:Key": {
      const keyId = `${hexOf(name, 8)}-${hexOf(`${name}1`, 4)}-4${hexOf(`${name}2`, 3)}-8${hexOf(`${name}3`, 3)}-${hexOf(`${name}4`, 12)}`;
      return { id: keyId, keyId, arn: arn("kms", `key/${keyId}`) };
    }
    case "aws:kms/alias:Alias":
      return { id: resourceName, arn: arn("kms", resourceName) };
    case "aws:ecs/cluster:Cluster":
      return { id: arn("ecs", `cluster/${resourceName}`), arn: arn("ecs", `cluster/${resourceName}`) };
    case "aws:ecs/taskDefinition:TaskDefinition": {
      const family = String(inputs.family ?? name);
      return {
        id: family,
        arn: arn("ecs", `task-definition/${family}:1`),
        arnWithoutRevision: arn("ecs", `task-definition/${family}`),
        revision: 1,
      };
    }
    case "aws:ecs/service:Service":
      return { id: arn("ecs", `service/${resourceName}`) };
    case "aws:ec2/vpc:Vpc": {
      const mainRouteTableId = `rtb-${hexOf(`${name}main`, 17)}`;
      return {
        id: `vpc-${hexOf(name, 17)}`,
        arn: arn("ec2", `vpc/vpc-${hexOf(name, 17)}`),
        mainRouteTableId,
        defaultRouteTableId: mainRouteTableId,
        defaultNetworkAclId: `acl-${hexOf(name, 17)}`,
        defaultSecurityGroupId: `sg-${hexOf(`vpc-${hexOf(name, 17)}default`, 17)}`,
        ownerId: accountId,
      };
    }
    default: {
      const prefix = ID_PREFIX[type] ?? type.split(":").pop()!.toLowerCase();
      return { id: `${prefix}-${hexOf(`${type}${name}`, 17)}` };
    }
  }
}

const ID_PREFIX: Record<string, string> = {
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/networkAcl:NetworkAcl": "acl",
  "aws:ec2/route:Route": "r-rtb",
};

/** The state after create: inputs, unset Optional+Computed attributes at their create-time value, ids. */
export function deployedState(type: string, name: string, checked: Props, settings: MockSettings): Props {
  const state: Props = { ...checked };
  for (const [attribute, computed] of Object.entries(PLANNED_STATE[type]?.optionalComputed ?? {})) {
    if (checked[attribute] !== undefined) continue;
    const createValue = computed.whenUnset(checked);
    const value = createValue.known
      ? createValue.value
      : (PICKED_BY_AWS[`${type} ${attribute}`] ?? (() => UNKNOWN))(checked, name, settings);
    if (value !== undefined) state[attribute] = value;
  }
  return { ...state, ...deployedOutputs(type, name, state, settings) };
}

export class UnansweredLookupError extends UsageError {
  constructor(readonly token: string) {
    super(
      `the program calls ${token}, which the offline check cannot answer; use --state with a stack export (pulumi stack export) instead`,
    );
  }
}

/** Resources the program registered, so lookups by their ids answer consistently (deployed form). */
interface Registered {
  subnets: Map<string, Props>;
  vpcs: Map<string, Props>;
}

const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/**
 * Answers to the lookups real programs make. Everything looked up that the program did not
 * register is outside the stack: it gets an id of AWS's form (`vpc-…`, `subnet-…`) that no
 * resource of the stack has, so the pack reports what it could not check.
 */
class Lookups {
  constructor(
    private readonly settings: MockSettings,
    private readonly registered: Registered,
  ) {}

  private arn(service: string, resource: string) {
    return `${arnPrefix(this.settings)}${service}:${this.settings.region}:${this.settings.accountId}:${resource}`;
  }

  get defaultVpcId() {
    return `vpc-${hexOf(`${this.settings.region}default-vpc`, 17)}`;
  }

  /** The default VPC's subnets: one public subnet per zone (AWS creates them so). */
  private defaultSubnets(): Props[] {
    return availabilityZones(this.settings).map((zone, index) => ({
      id: `subnet-${hexOf(`${this.defaultVpcId}${zone}`, 17)}`,
      vpcId: this.defaultVpcId,
      availabilityZone: zone,
      availabilityZoneId: zoneId(zone),
      cidrBlock: `172.31.${index * 16}.0/20`,
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      state: "available",
    }));
  }

  private outsideSubnets(vpcId: string): Props[] {
    return availabilityZones(this.settings).map((zone, index) => ({
      id: `subnet-${hexOf(`${vpcId}${zone}`, 17)}`,
      vpcId,
      availabilityZone: zone,
      availabilityZoneId: zoneId(zone),
      cidrBlock: `10.${parseInt(hexOf(vpcId, 2), 16)}.${index}.0/24`,
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
      state: "available",
    }));
  }

  private subnetsOf(vpcId: string): Props[] {
    const own = [...this.registered.subnets.values()].filter((subnet) => subnet.vpcId === vpcId);
    if (own.length > 0) return own;
    return vpcId === this.defaultVpcId ? this.defaultSubnets() : this.outsideSubnets(vpcId);
  }

  private subnetById(id: string): Props {
    const known = this.registered.subnets.get(id) ?? this.defaultSubnets().find((subnet) => subnet.id === id);
    if (known) return known;
    const zone = pickZone(id, this.settings);
    return {
      id,
      // Which VPC a subnet outside the stack is in cannot be known offline: no id, rather than a wrong one.
      vpcId: "",
      availabilityZone: zone,
      availabilityZoneId: zoneId(zone),
      cidrBlock: "10.0.0.0/24",
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
      state: "available",
    };
  }

  private vpc(id: string): Props {
    const own = this.registered.vpcs.get(id);
    const isDefault = id === this.defaultVpcId;
    return {
      id,
      arn: this.arn("ec2", `vpc/${id}`),
      cidrBlock: own?.cidrBlock ?? (isDefault ? DEFAULT_VPC_CIDR : "10.0.0.0/16"),
      default: isDefault,
      // The default VPC resolves and names hosts; a VPC outside the stack is not known to.
      enableDnsSupport: own?.enableDnsSupport ?? true,
      enableDnsHostnames: own?.enableDnsHostnames ?? isDefault,
      instanceTenancy: "default",
      mainRouteTableId: own?.mainRouteTableId ?? `rtb-${hexOf(`${id}main`, 17)}`,
      dhcpOptionsId: `dopt-${hexOf(`${id}dhcp`, 17)}`,
      ownerId: this.settings.accountId,
      state: "available",
      tags: {},
    };
  }

  /** The values of a lookup's `filters` entry named `name` (`[{name, values}]`). */
  private static filter(inputs: Props, name: string): string[] | undefined {
    const filters = Array.isArray(inputs.filters) ? inputs.filters : [];
    const match = filters.find((entry): entry is Props => isObject(entry) && entry.name === name);
    return Array.isArray(match?.values) ? match.values.map(String) : undefined;
  }

  private vpcIdOf(inputs: Props): string {
    const fromFilter = Lookups.filter(inputs, "vpc-id")?.[0];
    if (typeof inputs.vpcId === "string") return inputs.vpcId;
    if (fromFilter) return fromFilter;
    return this.defaultVpcId;
  }

  answer(token: string, inputs: Props): Props {
    const { region, accountId } = this.settings;
    const zones = availabilityZones(this.settings);
    switch (token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId,
          arn: `${arnPrefix(this.settings)}iam::${accountId}:user/offline`,
          userId: "AIDAOFFLINE",
          id: accountId,
        };
      case "aws:index/getRegion:getRegion":
        return {
          name: region,
          region,
          id: region,
          description: region,
          endpoint: `ec2.${region}.${dnsSuffix(this.settings)}`,
        };
      case "aws:index/getPartition:getPartition": {
        const { partition, dnsSuffix: suffix } = partitionForRegion(region);
        return { partition, dnsSuffix: suffix, id: partition, reverseDnsPrefix: suffix.split(".").reverse().join(".") };
      }
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return { names: zones, zoneIds: zones.map(zoneId), id: region, groupNames: [region] };
      case "aws:ec2/getVpc:getVpc": {
        const id =
          typeof inputs.id === "string"
            ? inputs.id
            : (Lookups.filter(inputs, "vpc-id")?.[0] ?? (inputs.default === true ? this.defaultVpcId : undefined));
        return this.vpc(id ?? `vpc-${hexOf(JSON.stringify(inputs), 17)}`);
      }
      case "aws:ec2/getVpcs:getVpcs":
        return { id: region, ids: [this.defaultVpcId] };
      case "aws:ec2/getSubnets:getSubnets": {
        const subnets = this.subnetsOf(this.vpcIdOf(inputs));
        const zonesWanted = Lookups.filter(inputs, "availability-zone");
        return {
          id: region,
          ids: subnets
            .filter((subnet) => !zonesWanted || zonesWanted.includes(String(subnet.availabilityZone)))
            .map((subnet) => subnet.id),
        };
      }
      case "aws:ec2/getSubnet:getSubnet": {
        if (typeof inputs.id === "string") return this.subnetById(inputs.id);
        const zone =
          (inputs.availabilityZone as string | undefined) ?? Lookups.filter(inputs, "availability-zone")?.[0];
        const subnets = this.subnetsOf(this.vpcIdOf(inputs));
        return subnets.find((subnet) => !zone || subnet.availabilityZone === zone) ?? subnets[0];
      }
      case "aws:ec2/getSecurityGroup:getSecurityGroup": {
        const name = (inputs.name as string | undefined) ?? Lookups.filter(inputs, "group-name")?.[0] ?? "default";
        const vpcId = this.vpcIdOf(inputs);
        const id = typeof inputs.id === "string" ? inputs.id : `sg-${hexOf(`${vpcId}${name}`, 17)}`;
        return { id, name, vpcId, arn: this.arn("ec2", `security-group/${id}`), description: name, tags: {} };
      }
      case "aws:ec2/getSecurityGroups:getSecurityGroups": {
        const vpcId = this.vpcIdOf(inputs);
        const id = `sg-${hexOf(`${vpcId}${JSON.stringify(inputs)}`, 17)}`;
        return { id: region, ids: [id], vpcIds: [vpcId], arns: [this.arn("ec2", `security-group/${id}`)] };
      }
      case "aws:ec2/getRouteTable:getRouteTable": {
        const subnetId = typeof inputs.subnetId === "string" ? inputs.subnetId : undefined;
        const vpcId = subnetId ? String(this.subnetById(subnetId).vpcId) : this.vpcIdOf(inputs);
        const id = typeof inputs.routeTableId === "string" ? inputs.routeTableId : `rtb-${hexOf(`${vpcId}main`, 17)}`;
        // The default VPC's main table sends the internet through its internet gateway.
        const routes =
          vpcId === this.defaultVpcId ? [{ cidrBlock: "0.0.0.0/0", gatewayId: `igw-${hexOf(vpcId, 17)}` }] : [];
        return { id, routeTableId: id, vpcId, subnetId, routes, associations: [], ownerId: accountId, tags: {} };
      }
      case "aws:ec2/getRouteTables:getRouteTables": {
        const vpcId = this.vpcIdOf(inputs);
        return { id: region, ids: [`rtb-${hexOf(`${vpcId}main`, 17)}`] };
      }
      case "aws:ec2/getVpcEndpoint:getVpcEndpoint": {
        const serviceName = (inputs.serviceName as string | undefined) ?? Lookups.filter(inputs, "service-name")?.[0];
        const id = typeof inputs.id === "string" ? inputs.id : `vpce-${hexOf(JSON.stringify(inputs), 17)}`;
        const gateway = /\.(s3|dynamodb)$/.test(serviceName ?? "");
        return {
          id,
          arn: this.arn("ec2", `vpc-endpoint/${id}`),
          serviceName: serviceName ?? "",
          vpcId: this.vpcIdOf(inputs),
          vpcEndpointType: gateway ? "Gateway" : "Interface",
          state: "available",
          privateDnsEnabled: !gateway,
          subnetIds: [],
          routeTableIds: [],
          securityGroupIds: [],
          dnsEntries: [],
          networkInterfaceIds: [],
          ownerId: accountId,
          tags: {},
        };
      }
      case "aws:ec2/getPrefixList:getPrefixList": {
        const name =
          (inputs.name as string | undefined) ??
          Lookups.filter(inputs, "prefix-list-name")?.[0] ??
          `com.amazonaws.${region}.s3`;
        const id = typeof inputs.prefixListId === "string" ? inputs.prefixListId : `pl-${hexOf(name, 8)}`;
        return { id, name, cidrBlocks: [] };
      }
      case "aws:iam/getRole:getRole": {
        const name = String(inputs.name);
        return {
          id: name,
          name,
          arn: `${arnPrefix(this.settings)}iam::${accountId}:role/${name}`,
          path: "/",
          uniqueId: `AROA${hexOf(name, 17).toUpperCase()}`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
          }),
          createDate: "2024-01-01T00:00:00Z",
          maxSessionDuration: 3600,
          description: "",
          permissionsBoundary: "",
          tags: {},
        };
      }
      case "aws:iam/getPolicyDocument:getPolicyDocument":
        return policyDocument(inputs);
      case "aws:secretsmanager/getSecret:getSecret": {
        const given = typeof inputs.arn === "string" ? inputs.arn : undefined;
        const name = given ? given.split(":secret:")[1]?.replace(/-[A-Za-z0-9]{6}$/, "") : String(inputs.name);
        const arn = given ?? this.arn("secretsmanager", `secret:${name}-${hexOf(name ?? "", 6)}`);
        return { id: arn, arn, name, description: "", kmsKeyId: "", policy: "", tags: {} };
      }
      case "aws:ssm/getParameter:getParameter": {
        const name = String(inputs.name);
        const path = name.startsWith("/") ? name : `/${name}`;
        return {
          id: name,
          name,
          arn: this.arn("ssm", `parameter${path}`),
          type: "String",
          value: "offline-value",
          insecureValue: "offline-value",
          version: 1,
          withDecryption: inputs.withDecryption ?? true,
        };
      }
      case "aws:kms/getKey:getKey": {
        const given = String(inputs.keyId);
        const awsManaged = given.startsWith("alias/aws/") || given.includes(":alias/aws/");
        const keyId = /^[0-9a-f-]{36}$/.test(given)
          ? given
          : (/:key\/([0-9a-f-]{36})$/.exec(given)?.[1] ?? `${hexOf(given, 8)}-0000-4000-8000-${hexOf(given, 12)}`);
        return {
          id: keyId,
          arn: this.arn("kms", `key/${keyId}`),
          keyManager: awsManaged ? "AWS" : "CUSTOMER",
          enabled: true,
          keyState: "Enabled",
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          description: "",
        };
      }
      case "aws:kms/getAlias:getAlias": {
        const name = String(inputs.name);
        const targetKeyId = `${hexOf(name, 8)}-0000-4000-8000-${hexOf(name, 12)}`;
        return {
          id: this.arn("kms", name),
          arn: this.arn("kms", name),
          name,
          targetKeyId,
          targetKeyArn: this.arn("kms", `key/${targetKeyId}`),
        };
      }
      case "aws:ecr/getRepository:getRepository": {
        const name = String(inputs.name);
        return {
          id: name,
          name,
          arn: this.arn("ecr", `repository/${name}`),
          registryId: inputs.registryId ?? accountId,
          repositoryUrl: `${String(inputs.registryId ?? accountId)}.dkr.ecr.${region}.${dnsSuffix(this.settings)}/${name}`,
          imageTagMutability: "MUTABLE",
          mostRecentImageTags: [],
          tags: {},
        };
      }
      case "aws:cloudwatch/getLogGroup:getLogGroup": {
        const name = String(inputs.name);
        return {
          id: name,
          name,
          arn: this.arn("logs", `log-group:${name}`),
          retentionInDays: 0,
          kmsKeyId: "",
          logGroupClass: "STANDARD",
          tags: {},
        };
      }
      default:
        throw new UnansweredLookupError(token);
    }
  }
}

// ---- aws.iam.getPolicyDocument, rendered as the provider renders it ------------------------
// terraform-provider-aws internal/service/iam/policy_document_data_source.go and policy_model.go:
// a list of one value becomes that value, a longer list is sorted in reverse; principals group
// by type; conditions by test then variable; JSON keys of maps sorted (Go's encoding/json),
// statement fields in struct order; "&{" becomes "${"; HTML characters escaped as \u00XX.

type PolicyStatement = Record<string, unknown>;

/** One value as itself, several sorted in reverse, duplicates dropped (the schema's sets). */
function setValue(values: unknown): unknown {
  const list = [...new Set((Array.isArray(values) ? values : []).map(String))];
  if (list.length === 1) return list[0];
  return list.sort().reverse();
}

const replaceVariables = (value: unknown): unknown =>
  typeof value === "string" ? value.replace(/&\{/g, "${") : Array.isArray(value) ? value.map(replaceVariables) : value;

const sortedObject = (entries: [string, unknown][]): Props =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function principals(blocks: unknown): unknown {
  const list = (Array.isArray(blocks) ? blocks : []).filter(isObject);
  if (list.length === 0) return undefined;
  const identifiersOf = (block: Props) => replaceVariables(setValue(block.identifiers));
  if (list.length === 1 && list[0].type === "*" && identifiersOf(list[0]) === "*") return "*";
  const byType = new Map<string, unknown>();
  for (const block of list) {
    const type = String(block.type);
    const identifiers = identifiersOf(block);
    const before = byType.get(type);
    if (before === undefined) byType.set(type, identifiers);
    else byType.set(type, [...[before].flat(), ...[identifiers].flat()]);
  }
  return sortedObject([...byType]);
}

function conditions(blocks: unknown): unknown {
  const list = (Array.isArray(blocks) ? blocks : []).filter(isObject);
  if (list.length === 0) return undefined;
  const byTest = new Map<string, Map<string, string[]>>();
  for (const block of list) {
    const variables = byTest.get(String(block.test)) ?? new Map<string, string[]>();
    byTest.set(String(block.test), variables);
    const values = (Array.isArray(block.values) ? block.values : []).map((value) => String(replaceVariables(value)));
    variables.set(String(block.variable), [...(variables.get(String(block.variable)) ?? []), ...values]);
  }
  return sortedObject(
    [...byTest].map(([test, variables]) => [
      test,
      sortedObject([...variables].map(([variable, values]) => [variable, values.length === 1 ? values[0] : values])),
    ]),
  );
}

function renderStatement(statement: Props): PolicyStatement {
  const rendered: PolicyStatement = {
    Sid: typeof statement.sid === "string" && statement.sid !== "" ? statement.sid : undefined,
    Effect: statement.effect ?? "Allow",
    Action: Array.isArray(statement.actions) && statement.actions.length > 0 ? setValue(statement.actions) : undefined,
    NotAction:
      Array.isArray(statement.notActions) && statement.notActions.length > 0
        ? setValue(statement.notActions)
        : undefined,
    Resource:
      Array.isArray(statement.resources) && statement.resources.length > 0
        ? replaceVariables(setValue(statement.resources))
        : undefined,
    NotResource:
      Array.isArray(statement.notResources) && statement.notResources.length > 0
        ? replaceVariables(setValue(statement.notResources))
        : undefined,
    Principal: principals(statement.principals),
    NotPrincipal: principals(statement.notPrincipals),
    Condition: conditions(statement.conditions),
  };
  for (const key of Object.keys(rendered)) if (rendered[key] === undefined) delete rendered[key];
  return rendered;
}

/** Go's encoding/json escapes these characters inside strings. */
const goJson = (text: string) =>
  text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** CRC-32 (IEEE), as the provider hashes the JSON for the data source's id. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A statement of a source or override document as the provider re-renders it after reading it:
 * fields in struct order, a principal string as "*", principal lists sorted in reverse,
 * condition keys sorted, a one-element condition list as its value, a boolean as a string.
 */
function reRendered(statement: Props): PolicyStatement {
  const principal = (value: unknown): unknown => {
    if (typeof value === "string") return "*";
    if (!isObject(value)) return undefined;
    const entries = Object.entries(value).map(([type, ids]): [string, unknown] => [
      type,
      Array.isArray(ids) ? ids.map(String).sort().reverse() : ids,
    ]);
    return entries.length > 0 ? sortedObject(entries) : undefined;
  };
  const condition = (value: unknown): unknown => {
    if (!isObject(value)) return undefined;
    const tests = Object.entries(value).map(([test, variables]): [string, unknown] => [
      test,
      sortedObject(
        Object.entries(isObject(variables) ? variables : {}).map(([variable, values]): [string, unknown] => [
          variable,
          Array.isArray(values)
            ? values.length === 1
              ? String(values[0])
              : values.map(String)
            : typeof values === "boolean"
              ? String(values)
              : values,
        ]),
      ),
    ]);
    return tests.length > 0 ? sortedObject(tests) : undefined;
  };
  const rendered: PolicyStatement = {
    Sid: statement.Sid || undefined,
    Effect: statement.Effect || undefined,
    Action: statement.Action,
    NotAction: statement.NotAction,
    Resource: statement.Resource,
    NotResource: statement.NotResource,
    Principal: principal(statement.Principal),
    NotPrincipal: principal(statement.NotPrincipal),
    Condition: condition(statement.Condition),
  };
  for (const key of Object.keys(rendered)) if (rendered[key] === undefined) delete rendered[key];
  return rendered;
}

interface ParsedDocument {
  version?: string;
  id?: string;
  statements: PolicyStatement[];
}

function parsedDocuments(documents: unknown, input: string): ParsedDocument[] {
  return (Array.isArray(documents) ? documents : [])
    .filter((document): document is string => typeof document === "string")
    .map((document, index) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch (error) {
        throw new UsageError(`getPolicyDocument: ${input}[${index}] is not JSON (${(error as Error).message})`);
      }
      if (!isObject(parsed)) throw new UsageError(`getPolicyDocument: ${input}[${index}] is not a policy document`);
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [];
      return {
        version: typeof parsed.Version === "string" ? parsed.Version : undefined,
        id: typeof parsed.Id === "string" && parsed.Id !== "" ? parsed.Id : undefined,
        statements: statements.filter(isObject).map(reRendered),
      };
    });
}

/** Statements with a Sid replace the earlier statement of that Sid; others append (the provider's Merge). */
function merge(into: PolicyStatement[], statements: PolicyStatement[]): void {
  for (const statement of statements) {
    const sid = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined;
    const existing = sid === undefined ? -1 : into.findIndex((other) => other.Sid === sid);
    if (existing === -1) into.push(statement);
    else into[existing] = statement;
  }
}

/** The outputs of aws.iam.getPolicyDocument for the given inputs. */
export function policyDocument(inputs: Props): Props {
  const own: ParsedDocument = {
    version: typeof inputs.version === "string" ? inputs.version : "2012-10-17",
    id: typeof inputs.policyId === "string" && inputs.policyId !== "" ? inputs.policyId : undefined,
    statements: (Array.isArray(inputs.statements) ? inputs.statements : []).filter(isObject).map(renderStatement),
  };
  // Sources first, then the document's own statements, then overrides; a later version wins
  // over an earlier one only when it is newer, a later Id always (the provider's Merge).
  const documents = [
    ...parsedDocuments(inputs.sourcePolicyDocuments, "sourcePolicyDocuments"),
    own,
    ...parsedDocuments(inputs.overridePolicyDocuments, "overridePolicyDocuments"),
  ];
  const statements: PolicyStatement[] = [];
  let version = "";
  let id: string | undefined;
  for (const document of documents) {
    if (document.version !== undefined && document.version > version) version = document.version;
    id = document.id ?? id;
    merge(statements, document.statements);
  }
  const document: Props = {};
  if (version !== "") document.Version = version;
  if (id !== undefined) document.Id = id;
  if (statements.length > 0) document.Statement = statements;
  const json = goJson(JSON.stringify(document, null, 2));
  return {
    id: String(crc32(json)),
    json,
    minifiedJson: goJson(JSON.stringify(document)),
    version: own.version,
    statements: inputs.statements,
  };
}

// ---- recording -----------------------------------------------------------------------------

interface Recording {
  settings: MockSettings;
  registered: Registered;
  /** Planned or deployed states computed at registration, handed to `newResource` (per type and name). */
  pendingStates: Map<string, Props[]>;
  unanswered: string[];
  /** Region of each explicit `aws.Provider` the program registered, by URN. */
  providerRegions: Map<string, string>;
  /** Rejections the program left unhandled (the SDK rejects registrations whose inputs failed). */
  rejections: unknown[];
  listener: (reason: unknown) => void;
}

const recordings = new WeakMap<StackResource[], Recording>();

/**
 * Regional resources of the AWS provider 7 have a `region` attribute (Optional+Computed): unset,
 * the provider's region, known at plan (Terraform AWS provider 6, "Enhanced Region Support").
 * IAM is global and has none.
 */
function withProviderRegion(type: string, state: Props, region: string): Props {
  if (!type.startsWith("aws:") || type.startsWith("aws:iam/") || state.region !== undefined) return state;
  return { ...state, region };
}

/**
 * The settings a registration or invoke runs with: those of the explicit provider it names
 * (`<provider urn>::<provider id>`) when that provider sets a region, else the stack's.
 */
function settingsFor(recording: Recording, providerReference: string | undefined): MockSettings {
  const urn = providerReference?.slice(0, providerReference.lastIndexOf("::"));
  const region = urn ? recording.providerRegions.get(urn) : undefined;
  return region && region !== recording.settings.region
    ? { ...recording.settings, region, availabilityZones: undefined }
    : recording.settings;
}

export class AwsMocks implements PulumiModule.runtime.Mocks {
  constructor(private readonly recording: Recording) {}

  newResource(args: PulumiModule.runtime.MockResourceArgs): { id: string | undefined; state: Props } {
    const pending = this.recording.pendingStates.get(`${args.type}::${args.name}`)?.shift();
    if (pending) {
      const id = pending.id;
      return { id: typeof id === "string" && !isUnknown(id) ? id : undefined, state: pending };
    }
    if (args.type === STACK_REFERENCE) {
      // A read of another stack: pulumi preview knows its outputs; offline they come from an export, else unknown.
      const stack = String(args.inputs.name ?? args.name);
      const outputs = this.recording.settings.stackOutputs?.(stack);
      if (!outputs && this.recording.settings.form === "deployed")
        throw new UsageError(
          `StackReference ${stack}: offline, its outputs come from an export of that stack; pass --context <file written by \`pulumi stack export --stack ${stack}\`>`,
        );
      return { id: stack, state: { name: stack, outputs: outputs ?? UNKNOWN, secretOutputNames: [] } };
    }
    // A read of an existing resource (`aws.ec2.Vpc.get`): it is outside the stack, as it is.
    const state: Props = { ...args.inputs };
    return { id: args.id ?? undefined, state: { ...state, id: args.id } };
  }

  call(args: PulumiModule.runtime.MockCallArgs): Props {
    try {
      const settings = settingsFor(this.recording, args.provider);
      return new Lookups(settings, this.recording.registered).answer(args.token, args.inputs as Props);
    } catch (error) {
      if (error instanceof UnansweredLookupError) this.recording.unanswered.push(args.token);
      throw error;
    }
  }
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): { toJavaScript(): Props } | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface RegisterResponse {
  getUrn(): string;
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: (error: unknown, response?: RegisterResponse) => void): void;
}

/**
 * Installs the mocks on the program's own `@pulumi/pulumi` (`pulumiModule`) and records every
 * resource registration. Returns the recorded stack, filled in as registrations complete (the
 * order of the engine's snapshot, which `AnalyzeStack` gets); call `finishRecording` once the
 * program has run.
 */
export async function recordWithMocks(
  pulumiModule: typeof PulumiModule,
  settings: MockSettings,
  project: string,
  stack: string,
): Promise<StackResource[]> {
  const recorded: StackResource[] = [];
  const recording: Recording = {
    settings,
    registered: { subnets: new Map(), vpcs: new Map() },
    pendingStates: new Map(),
    unanswered: [],
    providerRegions: new Map(),
    rejections: [],
    listener: (reason) => recording.rejections.push(reason),
  };
  recordings.set(recorded, recording);
  // Without a listener Node ends the process (exit 1, no report) on the first rejection the SDK
  // leaves unhandled, e.g. a resource whose input came from a lookup that failed.
  process.on("unhandledRejection", recording.listener);
  await pulumiModule.runtime.setMocks(new AwsMocks(recording), project, stack, settings.form === "preview");
  const monitor = pulumiModule.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    const type = request.getType();
    const name = request.getName();
    const custom = request.getCustom();
    const inputs = custom
      ? checkInputs(type, name, asEngineSends(request.getObject()?.toJavaScript() ?? {}) as Props)
      : (asEngineSends(request.getObject()?.toJavaScript() ?? {}) as Props);
    const providerSettings = settingsFor(recording, request.getProvider());
    const state = !custom
      ? inputs
      : settings.form === "preview"
        ? plannedState(type, inputs)
        : deployedState(type, name, inputs, providerSettings);
    const properties = custom ? withProviderRegion(type, state, providerSettings.region) : state;
    const key = `${type}::${name}`;
    recording.pendingStates.set(key, [...(recording.pendingStates.get(key) ?? []), properties]);
    register(request, (error, response) => {
      if (!error && response) {
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
        if (typeof properties.id === "string" && !isUnknown(properties.id)) {
          if (type === "aws:ec2/subnet:Subnet") recording.registered.subnets.set(properties.id, properties);
          if (type === "aws:ec2/vpc:Vpc") recording.registered.vpcs.set(properties.id, properties);
        }
        const resource: StackResource = {
          type,
          urn: response.getUrn(),
          name,
          inputs,
          properties,
          parent: request.getParent() || undefined,
          dependencies: request.getDependenciesList(),
          propertyDependencies,
        };
        if (type === "pulumi:providers:aws" && typeof inputs.region === "string")
          recording.providerRegions.set(resource.urn, inputs.region);
        recorded.push(resource);
      }
      callback(error, response);
    });
  };
  return recorded;
}

/**
 * Ends a recording once the program has run (after `runtime.disconnect()`): stops catching the
 * program's unhandled rejections, and throws a UsageError (exit 2) naming the first lookup the
 * mocks could not answer, or the first error the program left unhandled.
 */
export async function finishRecording(
  resources: StackResource[],
  options: {
    /** Tests that make a program fail on purpose assert the failure themselves. */
    tolerateProgramErrors?: boolean;
  } = {},
): Promise<void> {
  const recording = recordings.get(resources);
  if (!recording) throw new Error("finishRecording: these resources were not recorded by recordWithMocks");
  // Rejections surface on the next turns of the event loop.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  process.off("unhandledRejection", recording.listener);
  if (recording.unanswered.length > 0) throw new UnansweredLookupError(recording.unanswered[0]);
  if (recording.rejections.length > 0 && !options.tolerateProgramErrors) {
    const first = recording.rejections[0];
    throw new UsageError(
      `the program failed: ${first instanceof Error ? (first.stack ?? first.message) : String(first)}`,
    );
  }
}
