/**
 * The pure plan behind FargateExecutionRole: the needs its explicit grants stand for, and the
 * least-privilege policy and trust policy for a set of needs. No Pulumi here, so each is
 * tested directly.
 */
import { deriveTaskNeeds, kmsKeyNeed, parseArn, partitionForRegion, PolicyDocument, TaskNeed } from "../model";
import { ComponentInputError } from "./inputs";

export interface ExecutionRoleGrants {
  repositories?: readonly string[];
  logGroups?: readonly string[];
  secrets?: readonly string[];
  parameters?: readonly string[];
  kmsKeys?: readonly string[];
  environmentFiles?: readonly string[];
  /** awslogs-create-group for explicitly given log groups. */
  createLogGroups?: boolean;
  /**
   * The `ecrRepositoryPrefix` of each pull-through cache rule whose images the tasks pull: an
   * image under one also needs ecr:BatchImportUpstreamImage and ecr:CreateRepository.
   */
  pullThroughCachePrefixes?: readonly string[];
}

/** An `ecrRepositoryPrefix` (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html). */
const CACHE_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** The prefixes as given, checked: each must be a rule's ecrRepositoryPrefix. */
export function checkedCachePrefixes(prefixes: readonly unknown[]): string[] {
  return prefixes.map((prefix, index) => {
    if (typeof prefix !== "string" || prefix.length < 2 || prefix.length > 30 || !CACHE_PREFIX.test(prefix))
      throw new ComponentInputError(
        `pullThroughCachePrefixes[${index}]`,
        "the ecrRepositoryPrefix of a pull-through cache rule, such as docker-hub (2 to 30 lower-case characters; a ROOT rule is not supported)",
        prefix,
      );
    return prefix;
  });
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
  const pullThroughCacheRules = checkedCachePrefixes(grants.pullThroughCachePrefixes ?? []).map((prefix) => ({
    prefix,
    region,
  }));
  const needs =
    containers.length > 0
      ? deriveTaskNeeds({
          containerDefinitions: containers,
          region,
          accountId,
          requireImage: false,
          pullThroughCacheRules,
        }).needs
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
  "ecr:BatchImportUpstreamImage": "EcrPullThroughCache",
  "ecr:CreateRepository": "EcrPullThroughCache",
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
