/**
 * Answers to lookups that real Fargate programs make on the way to their services but that no
 * rule reads: the hosted zone and certificate of an HTTPS load balancer, the AMI of a bastion
 * or of EC2 capacity, the ECR credentials a docker build pushes with, AWS's public SSM
 * parameters. Without an answer the offline run stops (exit 2) on programs whose Fargate
 * services it could otherwise check. The answers have AWS's forms and are stable per input;
 * nothing here is a fact about the account, so nothing that decides a verdict is looked up here
 * (network, IAM, secrets, keys, repositories and log groups are answered in lookups.ts).
 */
import { partitionForRegion } from "../../model";
import type { Properties } from "../stack-resource";
import { filterValues } from "./lookup-filters";
import { ecrRegistryHost, hexOf, regionalArn, type SimulationSettings } from "./names";

type Answer = (inputs: Properties, settings: SimulationSettings) => Properties;

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const amiId = (seed: string) => `ami-${hexOf(seed, 17)}`;

/**
 * An AMI's name for a name filter: the wildcards filled in (AWS matches `*` and `?`), so a
 * program that parses the name still finds its parts.
 */
const amiName = (pattern: string) => pattern.replace(/\*/g, "2026.11.0").replace(/\?/g, "0");

/**
 * The value of one of AWS's public parameters under `/aws/service/`. The ECS-optimized AMI
 * parameter `…/recommended` is a JSON document of the AMI's metadata, and each of its fields is
 * also a sub-parameter (`…/recommended/image_id`); the AMI parameters of Amazon Linux, Windows,
 * Bottlerocket and Canonical give an AMI id.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters-ami.html
 */
