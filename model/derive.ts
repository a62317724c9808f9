/**
 * From a task definition to the list of its start-up needs, each with the concrete ARNs
 * it touches. Pure: no AWS calls, no Pulumi runtime.
 */
import { parseArn } from "./arn";
import { ANY_ACCOUNT } from "./iam";
import { IamRequirement, NetworkRequirement, NeedKind, TaskNeed } from "./needs";
import { isRegionName, partitionForRegion } from "./partition";
import { AwsServiceKey, REGIONS_NEEDING_ECS_ENDPOINTS } from "./services";
import { jsonNotValidReason } from "./json-syntax";
import { isUnknown } from "./unknown";
import { cacheImportNeed, cacheRuleFor, PullThroughCacheRule } from "./pull-through-cache";
import {
  ecrLayerBucketArn,
  logGroupArn,
  logStreamArn,
  parseImage,
  parseParameterReference,
  parseSecretArn,
  SecretReference,
  secretResource,
} from "./references";

/**
 * A task definition that cannot be right; `field` is the path of the offending value. `got` is
 * quoted only when `secret` is false: of a secret-marked definition, only its type is said.
 */
export class TaskDefinitionError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got?: unknown,
    secret = false,
  ) {
    super(`${field}: expected ${expected}${got === undefined ? "" : `, got ${describeValue(got, secret)}`}`);
    this.name = "TaskDefinitionError";
  }
}

function describeValue(value: unknown, secret: boolean): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    // Not even a prefix of a secret: a shortened quote would also escape a scrub of whole values.
    if (secret) return "a string (not shown: the container definitions are secret)";
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return typeof value;
}

/**
 * Field names of ECS container definitions (ContainerDefinition and the types inside it, ECS
 * API reference), and the awslogs options: the keys a position in malformed JSON may name. Any
 * other key is data (a docker label, an option of another driver) and shows as `<key>`.
 */
const CONTAINER_DEFINITION_KEYS: ReadonlySet<string> = new Set([
  ...["name", "image", "repositoryCredentials", "credentialsParameter", "cpu", "memory", "memoryReservation"],
  ...["links", "portMappings", "containerPort", "hostPort", "protocol", "appProtocol", "containerPortRange"],
  ...["essential", "restartPolicy", "enabled", "ignoredExitCodes", "restartAttemptPeriod", "entryPoint"],
  ...["command", "environment", "value", "environmentFiles", "type", "mountPoints", "sourceVolume"],
  ...["containerPath", "readOnly", "volumesFrom", "sourceContainer", "linuxParameters", "capabilities"],
  ...["add", "drop", "devices", "hostPath", "permissions", "initProcessEnabled", "sharedMemorySize", "tmpfs"],
  ...["size", "mountOptions", "maxSwap", "swappiness", "secrets", "valueFrom", "dependsOn", "containerName"],
  ...["condition", "startTimeout", "stopTimeout", "versionConsistency", "hostname", "user", "workingDirectory"],
  ...["disableNetworking", "privileged", "readonlyRootFilesystem", "dnsServers", "dnsSearchDomains"],
  ...["extraHosts", "ipAddress", "dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels"],
  ...["ulimits", "softLimit", "hardLimit", "logConfiguration", "logDriver", "options", "secretOptions"],
  ...["healthCheck", "interval", "timeout", "retries", "startPeriod", "systemControls", "namespace"],
  ...["resourceRequirements", "firelensConfiguration", "credentialSpecs"],
  ...["awslogs-group", "awslogs-region", "awslogs-stream-prefix", "awslogs-create-group", "mode"],
  ...["awslogs-datetime-format", "awslogs-multiline-pattern", "max-buffer-size"],
]);

export interface TaskDefinitionFacts {
  /** As `aws.ecs.TaskDefinition` takes it: a JSON string, or the parsed array. */
  containerDefinitions: string | readonly unknown[];
  /** `aws.ecs.TaskDefinition`'s `volumes`. */
  volumes?: readonly unknown[];
  /** Region the task runs in. */
  region: string;
  /** Account the task runs in (owner of names given without an ARN); `ANY_ACCOUNT` when not known. */
  accountId: string;
  /** The service's `enableExecuteCommand`. */
  enableExecuteCommand?: boolean;
  /** The engine or the state marks `containerDefinitions` secret: errors name fields, never their values. */
  secret?: boolean;
  /**
   * False for partial definitions that list grants or dependencies without an image (the
   * components' explicit grants, the pack's needs rebuilt at preview). Default true.
   */
  requireImage?: boolean;
  /** Pull-through cache rules of the task's registry: an image under one needs its import too. */
  pullThroughCacheRules?: readonly PullThroughCacheRule[];
  /**
   * True when the definitions were rebuilt from the resources a computed one depends on: its
   * `awslogs-stream-prefix` and container names are not known, so neither are the log streams.
   */
  streamsUnknown?: boolean;
}

