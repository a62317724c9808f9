/**
 * The start-up needs of a Fargate task: what each one must reach on the network, which
 * IAM actions it needs on which ARNs, and the error a task shows when it is missing.
 */
import type { AwsServiceKey } from "./services";

export type NeedKind =
  | "ecr-image"
  | "ecr-cache-import"
  | "ecr-layers"
  | "internet-image"
  | "awslogs"
  | "secretsmanager-secret"
  | "ssm-parameter"
  | "kms-key"
  | "environment-file"
  | "registry-credentials"
  | "efs-volume"
  | "ecs-exec"
  | "ecs-control-plane";

/** Which role makes the call: the execution role (agent, before start) or the task role (the app). */
export type RoleKind = "execution" | "task";

/** One action on one resource, as a request would carry it. */
export interface IamRequirement {
  role: RoleKind;
  action: string;
  /** The ARN a request carries, as exactly as the task definition tells it. */
  resource: string;
  /** The least-privilege resource pattern to grant (differs from `resource` for partial secret ARNs). */
  grantResource: string;
  /** Request context keys set by the calling service (e.g. `kms:ViaService`). */
  context?: Readonly<Record<string, string>>;
}

export type NetworkRequirement =
  /** AWS service endpoints in `region`; a VPC endpoint serves them only in the task's own region. */
  | { kind: "aws"; services: readonly AwsServiceKey[]; region: string }
  /** A host outside AWS's endpoint catalogue: only the internet (IGW or NAT) reaches it. */
  | { kind: "internet"; host: string }
  /** NFS (TCP 2049) to an EFS mount target in the task's Availability Zone. */
  | { kind: "nfs"; fileSystemId: string }
  | { kind: "none" };

export interface TaskNeed {
  kind: NeedKind;
  /** Stable key: kind and target; two containers needing the same thing share one need. */
  key: string;
  /** What is needed, for messages: an ARN, an image, a host. */
  target: string;
  /** Where in the task definition the need comes from, e.g. `containerDefinitions[0].secrets[1].valueFrom`. */
  sources: string[];
  /** Names of the containers that need it (empty for task-level needs such as volumes). */
  containers: string[];
  network: NetworkRequirement;
  iam: IamRequirement[];
  /** Facts a reader must know (cross-account repository, cross-region target...). */
  notes: string[];
  /**
   * Set when the need arises only in a state of AWS the stack does not tell (a pull the cache
   * does not hold yet): why. A check of it that fails is then unknown, naming this, never a finding.
   */
  arisesOnly?: string;
}

export interface NeedKindInfo {
  kind: NeedKind;
  title: string;
  /**
   * When a missing path or permission shows: at start-up (the task stops), or only once the
   * task runs and the feature is used (ECS Exec: the task starts, sessions fail).
   */
  failsAt: "start-up" | "in-use";
  /** What a task shows when the network path is missing. */
  networkError: string;
  /** What a task shows when the IAM permission is missing. */
  iamError: string;
}

const PREFIX = "ResourceInitializationError: unable to pull secrets or registry auth";

export const NEED_KINDS: Readonly<Record<NeedKind, NeedKindInfo>> = {
  "ecr-image": {
    kind: "ecr-image",
    title: "ECR image pull",
    failsAt: "start-up",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.<region>.amazonaws.com/"`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve ecr registry auth ... AccessDeniedException (or CannotPullContainerError: ... not authorized to perform ecr:BatchGetImage)`,
  },
  "ecr-cache-import": {
    kind: "ecr-cache-import",
    title: "pull-through cache import (a tag the cache does not hold yet)",
    failsAt: "start-up",
    // AWS documents the requirement, not the text the agent prints: the pull fails as CannotPullContainerError.
    networkError:
      "CannotPullContainerError: the pull-through cache cannot fetch the image from its upstream registry (the first pull through a cache rule, with ECR reached through VPC endpoints, needs a NAT route to the internet)",
    iamError:
      "CannotPullContainerError: ... denied: User: arn:aws:sts::<account>:assumed-role/<execution role>/<task id> is not authorized to perform: ecr:BatchImportUpstreamImage (or ecr:CreateRepository) on resource: <cache repository ARN>",
  },
  "ecr-layers": {
    kind: "ecr-layers",
    title: "ECR image layers from S3",
    failsAt: "start-up",
    networkError: `${PREFIX}: pull command failed: : signal: killed (CannotPullContainerError: layer download from prod-<region>-starport-layer-bucket timed out)`,
    // Refused by the S3 gateway endpoint's policy (https://repost.aws/knowledge-center/ecs-pull-container-api-error-ecr):
    // the layer download answers 403 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cannot-pull-container.html).
    iamError:
      "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://prod-<region>-starport-layer-bucket.s3.<region>.amazonaws.com/...: 403 Forbidden",
  },
  "internet-image": {
    kind: "internet-image",
    title: "image from a registry outside ECR",
    failsAt: "start-up",
    networkError:
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ...: dial tcp: i/o timeout",
    iamError: "CannotPullContainerError: pull access denied",
  },
  awslogs: {
    kind: "awslogs",
    title: "awslogs log driver",
    failsAt: "start-up",
    networkError:
      "ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream: RequestError: send request failed ... context deadline exceeded",
    iamError:
      "ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException",
  },
  "secretsmanager-secret": {
    kind: "secretsmanager-secret",
    title: "Secrets Manager secret",
    failsAt: "start-up",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): ... context deadline exceeded. Please check your task network configuration.`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: ... AccessDeniedException: ... is not authorized to perform: secretsmanager:GetSecretValue`,
  },
  "ssm-parameter": {
    kind: "ssm-parameter",
    title: "SSM parameter",
    failsAt: "start-up",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestError: send request failed ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secrets from ssm: AccessDeniedException: ... is not authorized to perform: ssm:GetParameters`,
  },
  "kms-key": {
    kind: "kms-key",
    title: "customer managed KMS key",
    failsAt: "start-up",
    networkError: `${PREFIX}: execution resource retrieval failed: ... KMS ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: ... AccessDeniedException: Access to KMS is not allowed (kms:Decrypt)`,
  },
  "environment-file": {
    kind: "environment-file",
    title: "environment file in S3",
    failsAt: "start-up",
    networkError:
      "ResourceInitializationError: failed to download env files: file download command: non empty error stream: RequestError: send request failed ... context deadline exceeded",
    iamError:
      "ResourceInitializationError: failed to download env files: file download command: non empty error stream: AccessDenied: Access Denied",
  },
  "registry-credentials": {
    kind: "registry-credentials",
    title: "private registry credentials",
    failsAt: "start-up",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s) ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException`,
  },
  "efs-volume": {
    kind: "efs-volume",
    title: "EFS volume",
    failsAt: "start-up",
    networkError:
      "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: ... mount.nfs4: Connection timed out",
    iamError:
      "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: ... mount.nfs4: access denied by server",
  },
  "ecs-exec": {
    kind: "ecs-exec",
    title: "ECS Exec",
    failsAt: "in-use",
    networkError:
      "ECS Exec sessions fail: the SSM agent in the task cannot reach ssmmessages (TargetNotConnectedException)",
    iamError: "ECS Exec sessions fail: the task role lacks ssmmessages:*Channel (TargetNotConnectedException)",
  },
  "ecs-control-plane": {
    kind: "ecs-control-plane",
    title: "ECS agent control plane",
    failsAt: "start-up",
    networkError:
      "Tasks stay in PROVISIONING and stop: the agent cannot reach the ecs, ecs-agent and ecs-telemetry endpoints",
    iamError: "-",
  },
};
