/**
 * What a task definition's values refer to: an image's registry and repository, a secret's or
 * parameter's ARN, a log group and its streams, the ECR layer bucket. Pure parsing, no needs.
 */
import { parseArn } from "./arn";
import { partitionForRegion } from "./partition";

/** The bucket ECR keeps image layers in; an S3 endpoint policy must allow reading it. */
export function ecrLayerBucketArn(region: string): string {
  return `arn:${partitionForRegion(region).partition}:s3:::prod-${region}-starport-layer-bucket/*`;
}

export type ImageReference =
  | {
      registry: "ecr";
      account: string;
      region: string;
      repository: string;
      repositoryArn: string;
      tag?: string;
      digest?: string;
    }
  | { registry: "other"; host: string; repository: string };

// The account may be ANY_ACCOUNT ("{account}") when the pack rebuilds an image from a repository at preview.
// The registry host and repository decide the need; a malformed tag or digest is FARGATE-IMAGE-REFERENCE's.
const ECR_IMAGE =
  /^(\d{12}|\{account\})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([A-Za-z0-9._/-]+?)(?::([^@/]*))?(?:@(.*))?$/;

/** Where an image comes from: ECR (account, region, repository ARN) or another registry host. */
export function parseImage(image: string): ImageReference | undefined {
  const ecr = ECR_IMAGE.exec(image);
  if (ecr) {
    const [, account, region, repository, tag, digest] = ecr;
    const { partition } = partitionForRegion(region);
    return {
      registry: "ecr",
      account,
      region,
      repository,
      repositoryArn: `arn:${partition}:ecr:${region}:${account}:repository/${repository}`,
      tag,
      digest,
    };
  }
  if (image.trim() === "" || /\s/.test(image)) return undefined;
  const firstSlash = image.indexOf("/");
  const firstPart = firstSlash === -1 ? "" : image.slice(0, firstSlash);
  // Docker's rule: the first path part is a registry host only if it has a dot or a port, or is localhost.
  const hasHost = firstPart.includes(".") || firstPart.includes(":") || firstPart === "localhost";
  const host = hasHost ? firstPart : "registry-1.docker.io";
  const repository = (hasHost ? image.slice(firstSlash + 1) : image).replace(/[:@].*$/, "");
  return { registry: "other", host, repository };
}

export interface SecretReference {
  /** The secret's ARN without a json-key / version suffix. */
  arn: string;
  region: string;
  account: string;
  /** The name as written in the ARN (maybe with the 6-character random suffix). */
  nameInArn: string;
  /** True when the ARN ends in the random suffix Secrets Manager adds (`-AbC123`). */
  complete: boolean;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

/** `arn:aws:secretsmanager:region:acct:secret:name-AbCdEf[:json-key:version-stage:version-id]` */
export function parseSecretArn(value: string): SecretReference | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== "secretsmanager") return undefined;
  const [kind, name, jsonKey, versionStage, versionId] = arn.resource.split(":");
  if (kind !== "secret" || !name) return undefined;
  const base = `arn:${arn.partition}:secretsmanager:${arn.region}:${arn.account}:secret:${name}`;
  return {
    arn: base,
    region: arn.region,
    account: arn.account,
    nameInArn: name,
    complete: /-[A-Za-z0-9]{6}$/.test(name),
    jsonKey: jsonKey || undefined,
    versionStage: versionStage || undefined,
    versionId: versionId || undefined,
  };
}

/** The resource a GetSecretValue request carries and the pattern to grant for a secret reference. */
export function secretResource(secret: SecretReference): { resource: string; grant: string } {
  // A partial ARN (no random suffix) still resolves, but the request carries the full ARN,
  // whose suffix is not known before the secret exists: the request is a range of ARNs.
  // Grant the suffix pattern, not the partial ARN, or the call is denied.
  if (secret.complete) return { resource: secret.arn, grant: secret.arn };
  return { resource: `${secret.arn}-{secret-suffix}`, grant: `${secret.arn}-??????` };
}

export interface ParameterReference {
  arn: string;
  region: string;
  account: string;
  /** The parameter name with a leading slash. */
  name: string;
  givenAsArn: boolean;
}

/** An SSM parameter from a name (`/app/db`, `app-db`) or ARN (`arn:aws:ssm:r:a:parameter/app/db`). */
export function parseParameterReference(
  value: string,
  region: string,
  accountId: string,
): ParameterReference | undefined {
  const arn = parseArn(value);
  if (arn) {
    if (arn.service !== "ssm" || !arn.resource.startsWith("parameter/")) return undefined;
    const name = arn.resource.slice("parameter".length);
    return { arn: value, region: arn.region, account: arn.account, name, givenAsArn: true };
  }
  if (!/^[A-Za-z0-9_.\-/]+$/.test(value)) return undefined;
  const name = value.startsWith("/") ? value : `/${value}`;
  const { partition } = partitionForRegion(region);
  return {
    arn: `arn:${partition}:ssm:${region}:${accountId}:parameter${name}`,
    region,
    account: accountId,
    name,
    givenAsArn: false,
  };
}

export function logGroupArn(group: string, region: string, accountId: string): string {
  return `arn:${partitionForRegion(region).partition}:logs:${region}:${accountId}:log-group:${group}`;
}

/**
 * The log stream the awslogs driver writes: `prefix/container/task-id` with a prefix (always
 * on Fargate), else the container id; the ids are not known before the task starts, so the
 * ARN is a range (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
 * `streamUnknown`: the prefix and container are not known either (any stream of the group).
 */
export function logStreamArn(
  groupArn: string,
  prefix: string | undefined,
  container: string,
  streamUnknown = false,
): string {
  if (streamUnknown) return `${groupArn}:log-stream:{log-stream}`;
  return `${groupArn}:log-stream:${prefix ? `${prefix}/${container}/{task-id}` : "{container-id}"}`;
}