export interface DerivedNeeds {
  needs: TaskNeed[];
  /** Paths of values that are not known yet (computed at preview); their needs are missing. */
  unknownFields: string[];
}

export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];
export const ECS_EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

/** A customer managed key used by a secret or SecureString parameter: kms:Decrypt via that service. */
export function kmsKeyNeed(keyArn: string, via: "secretsmanager" | "ssm", region: string, source: string): TaskNeed {
  return {
    kind: "kms-key",
    key: `kms-key:${keyArn}`,
    target: keyArn,
    sources: [source],
    containers: [],
    // Secrets Manager and SSM call KMS themselves: the task needs no path to KMS.
    network: { kind: "none" },
    iam: [
      {
        role: "execution",
        action: "kms:Decrypt",
        resource: keyArn,
        grantResource: keyArn,
        context: { "kms:ViaService": `${via}.${region}.${partitionForRegion(region).dnsSuffix}` },
      },
    ],
    notes: [],
  };
}

class NeedCollector {
  private readonly byKey = new Map<string, TaskNeed>();
  readonly unknownFields: string[] = [];

  add(need: Omit<TaskNeed, "sources" | "containers">, source: string, container?: string): void {
    const existing = this.byKey.get(need.key);
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      // Two containers sharing a need may make different calls (each writes its own log stream).
      for (const requirement of need.iam) {
        const same = (other: IamRequirement) =>
          other.role === requirement.role &&
          other.action === requirement.action &&
          other.resource === requirement.resource;
        if (!existing.iam.some(same)) existing.iam.push(requirement);
      }
      if (container && !existing.containers.includes(container)) existing.containers.push(container);
      return;
    }
    this.byKey.set(need.key, { ...need, sources: [source], containers: container ? [container] : [] });
  }

  get needs(): TaskNeed[] {
    return [...this.byKey.values()];
  }
}

function requirement(role: IamRequirement["role"], action: string, resource: string, grant = resource): IamRequirement {
  return { role, action, resource, grantResource: grant };
}

function awsNetwork(region: string, ...services: AwsServiceKey[]): NetworkRequirement {
  return { kind: "aws", services, region };
}

function crossRegionNote(what: string, region: string, taskRegion: string): string[] {
  return region === taskRegion
    ? []
    : [
        `${what} is in ${region} but the task runs in ${taskRegion}: VPC endpoints serve only their own region, so only an internet path (NAT or public IP) reaches it`,
      ];
}

function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TaskDefinitionError(field, "an object", value);
  }
  return value as Record<string, unknown>;
}

function optionalArray(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TaskDefinitionError(field, "an array", value);
  return value;
}

/**
 * Reads a string field. Returns undefined for an absent optional field and for a value not
 * known yet (recorded in `unknownFields`, so a caller can say what it could not check).
 */
function readString(
  record: Record<string, unknown>,
  key: string,
  field: string,
  collector: NeedCollector,
  required: boolean,
): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) {
    if (required) throw new TaskDefinitionError(field, "a non-empty string");
    return undefined;
  }
  if (isUnknown(value)) {
    collector.unknownFields.push(field);
    return undefined;
  }
  if (typeof value !== "string" || (required && value.trim() === "")) {
    throw new TaskDefinitionError(field, "a non-empty string", value);
  }
  return value;
}

function parseContainerDefinitions(value: string | readonly unknown[]): readonly unknown[] {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      // JSON.parse's message quotes the text around the error: a secret interpolated without quotes (issue 21).
      const where = jsonNotValidReason(value, "containerDefinitions", (key) => CONTAINER_DEFINITION_KEYS.has(key));
      throw new TaskDefinitionError("containerDefinitions", `valid JSON, not ${where}`);
    }
  }
  if (!Array.isArray(parsed))
    throw new TaskDefinitionError("containerDefinitions", "a JSON array of container definitions", parsed);
  if (parsed.length === 0) throw new TaskDefinitionError("containerDefinitions", "at least one container definition");
  return parsed;
}

