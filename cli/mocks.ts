/**
 * Runs a Pulumi program without the engine: `pulumi.runtime.setMocks` answers resource
 * registrations and invokes like AWS would, and every registration is recorded as the
 * engine would send it to a policy pack (inputs with unknowns, parent, dependencies,
 * property dependencies). "preview" mimics a first `pulumi preview` (ids and ARNs of new
 * resources unknown); "deployed" mimics the state after `pulumi up` (every id known).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "./analyzerClient";

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

/** Resource name properties the provider fills in (autonaming) when the program gives none. */
const AUTONAMED: Record<string, string> = {
  "aws:iam/role:Role": "name",
  "aws:iam/policy:Policy": "name",
  "aws:ecr/repository:Repository": "name",
  "aws:cloudwatch/logGroup:LogGroup": "name",
  "aws:secretsmanager/secret:Secret": "name",
  "aws:ssm/parameter:Parameter": "name",
  "aws:ecs/cluster:Cluster": "name",
  "aws:ecs/service:Service": "name",
  "aws:ec2/securityGroup:SecurityGroup": "name",
  "aws:ecs/taskDefinition:TaskDefinition": "family",
};

const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/networkAcl:NetworkAcl": "acl",
  "aws:kms/key:Key": "key",
};

/** A short, stable pseudo-random suffix from a name (same program, same ids). */
function suffix(name: string, length: number): string {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(36).padStart(length, "0").slice(-length);
}

function deployedOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  settings: MockSettings,
): Record<string, unknown> {
  const { region, accountId } = settings;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const resourceName = String(inputs.name ?? name);
  switch (type) {
    case "aws:iam/role:Role":
      return { id: resourceName, arn: `arn:aws:iam::${accountId}:role/${resourceName}`, name: resourceName };
    case "aws:iam/policy:Policy":
      return {
        id: `arn:aws:iam::${accountId}:policy/${resourceName}`,
        arn: `arn:aws:iam::${accountId}:policy/${resourceName}`,
      };
    case "aws:ecr/repository:Repository":
      return {
        id: resourceName,
        arn: arn("ecr", `repository/${resourceName}`),
        repositoryUrl: `${accountId}.dkr.ecr.${region}.amazonaws.com/${resourceName}`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: resourceName, arn: arn("logs", `log-group:${resourceName}`) };
    case "aws:secretsmanager/secret:Secret": {
      const secretArn = arn("secretsmanager", `secret:${resourceName}-${suffix(resourceName, 6)}`);
      return { id: secretArn, arn: secretArn };
    }
    case "aws:ssm/parameter:Parameter": {
      const parameter = resourceName.startsWith("/") ? resourceName : `/${resourceName}`;
      return { id: resourceName, arn: arn("ssm", `parameter${parameter}`) };
    }
    case "aws:kms/key:Key": {
      const keyId = `${suffix(name, 8)}-0000-4000-8000-${suffix(`${name}k`, 12)}`;
      return { id: keyId, keyId, arn: arn("kms", `key/${keyId}`) };
    }
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
    case "aws:ec2/vpc:Vpc":
      return {
        id: `vpc-${suffix(name, 17)}`,
        mainRouteTableId: `rtb-main${suffix(name, 13)}`,
        defaultNetworkAclId: `acl-${suffix(name, 17)}`,
        defaultSecurityGroupId: `sg-${suffix(`${name}d`, 17)}`,
      };
    default: {
      const prefix = ID_PREFIX[type] ?? type.split(":").pop()!.toLowerCase();
      return { id: `${prefix}-${suffix(`${type}${name}`, 17)}` };
    }
  }
}

