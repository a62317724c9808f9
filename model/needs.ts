/**
 * The start-up needs of a Fargate task: what each one must reach on the network, which
 * IAM actions it needs on which ARNs, and the error a task shows when it is missing.
 */
import type { AwsServiceKey } from "./services";

export type NeedKind =
  | "ecr-image"
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
}

export interface NeedKindInfo {
  kind: NeedKind;
  title: string;
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
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.<region>.amazonaws.com/"`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve ecr registry auth ... AccessDeniedException (or CannotPullContainerError: ... not authorized to perform ecr:BatchGetImage)`,
  },
  "ecr-layers": {
    kind: "ecr-layers",
    title: "ECR image layers from S3",
    networkError: `${PREFIX}: pull command failed: : signal: killed (CannotPullContainerError: layer download from prod-<region>-starport-layer-bucket timed out)`,
    iamError: "CannotPullContainerError: AccessDenied from prod-<region>-starport-layer-bucket",
  },
  "internet-image": {
    kind: "internet-image",
    title: "image from a registry outside ECR",
    networkError:
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ...: dial tcp: i/o timeout",
    iamError: "CannotPullContainerError: pull access denied",
  },
  awslogs: {
    kind: "awslogs",
    title: "awslogs log driver",
    networkError:
      "ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream: RequestError: send request failed ... context deadline exceeded",
    iamError:
      "ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException",
  },
  "secretsmanager-secret": {
    kind: "secretsmanager-secret",
    title: "Secrets Manager secret",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): ... context deadline exceeded. Please check your task network configuration.`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: ... AccessDeniedException: ... is not authorized to perform: secretsmanager:GetSecretValue`,
  },
  "ssm-parameter": {
    kind: "ssm-parameter",
    title: "SSM parameter",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestError: send request failed ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secrets from ssm: AccessDeniedException: ... is not authorized to perform: ssm:GetParameters`,
  },
  "kms-key": {
    kind: "kms-key",
    title: "customer managed KMS key",
    networkError: `${PREFIX}: execution resource retrieval failed: ... KMS ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: ... AccessDeniedException: Access to KMS is not allowed (kms:Decrypt)`,
  },
  "environment-file": {
    kind: "environment-file",
    title: "environment file in S3",
    networkError:
      "ResourceInitializationError: failed to download env files: file download command: non empty error stream: RequestError: send request failed ... context deadline exceeded",
    iamError:
      "ResourceInitializationError: failed to download env files: file download command: non empty error stream: AccessDenied: Access Denied",
  },
  "registry-credentials": {
    kind: "registry-credentials",
    title: "private registry credentials",
    networkError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s) ... context deadline exceeded`,
    iamError: `${PREFIX}: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException`,
  },
  "efs-volume": {
    kind: "efs-volume",
    title: "EFS volume",
    networkError:
      "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: ... mount.nfs4: Connection timed out",
    iamError:
      "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: ... mount.nfs4: access denied by server",
  },
  "ecs-exec": {
    kind: "ecs-exec",
    title: "ECS Exec",
    networkError:
      "ECS Exec sessions fail: the SSM agent in the task cannot reach ssmmessages (TargetNotConnectedException)",
    iamError: "ECS Exec sessions fail: the task role lacks ssmmessages:*Channel (TargetNotConnectedException)",
  },
  "ecs-control-plane": {
    kind: "ecs-control-plane",
    title: "ECS agent control plane",
    networkError:
      "Tasks stay in PROVISIONING and stop: the agent cannot reach the ecs, ecs-agent and ecs-telemetry endpoints",
    iamError: "-",
  },
};