function addImageNeeds(
  image: string,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const reference = parseImage(image);
  if (!reference)
    throw new TaskDefinitionError(
      field,
      "an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0 or nginx:1.27",
      image,
    );
  if (reference.registry === "other") {
    collector.add(
      {
        kind: "internet-image",
        key: `internet-image:${reference.host}/${reference.repository}`,
        target: image,
        network: { kind: "internet", host: reference.host },
        iam: [],
        notes: [`${reference.host} is outside AWS: no VPC endpoint serves it`],
      },
      field,
      container,
    );
    return;
  }
  const notes = crossRegionNote(`ECR repository ${reference.repository}`, reference.region, facts.region);
  if (reference.account !== facts.accountId && facts.accountId !== ANY_ACCOUNT) {
    notes.push(
      `the repository belongs to account ${reference.account}: its repository policy must also allow this execution role`,
    );
  }
  collector.add(
    {
      kind: "ecr-image",
      key: `ecr-image:${reference.repositoryArn}`,
      target: reference.repositoryArn,
      network: awsNetwork(reference.region, "ecr.api", "ecr.dkr"),
      iam: [
        // GetAuthorizationToken accepts only "*" as its resource.
        requirement("execution", "ecr:GetAuthorizationToken", "*"),
        ...ECR_PULL_ACTIONS.map((action) => requirement("execution", action, reference.repositoryArn)),
      ],
      notes,
    },
    field,
    container,
  );
  // An image of a pull-through cache of the task's own registry: a pull it misses imports the image.
  const rule = cacheRuleFor(reference.repository, reference.region, facts.pullThroughCacheRules ?? []);
  if (rule && (reference.account === facts.accountId || [reference.account, facts.accountId].includes(ANY_ACCOUNT)))
    collector.add(cacheImportNeed(reference.repository, reference.repositoryArn, rule), field, container);
  collector.add(
    {
      kind: "ecr-layers",
      key: `ecr-layers:${reference.region}`,
      target: ecrLayerBucketArn(reference.region),
      network: awsNetwork(reference.region, "s3"),
      // Layers are fetched with pre-signed URLs: no IAM on the role, but an S3 endpoint policy applies.
      iam: [],
      notes: crossRegionNote("The ECR layer bucket", reference.region, facts.region),
    },
    field,
    container,
  );
}

function addSecretNeed(
  kind: Extract<NeedKind, "secretsmanager-secret" | "registry-credentials">,
  secret: SecretReference,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const { resource, grant } = secretResource(secret);
  const notes = crossRegionNote(`Secret ${secret.nameInArn}`, secret.region, facts.region);
  if (!secret.complete) {
    notes.push(`the ARN has no 6-character random suffix: the grant must be ${grant}, not the ARN as written`);
  }
  collector.add(
    {
      kind,
      key: `${kind}:${secret.arn}`,
      target: secret.arn,
      network: awsNetwork(secret.region, "secretsmanager"),
      iam: [requirement("execution", "secretsmanager:GetSecretValue", resource, grant)],
      notes,
    },
    field,
    container,
  );
}

function addValueFromNeed(
  valueFrom: string,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const secret = parseSecretArn(valueFrom);
  if (secret) {
    addSecretNeed("secretsmanager-secret", secret, field, container, facts, collector);
    return;
  }
  const parameter = parseParameterReference(valueFrom, facts.region, facts.accountId);
  if (!parameter) {
    throw new TaskDefinitionError(
      field,
      "a Secrets Manager secret ARN, an SSM parameter ARN or an SSM parameter name",
      valueFrom,
    );
  }
  collector.add(
    {
      kind: "ssm-parameter",
      key: `ssm-parameter:${parameter.arn}`,
      target: parameter.arn,
      network: awsNetwork(parameter.region, "ssm"),
      iam: [requirement("execution", "ssm:GetParameters", parameter.arn)],
      notes: crossRegionNote(`Parameter ${parameter.name}`, parameter.region, facts.region),
    },
    field,
    container,
  );
}

/** `secrets` or `secretOptions`: a list of `{ name, valueFrom }`, each a secret or parameter need. */
function addValueFromNeeds(
  entries: unknown,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  optionalArray(entries, field).forEach((entry, i) => {
    const entryField = `${field}[${i}]`;
    const valueFrom = readString(asRecord(entry, entryField), "valueFrom", `${entryField}.valueFrom`, collector, true);
    if (valueFrom !== undefined) addValueFromNeed(valueFrom, `${entryField}.valueFrom`, container, facts, collector);
  });
}