export class AwsMocks implements pulumi.runtime.Mocks {
  constructor(readonly settings: MockSettings) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    if (args.type === STACK_REFERENCE) {
      // A read of another stack: pulumi preview knows its outputs; offline they come from an export, else unknown.
      const stack = String(args.inputs.name ?? args.name);
      const outputs = this.settings.stackOutputs?.(stack);
      if (!outputs && this.settings.form === "deployed")
        throw new Error(
          `StackReference ${stack}: offline, its outputs come from an export of that stack; pass --context <file written by \`pulumi stack export --stack ${stack}\`>`,
        );
      return {
        id: stack,
        state: { name: stack, outputs: outputs ?? pulumi.runtime.unknownValue, secretOutputNames: [] },
      };
    }
    const state: Record<string, unknown> = { ...args.inputs };
    const nameProperty = AUTONAMED[args.type];
    if (nameProperty && state[nameProperty] === undefined) state[nameProperty] = `${args.name}-${suffix(args.name, 7)}`;
    if (this.settings.form === "preview") {
      // A first preview: the planned inputs, no id, every computed output unknown.
      return { id: undefined, state };
    }
    const outputs = deployedOutputs(args.type, args.name, state, this.settings);
    return { id: String(outputs.id), state: { ...state, ...outputs } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const { region, accountId } = this.settings;
    const zones = this.settings.availabilityZones ?? ["a", "b", "c"].map((letter) => `${region}${letter}`);
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId, arn: `arn:aws:iam::${accountId}:user/offline`, userId: "AIDAOFFLINE", id: accountId };
      case "aws:index/getRegion:getRegion":
        return { name: region, region, id: region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
      case "aws:index/getPartition:getPartition":
        return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return { names: zones, zoneIds: zones.map((_, i) => `use1-az${i + 1}`), id: region };
      case "aws:ec2/getSubnet:getSubnet": {
        // A subnet of the program: answer from what it registered; otherwise a subnet in the first AZ.
        const id = String(args.inputs.id ?? "");
        const known = registry.subnets.get(id);
        return {
          id,
          // Not the program's: spread unknown subnets over the zones, stably by id.
          availabilityZone: known?.availabilityZone ?? zones[parseInt(suffix(id, 4), 36) % zones.length],
          vpcId: known?.vpcId ?? "",
          cidrBlock: known?.cidrBlock ?? "10.0.0.0/24",
        };
      }
      case "aws:ec2/getVpc:getVpc":
        return { id: args.inputs.id, cidrBlock: registry.vpcCidrs.get(String(args.inputs.id)) ?? "10.0.0.0/16" };
      default:
        throw new Error(`fargate-preflight's offline mocks do not answer ${args.token}`);
    }
  }
}

/** Subnets and VPCs the program registered, so lookups by id answer consistently. */
const registry = {
  subnets: new Map<string, { availabilityZone?: string; vpcId?: string; cidrBlock?: string }>(),
  vpcCidrs: new Map<string, string>(),
};

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: (error: unknown, response?: RegisterResponse) => void): void;
}

/**
 * Installs the mocks and records every resource registration. Returns the recorded stack,
 * filled in as registrations complete.
 */
export async function recordWithMocks(
  settings: MockSettings,
  project = "offline",
  stack = "dev",
): Promise<StackResource[]> {
  const recorded: StackResource[] = [];
  registry.subnets.clear();
  registry.vpcCidrs.clear();
  await pulumi.runtime.setMocks(new AwsMocks(settings), project, stack, settings.form === "preview");
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    register(request, (error, response) => {
      if (!error && response) {
        const inputs = request.getObject()?.toJavaScript() ?? {};
        const state = response.getObject()?.toJavaScript() ?? {};
        // Inputs keep the engine's unknown markers; the state adds what the provider fills in.
        const properties: Record<string, unknown> =
          settings.form === "preview" ? { ...state, ...inputs } : { ...inputs, ...state };
        if (response.getId()) properties.id = response.getId();
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
        const type = request.getType();
        if (type === "aws:ec2/subnet:Subnet" && typeof properties.id === "string") {
          registry.subnets.set(properties.id, {
            availabilityZone: properties.availabilityZone as string,
            vpcId: properties.vpcId as string,
            cidrBlock: properties.cidrBlock as string,
          });
        }
        if (type === "aws:ec2/vpc:Vpc" && typeof properties.id === "string")
          registry.vpcCidrs.set(properties.id, String(properties.cidrBlock));
        recorded.push({
          type,
          urn: response.getUrn(),
          name: request.getName(),
          properties,
          parent: request.getParent() || undefined,
          dependencies: request.getDependenciesList(),
          propertyDependencies,
        });
      }
      callback(error, response);
    });
  };
  return recorded;
}