export function publicParameterValue(name: string): string | undefined {
  if (!name.startsWith("/aws/service/")) return undefined;
  const ecs = /^(\/aws\/service\/ecs\/optimized-ami\/.+?\/(?:recommended|[^/]+-ecs-[^/]+))(?:\/([a-z_]+))?$/.exec(name);
  if (ecs) {
    const [, base, field] = ecs;
    const metadata: Record<string, string | number> = {
      ecs_agent_version: "1.90.0",
      ecs_runtime_version: "Docker version 25.0.8",
      image_id: amiId(base),
      image_name: `${base.split("/")[5] ?? "amazon-linux"}-ecs-hvm-2026.11.0-x86_64`,
      image_version: "2026.11.0",
      os: base.includes("windows") ? "Windows" : "Amazon Linux",
      schema_version: 1,
      source_image_name: `${base.split("/")[5] ?? "amazon-linux"}-2026.11.0-x86_64`,
    };
    if (field === undefined) return JSON.stringify(metadata);
    return field in metadata ? String(metadata[field]) : undefined;
  }
  if (/^\/aws\/service\/(ami-amazon-linux-latest|ami-windows-latest|bottlerocket|canonical|debian|suse)\//.test(name))
    return amiId(name);
  return undefined;
}

/** Lookups answered here, by invoke token. */
const ANSWERS: ReadonlyMap<string, Answer> = new Map<string, Answer>([
  [
    "aws:route53/getZone:getZone",
    (inputs) => {
      const name = (text(inputs.name) ?? "example.com").replace(/\.$/, "");
      const zoneId = text(inputs.zoneId) ?? `Z0${hexOf(name, 19).toUpperCase()}`;
      const servers = [".com", ".net", ".org", ".co.uk"].map(
        (suffix, i) => `ns-${parseInt(hexOf(`${name}${i}`, 3), 16) % 2048}.awsdns-${i}${hexOf(name, 1)}${suffix}`,
      );
      return {
        id: zoneId,
        zoneId,
        name,
        arn: `arn:aws:route53:::hostedzone/${zoneId}`,
        callerReference: hexOf(`${name}caller`, 16),
        comment: "",
        nameServers: servers,
        primaryNameServer: servers[0],
        privateZone: inputs.privateZone === true,
        resourceRecordSetCount: 2,
        linkedServiceDescription: "",
        linkedServicePrincipal: "",
        tags: {},
        vpcId: text(inputs.vpcId) ?? "",
      };
    },
  ],
  [
    "aws:acm/getCertificate:getCertificate",
    (inputs, settings) => {
      const domain = text(inputs.domain) ?? "example.com";
      const id = `${hexOf(domain, 8)}-${hexOf(`${domain}1`, 4)}-4${hexOf(`${domain}2`, 3)}-8${hexOf(`${domain}3`, 3)}-${hexOf(`${domain}4`, 12)}`;
      const arn = regionalArn(settings, "acm", `certificate/${id}`);
      return {
        id: arn,
        arn,
        domain,
        status: "ISSUED",
        statuses: Array.isArray(inputs.statuses) ? inputs.statuses : ["ISSUED"],
        keyTypes: Array.isArray(inputs.keyTypes) ? inputs.keyTypes : ["RSA_2048"],
        types: Array.isArray(inputs.types) ? inputs.types : ["AMAZON_ISSUED"],
        mostRecent: inputs.mostRecent === true,
        certificate: "",
        certificateChain: "",
        tags: {},
      };
    },
  ],
  [
    "aws:ec2/getAmi:getAmi",
    (inputs, settings) => {
      const seed = JSON.stringify(inputs);
      const id = amiId(seed);
      const pattern = filterValues(inputs, "name")?.[0];
      const architecture = filterValues(inputs, "architecture")?.[0] ?? "x86_64";
      const owners = Array.isArray(inputs.owners) ? inputs.owners.map(String) : [];
      return {
        id,
        imageId: id,
        arn: `arn:${partitionForRegion(settings.region).partition}:ec2:${settings.region}::image/${id}`,
        name: pattern ? amiName(pattern) : `image-${hexOf(seed, 8)}`,
        architecture,
        ownerId: owners.find((owner) => /^\d{12}$/.test(owner)) ?? "137112412989",
        imageOwnerAlias: owners.includes("amazon") ? "amazon" : "",
        owners,
        state: "available",
        public: true,
        platform: "",
        platformDetails: "Linux/UNIX",
        rootDeviceName: "/dev/xvda",
        rootDeviceType: "ebs",
        virtualizationType: "hvm",
        hypervisor: "xen",
        imageType: "machine",
        enaSupport: true,
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volume_size: "8", volume_type: "gp3", delete_on_termination: "true", encrypted: "false" },
            noDevice: "",
            virtualName: "",
          },
        ],
        creationDate: "2026-11-01T00:00:00.000Z",
        description: "",
        tags: {},
      };
    },
  ],
  [
    "aws:ecr/getAuthorizationToken:getAuthorizationToken",
    (inputs, settings) => {
      const registryId = text(inputs.registryId) ?? settings.accountId;
      const password = hexOf(`${registryId}token`, 32);
      return {
        id: settings.region,
        registryId,
        userName: "AWS",
        password,
        authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
        proxyEndpoint: `https://${ecrRegistryHost(registryId, settings.region)}`,
        expiresAt: "2026-12-31T00:00:00Z",
      };
    },
  ],
  [
    "aws:ecr/getCredentials:getCredentials",
    (inputs, settings) => {
      const registryId = text(inputs.registryId) ?? settings.accountId;
      return {
        id: registryId,
        registryId,
        authorizationToken: Buffer.from(`AWS:${hexOf(`${registryId}token`, 32)}`).toString("base64"),
        proxyEndpoint: `https://${ecrRegistryHost(registryId, settings.region)}`,
        expiresAt: "2026-12-31T00:00:00Z",
      };
    },
  ],
]);

/** The answer to a lookup that no rule reads, or undefined when `token` is not one. */
export function incidentalLookup(
  token: string,
  inputs: Properties,
  settings: SimulationSettings,
): Properties | undefined {
  return ANSWERS.get(token)?.(inputs, settings);
}