function addLogNeeds(
  options: Record<string, unknown>,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const group = readString(options, "awslogs-group", `${field}.awslogs-group`, collector, true);
  if (group === undefined) return;
  const regionOption = readString(options, "awslogs-region", `${field}.awslogs-region`, collector, false);
  const region = regionOption ?? facts.region;
  if (!isRegionName(region)) throw new TaskDefinitionError(`${field}.awslogs-region`, "an AWS region name", region);
  const groupArn = logGroupArn(group, region, facts.accountId);
  const prefix = readString(options, "awslogs-stream-prefix", `${field}.awslogs-stream-prefix`, collector, false);
  const stream = logStreamArn(groupArn, prefix, container, facts.streamsUnknown === true);
  const createGroup = String(options["awslogs-create-group"]).toLowerCase() === "true";
  const iam = [
    requirement("execution", "logs:CreateLogStream", stream, `${groupArn}:*`),
    requirement("execution", "logs:PutLogEvents", stream, `${groupArn}:*`),
  ];
  if (createGroup) iam.push(requirement("execution", "logs:CreateLogGroup", groupArn));
  collector.add(
    {
      kind: "awslogs",
      key: `awslogs:${groupArn}`,
      target: groupArn,
      network: awsNetwork(region, "logs"),
      iam,
      notes: crossRegionNote(`Log group ${group}`, region, facts.region),
    },
    field,
    container,
  );
}

function addEnvironmentFileNeed(
  file: Record<string, unknown>,
  field: string,
  container: string,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const value = readString(file, "value", `${field}.value`, collector, true);
  if (value === undefined) return;
  const arn = parseArn(value);
  const slash = arn ? arn.resource.indexOf("/") : -1;
  if (!arn || arn.service !== "s3" || slash <= 0) {
    throw new TaskDefinitionError(`${field}.value`, "an S3 object ARN such as arn:aws:s3:::bucket/app.env", value);
  }
  const bucketArn = `arn:${arn.partition}:s3:::${arn.resource.slice(0, slash)}`;
  collector.add(
    {
      kind: "environment-file",
      key: `environment-file:${value}`,
      target: value,
      // An S3 ARN has no region: the bucket is taken to be in the task's region, the only one a gateway endpoint serves.
      network: awsNetwork(facts.region, "s3"),
      iam: [
        requirement("execution", "s3:GetObject", value),
        requirement("execution", "s3:GetBucketLocation", bucketArn),
      ],
      notes: [],
    },
    field,
    container,
  );
}

function addContainerNeeds(
  definition: unknown,
  index: number,
  facts: TaskDefinitionFacts,
  collector: NeedCollector,
): void {
  const field = `containerDefinitions[${index}]`;
  const container = asRecord(definition, field);
  const name = readString(container, "name", `${field}.name`, collector, true) ?? `#${index}`;
  const image = readString(container, "image", `${field}.image`, collector, facts.requireImage !== false);
  if (image !== undefined) addImageNeeds(image, `${field}.image`, name, facts, collector);

  if (container.repositoryCredentials !== undefined) {
    const credentials = asRecord(container.repositoryCredentials, `${field}.repositoryCredentials`);
    const credentialsField = `${field}.repositoryCredentials.credentialsParameter`;
    const parameter = readString(credentials, "credentialsParameter", credentialsField, collector, true);
    if (parameter !== undefined) {
      const secret = parseSecretArn(parameter);
      if (!secret) throw new TaskDefinitionError(credentialsField, "a Secrets Manager secret ARN", parameter);
      addSecretNeed("registry-credentials", secret, credentialsField, name, facts, collector);
    }
  }

  addValueFromNeeds(container.secrets, `${field}.secrets`, name, facts, collector);

  if (container.logConfiguration !== undefined && container.logConfiguration !== null) {
    const logField = `${field}.logConfiguration`;
    const logConfiguration = asRecord(container.logConfiguration, logField);
    const driver = readString(logConfiguration, "logDriver", `${logField}.logDriver`, collector, true);
    if (driver === "awslogs") {
      const options = asRecord(logConfiguration.options ?? {}, `${logField}.options`);
      addLogNeeds(options, `${logField}.options`, name, facts, collector);
    }
    addValueFromNeeds(logConfiguration.secretOptions, `${logField}.secretOptions`, name, facts, collector);
  }

  optionalArray(container.environmentFiles, `${field}.environmentFiles`).forEach((entry, i) => {
    addEnvironmentFileNeed(
      asRecord(entry, `${field}.environmentFiles[${i}]`),
      `${field}.environmentFiles[${i}]`,
      name,
      facts,
      collector,
    );
  });
}

