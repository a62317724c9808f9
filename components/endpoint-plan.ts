/**
 * The pure plan behind FargateEndpointSet: which endpoints to create, where, with which
 * private DNS, and the S3 gateway's policy. No Pulumi here, so each is tested directly.
 */
import {
  AwsServiceKey,
  ecrLayerBucketArn,
  evaluateRequest,
  isAwsServiceKey,
  PolicyDocument,
  PolicyStatement,
  TaskNeed,
} from "../model";
import { SERVICE_GROUPS } from "../model/components";
import { ComponentInputError } from "./inputs";

/** `services` as given (names or groups) to AWS service keys, in a stable order. */
export function expandServices(services: readonly string[]): AwsServiceKey[] {
  const result = new Set<AwsServiceKey>();
  services.forEach((service, index) => {
    const group = SERVICE_GROUPS[service];
    if (group) group.forEach((key) => result.add(key));
    else if (isAwsServiceKey(service)) result.add(service);
    else {
      throw new ComponentInputError(
        `services[${index}]`,
        `one of ${[...Object.keys(SERVICE_GROUPS), "ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "ssm", "ssmmessages", "kms", "ecs-agent", "ecs-telemetry"].join(", ")}`,
        service,
      );
    }
  });
  return [...result];
}

/** The endpoints a set of task needs calls for in `region`: only needs served by this region's endpoints count. */
export function servicesForNeeds(needs: readonly TaskNeed[], region: string): AwsServiceKey[] {
  const result = new Set<AwsServiceKey>();
  for (const need of needs) {
    if (need.network.kind === "aws" && need.network.region === region)
      need.network.services.forEach((service) => result.add(service));
  }
  return [...result];
}

export type PrivateDnsDecision = "enabled" | "reused-existing" | "disabled-existing";

export interface EndpointPlan {
  service: AwsServiceKey;
  type: "Interface" | "Gateway";
  /** Create an endpoint (false when an existing one is reused). */
  create: boolean;
  privateDns: boolean;
  decision: PrivateDnsDecision;
}

/**
 * One endpoint per service per VPC. Where the VPC already has one, reuse it (default) or
 * create another with private DNS off: two with private DNS in one VPC fail to create.
 */
export function planEndpoints(
  services: readonly AwsServiceKey[],
  existing: ReadonlySet<string>,
  existingMode: "reuse" | "create-without-private-dns" = "reuse",
): EndpointPlan[] {
  const order: AwsServiceKey[] = [
    "ecr.api",
    "ecr.dkr",
    "s3",
    "logs",
    "secretsmanager",
    "ssm",
    "ssmmessages",
    "kms",
    "ecs",
    "ecs-agent",
    "ecs-telemetry",
  ];
  return order
    .filter((service) => services.includes(service))
    .map((service): EndpointPlan => {
      const type = service === "s3" ? "Gateway" : "Interface";
      if (!existing.has(service))
        return { service, type, create: true, privateDns: type === "Interface", decision: "enabled" };
      if (existingMode === "reuse" || type === "Gateway")
        return { service, type, create: false, privateDns: false, decision: "reused-existing" };
      return { service, type, create: true, privateDns: false, decision: "disabled-existing" };
    });
}

/** One subnet per Availability Zone (the first given for each), in the order given. */
export function subnetsPerAvailabilityZone(subnets: readonly { id: string; availabilityZone: string }[]): string[] {
  const seen = new Set<string>();
  const chosen: string[] = [];
  for (const subnet of subnets) {
    if (seen.has(subnet.availabilityZone)) continue;
    seen.add(subnet.availabilityZone);
    chosen.push(subnet.id);
  }
  return chosen;
}

/**
 * An S3 gateway endpoint policy that always lets ECR read its image layers; extra statements
 * that would deny them are refused (a policy limited to your own buckets breaks image pulls).
 */
export function s3EndpointPolicy(region: string, extra: readonly PolicyStatement[] = []): PolicyDocument {
  const layerBucket = ecrLayerBucketArn(region);
  const document: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      { Sid: "EcrImageLayers", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: layerBucket },
      ...extra,
    ],
  };
  const layer = { action: "s3:GetObject", resource: layerBucket.replace(/\*$/, "sha256/layer") };
  if (
    evaluateRequest([{ name: "s3EndpointPolicyStatements", document }], layer, [], "endpoint").decision !== "allowed"
  ) {
    throw new ComponentInputError(
      "s3EndpointPolicyStatements",
      `statements that leave s3:GetObject on ${layerBucket} allowed (ECR image layers are read from it)`,
    );
  }
  return document;
}

/** The CIDR the endpoints' security group admits on 443 when no task groups are given: never anywhere. */
export function endpointIngressCidr(cidr: string): string {
  if (/^(0\.0\.0\.0\/0|::\/0)$/.test(cidr.trim())) {
    throw new ComponentInputError(
      "vpcCidrBlock",
      "the VPC's own CIDR block (endpoints are never opened to the internet)",
      cidr,
    );
  }
  return cidr;
}
