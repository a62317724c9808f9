/**
 * Pure planners behind the components: which endpoints to create, where, with which DNS, and
 * which IAM statements a task execution role needs. No Pulumi here, so each is tested directly.
 */
import {
  AwsServiceKey,
  deriveTaskNeeds,
  ecrLayerBucketArn,
  evaluateRequest,
  isAwsServiceKey,
  kmsKeyNeed,
  parseArn,
  partitionForRegion,
  PolicyDocument,
  PolicyStatement,
  TaskDefinitionError,
  TaskNeed,
} from "../model";

/** The components' type tokens (the schema's and the URNs'): the pack recognises their children by them. */
export const ENDPOINT_SET_TYPE = "fargate-preflight:index:FargateEndpointSet";
export const EXECUTION_ROLE_TYPE = "fargate-preflight:index:FargateExecutionRole";

/** Names a user may list in `services`; "ecr" and "ecs" stand for their groups of endpoints. */
export const SERVICE_GROUPS: Readonly<Record<string, readonly AwsServiceKey[]>> = {
  ecr: ["ecr.api", "ecr.dkr", "s3"],
  ecs: ["ecs", "ecs-agent", "ecs-telemetry"],
};

export class ComponentInputError extends Error {
  constructor(input: string, expected: string, got?: unknown) {
    super(`${input}: expected ${expected}${got === undefined ? "" : `, got ${JSON.stringify(got)}`}`);
    this.name = "ComponentInputError";
  }
}

/**
 * The needs of one task definition given to a component at `path` (`containerDefinitions[0]`);
 * a definition that cannot be read is a ComponentInputError naming that input and the field.
 */
export function needsOfDefinition(
  containerDefinitions: string | readonly unknown[],
  path: string,
  region: string,
  accountId: string,
): TaskNeed[] {
  try {
    return deriveTaskNeeds({ containerDefinitions, region, accountId }).needs;
  } catch (error) {
    if (error instanceof TaskDefinitionError) {
      throw new ComponentInputError(
        `${path}${error.field.replace(/^containerDefinitions/, "")}`,
        error.message.replace(/^[^:]*: expected /, ""),
      );
    }
    throw error;
  }
}

/**
 * One entry of a component's `containerDefinitions`, as aws.ecs.TaskDefinition takes it: a
 * JSON string of an array of container definitions, or that array itself. A single container
 * definition object is read as an array of one.
 */
export function containersOfEntry(value: unknown, path: string): readonly unknown[] {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new ComponentInputError(path, `valid JSON (${(error as Error).message})`);
    }
  }
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === "object" && parsed !== null) return [parsed];
  throw new ComponentInputError(
    path,
    "a JSON string or an array of container definitions, as aws.ecs.TaskDefinition takes them",
    parsed === null ? "null" : typeof parsed,
  );
}

/**
 * The name to list in a FargateEndpointSet's `services` for an endpoint: the group for ECR and
 * ECS (their endpoints only work together), else the endpoint's own name.
 */
export function servicesEntryFor(service: AwsServiceKey): string {
  for (const [group, members] of Object.entries(SERVICE_GROUPS)) {
    // s3 alone (environment files, or layers for an ECR group given elsewhere) stays "s3".
    if (service !== "s3" && members.includes(service)) return group;
  }
  return service;
}

