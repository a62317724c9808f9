/**
 * Answers to the data sources (invokes) real programs call, as AWS would answer them for the
 * simulated account and region. Everything looked up that the program did not register is
 * outside the stack: it gets an id of AWS's form (`vpc-…`, `subnet-…`) that no resource of the
 * stack has, so the pack reports what it could not check. An invoke without an answer here is
 * an UnansweredLookupError.
 */
import { partitionForRegion } from "../../model";
import type { Properties } from "../stack-resource";
import { UnansweredLookupError } from "./errors";
import {
  availabilityZones,
  ecrRegistryHost,
  hexOf,
  pickZone,
  regionalArn,
  zoneId,
  type SimulationSettings,
} from "./names";
import { policyDocument } from "./policy-document";
import { incidentalLookup, publicParameterValue } from "./incidental-lookups";
import { filterValues } from "./lookup-filters";

/** Resources the program registered, so lookups by their ids answer consistently (deployed form). */
export interface Registered {
  subnets: Map<string, Properties>;
  vpcs: Map<string, Properties>;
}

/** The default VPC's CIDR block (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc-components.html). */
const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/** The answers for one provider's region and account, over the resources the program registered. */
export class Lookups {
  constructor(
    private readonly settings: SimulationSettings,
    private readonly registered: Registered,
  ) {}

  private arn(service: string, resource: string) {
    return regionalArn(this.settings, service, resource);
  }

  get defaultVpcId() {
    return `vpc-${hexOf(`${this.settings.region}default-vpc`, 17)}`;
  }

  /** The default VPC's subnets: one public subnet per zone (AWS creates them so). */
  private defaultSubnets(): Properties[] {
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

  private outsideSubnets(vpcId: string): Properties[] {
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

  private subnetsOf(vpcId: string): Properties[] {
    const own = [...this.registered.subnets.values()].filter((subnet) => subnet.vpcId === vpcId);
    if (own.length > 0) return own;
    return vpcId === this.defaultVpcId ? this.defaultSubnets() : this.outsideSubnets(vpcId);
  }

  private subnetById(id: string): Properties {
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

  private vpc(id: string): Properties {
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

  private vpcIdOf(inputs: Properties): string {
    const fromFilter = filterValues(inputs, "vpc-id")?.[0];
    if (typeof inputs.vpcId === "string") return inputs.vpcId;
    if (fromFilter) return fromFilter;
    return this.defaultVpcId;
  }

  answer(token: string, inputs: Properties): Properties {
    const { region, accountId } = this.settings;
    const zones = availabilityZones(this.settings);
    switch (token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId,
          arn: `arn:${partitionForRegion(region).partition}:iam::${accountId}:user/offline`,
          userId: "AIDAOFFLINE",
          id: accountId,
        };
      case "aws:index/getRegion:getRegion":
        return {
          name: region,
          region,
          id: region,
          description: region,
          endpoint: `ec2.${region}.${partitionForRegion(region).dnsSuffix}`,
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
            : (filterValues(inputs, "vpc-id")?.[0] ?? (inputs.default === true ? this.defaultVpcId : undefined));
        return this.vpc(id ?? `vpc-${hexOf(JSON.stringify(inputs), 17)}`);
      }
      case "aws:ec2/getVpcs:getVpcs":
        return { id: region, ids: [this.defaultVpcId] };
      // getSubnetIds is getSubnets' name in @pulumi/aws 4 and 5 (awsx classic's default VPC calls it).
      case "aws:ec2/getSubnetIds:getSubnetIds":
      case "aws:ec2/getSubnets:getSubnets": {
        const subnets = this.subnetsOf(this.vpcIdOf(inputs));
        const zonesWanted = filterValues(inputs, "availability-zone");
        return {
          id: region,
          ids: subnets
            .filter((subnet) => !zonesWanted || zonesWanted.includes(String(subnet.availabilityZone)))
            .map((subnet) => subnet.id),
          ...(token === "aws:ec2/getSubnetIds:getSubnetIds" ? { vpcId: this.vpcIdOf(inputs) } : {}),
        };
      }
      case "aws:ec2/getSubnet:getSubnet": {
        if (typeof inputs.id === "string") return this.subnetById(inputs.id);
        const zone = (inputs.availabilityZone as string | undefined) ?? filterValues(inputs, "availability-zone")?.[0];
        const subnets = this.subnetsOf(this.vpcIdOf(inputs));
        return subnets.find((subnet) => !zone || subnet.availabilityZone === zone) ?? subnets[0];
      }
      case "aws:ec2/getSecurityGroup:getSecurityGroup": {
        const name = (inputs.name as string | undefined) ?? filterValues(inputs, "group-name")?.[0] ?? "default";
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
        const serviceName = (inputs.serviceName as string | undefined) ?? filterValues(inputs, "service-name")?.[0];
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
          filterValues(inputs, "prefix-list-name")?.[0] ??
          `com.amazonaws.${region}.s3`;
        const id = typeof inputs.prefixListId === "string" ? inputs.prefixListId : `pl-${hexOf(name, 8)}`;
        return { id, name, cidrBlocks: [] };
      }
      case "aws:iam/getRole:getRole": {
        const name = String(inputs.name);
        return {
          id: name,
          name,
          arn: `arn:${partitionForRegion(region).partition}:iam::${accountId}:role/${name}`,
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
        // AWS's public parameters have known forms (a JSON document, an AMI id); the account's own are unknowable offline.
        const value = publicParameterValue(path) ?? "offline-value";
        return {
          id: name,
          name,
          // A public parameter's ARN names no account (arn:aws:ssm:<region>::parameter/aws/service/...).
          arn: path.startsWith("/aws/service/")
            ? `arn:${partitionForRegion(region).partition}:ssm:${region}::parameter${path}`
            : this.arn("ssm", `parameter${path}`),
          type: "String",
          value,
          insecureValue: value,
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
          repositoryUrl: `${ecrRegistryHost(String(inputs.registryId ?? accountId), region)}/${name}`,
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
      default: {
        const incidental = incidentalLookup(token, inputs, this.settings);
        if (incidental) return incidental;
        throw new UnansweredLookupError(token);
      }
    }
  }
}
