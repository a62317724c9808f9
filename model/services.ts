/**
 * The AWS services a Fargate task talks to before its container starts, with the VPC
 * endpoint each one is reached through.
 */
import { partitionForRegion } from "./partition";

export type AwsServiceKey =
  | "ecr.api"
  | "ecr.dkr"
  | "s3"
  | "logs"
  | "secretsmanager"
  | "ssm"
  | "ssmmessages"
  | "kms"
  | "ecs"
  | "ecs-agent"
  | "ecs-telemetry";

export type EndpointType = "Interface" | "Gateway";

export interface AwsService {
  key: AwsServiceKey;
  /** What a user calls it in a message. */
  title: string;
  /** The endpoint type that serves Fargate start-up traffic (S3: only a gateway serves ECR layers). */
  endpointType: EndpointType;
  /** ECR's registry host (`<acct>.dkr.ecr...`) is reachable only through private DNS on ecr.dkr. */
  privateDnsRequired: boolean;
  /**
   * In the China partition some services' endpoint names start with `cn.com.amazonaws`,
   * others with `com.amazonaws` (observed in DescribeVpcEndpointServices of cn-north-1).
   */
  chinaPrefixed: boolean;
  /** Public host name, for messages and for the "internet" path. */
  host: (region: string) => string;
}

function host(prefix: string): (region: string) => string {
  return (region) => `${prefix}.${region}.${partitionForRegion(region).dnsSuffix}`;
}

export const AWS_SERVICES: Readonly<Record<AwsServiceKey, AwsService>> = {
  "ecr.api": {
    key: "ecr.api",
    title: "Amazon ECR API",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: true,
    host: (region) => `api.ecr.${region}.${partitionForRegion(region).dnsSuffix}`,
  },
  "ecr.dkr": {
    key: "ecr.dkr",
    title: "Amazon ECR Docker registry",
    endpointType: "Interface",
    privateDnsRequired: true,
    chinaPrefixed: true,
    host: (region) => `<account>.dkr.ecr.${region}.${partitionForRegion(region).dnsSuffix}`,
  },
  s3: {
    key: "s3",
    title: "Amazon S3",
    endpointType: "Gateway",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("s3"),
  },
  logs: {
    key: "logs",
    title: "CloudWatch Logs",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("logs"),
  },
  secretsmanager: {
    key: "secretsmanager",
    title: "AWS Secrets Manager",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("secretsmanager"),
  },
  ssm: {
    key: "ssm",
    title: "AWS Systems Manager Parameter Store",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("ssm"),
  },
  ssmmessages: {
    key: "ssmmessages",
    title: "Systems Manager Session Manager messages (ECS Exec)",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("ssmmessages"),
  },
  kms: {
    key: "kms",
    title: "AWS KMS",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("kms"),
  },
  ecs: {
    key: "ecs",
    title: "Amazon ECS",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("ecs"),
  },
  "ecs-agent": {
    key: "ecs-agent",
    title: "Amazon ECS agent",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("ecs-a"),
  },
  "ecs-telemetry": {
    key: "ecs-telemetry",
    title: "Amazon ECS telemetry",
    endpointType: "Interface",
    privateDnsRequired: false,
    chinaPrefixed: false,
    host: host("ecs-t"),
  },
};

export const AWS_SERVICE_KEYS = Object.keys(AWS_SERVICES) as AwsServiceKey[];

export function isAwsServiceKey(value: string): value is AwsServiceKey {
  return Object.prototype.hasOwnProperty.call(AWS_SERVICES, value);
}

/** The VPC endpoint service name, e.g. `com.amazonaws.eu-west-1.ecr.dkr`. */
export function endpointServiceName(service: AwsServiceKey, region: string): string {
  const { partition } = partitionForRegion(region);
  // The S3 gateway keeps the plain prefix in China; only interface names carry `cn.`.
  const chinaPrefix =
    partition === "aws-cn" && AWS_SERVICES[service].chinaPrefixed && AWS_SERVICES[service].endpointType === "Interface";
  return `${chinaPrefix ? "cn.com.amazonaws" : "com.amazonaws"}.${region}.${service}`;
}

/** The inverse of `endpointServiceName`: which service and region a service name stands for. */
export function parseEndpointServiceName(serviceName: string): { service: AwsServiceKey; region: string } | undefined {
  const match = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.(.+)$/.exec(serviceName);
  if (!match) return undefined;
  const [, region, service] = match;
  return isAwsServiceKey(service) ? { service, region } : undefined;
}

/**
 * Regions that opened after 2023-12-23: there the ECS agent needs the `ecs`, `ecs-agent`
 * and `ecs-telemetry` endpoints when the task has no internet path. Data as of 2026-11.
 */
export const REGIONS_NEEDING_ECS_ENDPOINTS: readonly string[] = [
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ap-east-2",
  "mx-central-1",
];