function addVolumeNeeds(volume: unknown, index: number, facts: TaskDefinitionFacts, collector: NeedCollector): void {
  const field = `volumes[${index}]`;
  const record = asRecord(volume, field);
  if (record.efsVolumeConfiguration === undefined || record.efsVolumeConfiguration === null) return;
  const efsField = `${field}.efsVolumeConfiguration`;
  const efs = asRecord(record.efsVolumeConfiguration, efsField);
  const fileSystemId = readString(efs, "fileSystemId", `${efsField}.fileSystemId`, collector, true);
  if (fileSystemId === undefined) return;
  const authorization =
    efs.authorizationConfig === undefined ? {} : asRecord(efs.authorizationConfig, `${efsField}.authorizationConfig`);
  const fileSystemArn = `arn:${partitionForRegion(facts.region).partition}:elasticfilesystem:${facts.region}:${facts.accountId}:file-system/${fileSystemId}`;
  collector.add(
    {
      kind: "efs-volume",
      key: `efs-volume:${fileSystemId}`,
      target: fileSystemArn,
      network: { kind: "nfs", fileSystemId },
      iam: authorization.iam === "ENABLED" ? [requirement("task", "elasticfilesystem:ClientMount", fileSystemArn)] : [],
      notes: [],
    },
    efsField,
  );
}

/**
 * Every start-up need of a task definition, with concrete ARNs. Throws `TaskDefinitionError`
 * naming the field when the definition cannot be read.
 */
export function deriveTaskNeeds(facts: TaskDefinitionFacts): DerivedNeeds {
  try {
    return deriveNeeds(facts);
  } catch (error) {
    // Of a secret-marked definition, say what was expected and where, never what was there.
    if (facts.secret && error instanceof TaskDefinitionError && error.got !== undefined)
      throw new TaskDefinitionError(error.field, error.expected, error.got, true);
    throw error;
  }
}

function deriveNeeds(facts: TaskDefinitionFacts): DerivedNeeds {
  if (!isRegionName(facts.region))
    throw new TaskDefinitionError("region", "an AWS region name such as us-east-1", facts.region);
  if (facts.accountId !== ANY_ACCOUNT && !/^\d{12}$/.test(facts.accountId))
    throw new TaskDefinitionError("accountId", "a 12-digit AWS account id", facts.accountId);
  const collector = new NeedCollector();
  if (isUnknown(facts.containerDefinitions)) {
    collector.unknownFields.push("containerDefinitions");
  } else {
    parseContainerDefinitions(facts.containerDefinitions).forEach((definition, index) =>
      addContainerNeeds(definition, index, facts, collector),
    );
  }
  optionalArray(facts.volumes, "volumes").forEach((volume, index) => addVolumeNeeds(volume, index, facts, collector));

  if (facts.enableExecuteCommand) {
    collector.add(
      {
        kind: "ecs-exec",
        key: "ecs-exec",
        target: "ssmmessages",
        network: awsNetwork(facts.region, "ssmmessages"),
        // ssmmessages channel actions accept only "*".
        iam: ECS_EXEC_ACTIONS.map((action) => requirement("task", action, "*")),
        notes: [],
      },
      "enableExecuteCommand",
    );
  }
  if (REGIONS_NEEDING_ECS_ENDPOINTS.includes(facts.region)) {
    collector.add(
      {
        kind: "ecs-control-plane",
        key: `ecs-control-plane:${facts.region}`,
        target: `ECS in ${facts.region}`,
        network: awsNetwork(facts.region, "ecs", "ecs-agent", "ecs-telemetry"),
        iam: [],
        notes: [
          `${facts.region} opened after 2023-12-23: without internet the agent needs the ecs, ecs-agent and ecs-telemetry endpoints`,
        ],
      },
      "region",
    );
  }
  return { needs: collector.needs, unknownFields: collector.unknownFields };
}