/** `services` entries covering the given endpoints, deduplicated, in a stable order. */
export function servicesEntriesFor(services: Iterable<AwsServiceKey>): string[] {
  const keys = [...services];
  const entries = new Set(keys.map(servicesEntryFor));
  // The ecr group brings the S3 gateway; no separate "s3" entry is needed beside it.
  if (entries.has("ecr")) entries.delete("s3");
  return [...entries].sort();
}

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
  if (evaluateRequest([{ name: "s3EndpointPolicyStatements", document }], layer).decision !== "allowed") {
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

export interface ExecutionRoleGrants {
  repositories?: readonly string[];
  logGroups?: readonly string[];
  secrets?: readonly string[];
  parameters?: readonly string[];
  kmsKeys?: readonly string[];
  environmentFiles?: readonly string[];
  /** awslogs-create-group for explicitly given log groups. */
  createLogGroups?: boolean;
}

function arnFor(kind: string, value: string, region: string, accountId: string, partition: string): string {
  if (value.startsWith("arn:")) return value;
  switch (kind) {
    case "repository":
      return `arn:${partition}:ecr:${region}:${accountId}:repository/${value}`;
    case "logGroup":
      return `arn:${partition}:logs:${region}:${accountId}:log-group:${value}`;
    case "secret":
      // A name: the ARN carries a random suffix, matched by six characters.
      return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${value}`;
    case "parameter":
      return `arn:${partition}:ssm:${region}:${accountId}:parameter${value.startsWith("/") ? value : `/${value}`}`;
    case "kmsKey":
      return `arn:${partition}:kms:${region}:${accountId}:key/${value}`;
    default:
      return value;
  }
}

/**
 * The needs that explicit grants stand for, in the shared model's terms, so the role grants
 * exactly what the pack checks. Names become ARNs in the role's account and region.
 */
export function needsForGrants(
  grants: ExecutionRoleGrants,
  region: string,
  accountId: string,
  partition = "aws",
): TaskNeed[] {
  const containers: Record<string, unknown>[] = [];
  for (const repository of grants.repositories ?? []) {
    const arn = parseArn(arnFor("repository", repository, region, accountId, partition));
    if (!arn) throw new ComponentInputError("repositories", "repository names or ARNs", repository);
    const { dnsSuffix } = partitionForRegion(arn.region);
    const name = arn.resource.replace(/^repository\//, "");
    containers.push({
      name: `repository-${containers.length}`,
      image: `${arn.account}.dkr.ecr.${arn.region}.${dnsSuffix}/${name}:latest`,
    });
  }
  for (const group of grants.logGroups ?? []) {
    const arn = parseArn(arnFor("logGroup", group, region, accountId, partition));
    if (!arn) throw new ComponentInputError("logGroups", "log group names or ARNs", group);
    const name = arn.resource.replace(/^log-group:/, "").replace(/:\*$/, "");
    containers.push({
      name: `log-group-${containers.length}`,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": name,
          "awslogs-region": arn.region,
          "awslogs-create-group": String(!!grants.createLogGroups),
        },
      },
    });
  }
  const secrets = [
    ...(grants.secrets ?? []).map((secret) => arnFor("secret", secret, region, accountId, partition)),
    ...(grants.parameters ?? []).map((parameter) => arnFor("parameter", parameter, region, accountId, partition)),
  ];
  if (secrets.length > 0) {
    containers.push({
      name: `secrets-${containers.length}`,
      secrets: secrets.map((valueFrom, i) => ({ name: `S${i}`, valueFrom })),
    });
  }
  if ((grants.environmentFiles ?? []).length > 0) {
    containers.push({
      name: `environment-files-${containers.length}`,
      environmentFiles: (grants.environmentFiles ?? []).map((value) => ({ value, type: "s3" })),
    });
  }
  const needs =
    containers.length > 0
      ? deriveTaskNeeds({ containerDefinitions: containers, region, accountId, requireImage: false }).needs
      : [];
  const keyNeeds = (grants.kmsKeys ?? []).flatMap((key) => {
    const arn = arnFor("kmsKey", key, region, accountId, partition);
    return [kmsKeyNeed(arn, "secretsmanager", region, "kmsKeys"), kmsKeyNeed(arn, "ssm", region, "kmsKeys")];
  });
  return [...needs, ...keyNeeds];
}

const STATEMENT_IDS: Record<string, string> = {
  "ecr:GetAuthorizationToken": "EcrAuthorizationToken",
  "ecr:BatchCheckLayerAvailability": "EcrPull",
  "ecr:GetDownloadUrlForLayer": "EcrPull",
  "ecr:BatchGetImage": "EcrPull",
  "logs:CreateLogStream": "LogStreams",
  "logs:PutLogEvents": "LogStreams",
  "logs:CreateLogGroup": "LogGroupCreate",
  "secretsmanager:GetSecretValue": "Secrets",
  "ssm:GetParameters": "Parameters",
  "kms:Decrypt": "DecryptSecrets",
  "s3:GetObject": "EnvironmentFiles",
  "s3:GetBucketLocation": "EnvironmentFileBuckets",
};

/**
 * The least-privilege execution role policy for a set of needs: one statement per group of
 * actions, each on the exact ARNs; `ecr:GetAuthorizationToken` is the only `*`.
 */
export function executionRolePolicy(needs: readonly TaskNeed[]): PolicyDocument {
  const statements = new Map<string, { actions: Set<string>; resources: Set<string>; via: Set<string> }>();
  for (const need of needs) {
    for (const requirement of need.iam) {
      if (requirement.role !== "execution") continue;
      const sid = STATEMENT_IDS[requirement.action] ?? requirement.action.replace(/[^A-Za-z0-9]/g, "");
      const statement = statements.get(sid) ?? { actions: new Set(), resources: new Set(), via: new Set() };
      statement.actions.add(requirement.action);
      statement.resources.add(requirement.grantResource);
      if (requirement.context?.["kms:ViaService"]) statement.via.add(requirement.context["kms:ViaService"]);
      statements.set(sid, statement);
    }
  }
  const list = (set: Set<string>) => {
    const values = [...set].sort();
    return values.length === 1 ? values[0] : values;
  };
  return {
    Version: "2012-10-17",
    Statement: [...statements.entries()].map(([sid, statement]) => ({
      Sid: sid,
      Effect: "Allow",
      Action: list(statement.actions),
      Resource: list(statement.resources),
      ...(statement.via.size > 0 ? { Condition: { StringEquals: { "kms:ViaService": list(statement.via) } } } : {}),
    })),
  };
}

/** Trust for ECS tasks only, limited to this account's ECS (confused deputy). */
export function executionRoleTrustPolicy(region: string, accountId: string, partition = "aws"): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${accountId}:*` },
        },
      },
    ],
  };
}
