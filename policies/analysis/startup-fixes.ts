/**
 * The fixes of the start-up rules beyond network and IAM (task size, Fargate's parameters,
 * platform versions, FireLens, images, secret values, log groups, repositories, subnets,
 * capacity providers), as data, with their sentences: members of the one `Fix` union
 * (./fix.ts), rendered there and nowhere else.
 */
import { fargateSizesText, FirelensFix, TaskSizeFix } from "../../model/startup";

export type StartupFix =
  | TaskSizeFix
  | FirelensFix
  | { kind: "set-awsvpc" }
  | { kind: "remove-fargate-refused"; parameters: readonly string[] }
  | { kind: "require-fargate" }
  | { kind: "add-network-configuration" }
  | { kind: "use-supported-platform-version" }
  | { kind: "build-for-platform"; platform: string }
  | { kind: "write-image-reference" }
  | { kind: "write-secret-value-from" }
  | { kind: "name-secret-key"; key: string }
  | { kind: "name-secret-version" }
  | { kind: "registry-credentials-json" }
  | { kind: "create-log-group"; group: string }
  | { kind: "create-repository" }
  | { kind: "room-in-subnets" }
  | { kind: "associate-capacity-providers"; providers: readonly string[] };

type StartupFixOf<K extends StartupFix["kind"]> = Extract<StartupFix, { kind: K }>;

const WHAT_FITS: Readonly<Record<StartupFixOf<"fit-containers">["what"], string>> = {
  cpu: "lower the containers' cpu, or raise the task's cpu to a Fargate size that holds them",
  memory: "lower the container's memory, or raise the task's memory",
  memoryReservation: "lower the containers' memoryReservation (at most each one's memory), or raise the task's memory",
};

/** The sentence of each start-up fix: lower case, no final full stop (see ./fix.ts). */
export const STARTUP_FIX_TEXT: { [K in StartupFix["kind"]]: (fix: StartupFixOf<K>) => string } = {
  "use-fargate-size": (fix) =>
    `use one of Fargate's sizes for ${fix.os === "windows" ? "Windows" : "Linux"}: ${fargateSizesText(fix.os)}`,
  "set-task-size": (fix) =>
    `set ${fix.field} on the task definition (Fargate's sizes for ${fix.os === "windows" ? "Windows" : "Linux"}: ${fargateSizesText(fix.os)})`,
  "fit-containers": (fix) =>
    fix.container ? `${WHAT_FITS[fix.what]} (container "${fix.container}")` : WHAT_FITS[fix.what],
  "windows-on-x86": () => "set runtimePlatform.cpuArchitecture to X86_64, or run Linux containers",
  "ephemeral-storage-in-range": () => "set ephemeralStorage.sizeInGiB between 21 and 200, or leave it out for 20 GiB",
  "firelens-on-linux": () => "route the logs with awslogs, or run the task on Linux",
  "add-log-router": () =>
    'add a log router container with firelensConfiguration { type: "fluentbit" } (the AWS for Fluent Bit image)',
  "log-with-awsfirelens": () =>
    'set logConfiguration.logDriver "awsfirelens" on the containers whose logs it routes, or remove firelensConfiguration',
  "config-file-in-image": () =>
    'put the configuration file in the router image (or a volume) and set config-file-type "file" and config-file-value to its path',
  "name-output-plugin": (fix) =>
    `add "${fix.key}" (the output plugin, for example "cloudwatch_logs") to the logConfiguration options of container "${fix.container}"`,
  "set-awsvpc": () => 'set networkMode: "awsvpc" on the task definition',
  "remove-fargate-refused": (fix) =>
    `remove ${fix.parameters.join(", ")} (Fargate adds no capability but SYS_PTRACE and takes none of the host-level parameters)`,
  "require-fargate": () => 'set requiresCompatibilities: ["FARGATE"] on the task definition',
  "add-network-configuration": () =>
    "set networkConfiguration on the service: the task subnets, security groups, and assignPublicIp where the subnets are public",
  "use-supported-platform-version": () =>
    "remove platformVersion (AWS runs LATEST: Linux 1.4.0, Windows 1.0.0), or pin 1.4.0 on Linux",
  "build-for-platform": (fix) =>
    `build the image for ${fix.platform}, or set the task definition's runtimePlatform.cpuArchitecture to the image's architecture`,
  "write-image-reference": () =>
    "write the image as [registry/]repository[:tag][@sha256:digest], the repository in lower case",
  "write-secret-value-from": () =>
    "write <secret ARN>:<json-key>:<version-stage>:<version-id> with all three colons (empty fields allowed), or the secret ARN alone",
  "name-secret-key": (fix) => `add the key "${fix.key}" to the secret's JSON object, or name a key it has`,
  "name-secret-version": () =>
    "name a staging label or version the secret has (leave both empty for AWSCURRENT), or give the secret that version in this stack",
  "registry-credentials-json": () => 'set the secret to the JSON object {"username": "<user>", "password": "<token>"}',
  "create-log-group": (fix) =>
    `create the log group in this stack (aws.cloudwatch.LogGroup, name ${fix.group}) and take awslogs-group from it, or set awslogs-create-group "true" and allow logs:CreateLogGroup to the execution role`,
  "create-repository": () =>
    "create the repository in this stack (aws.ecr.Repository) and take the image from its repositoryUrl",
  "room-in-subnets": () =>
    "use larger subnets or add subnets to the service, or lower desiredCount or deploymentMaximumPercent",
  "associate-capacity-providers": (fix) =>
    `associate ${fix.providers.join(" and ")} with the cluster (aws.ecs.ClusterCapacityProviders capacityProviders), or use launchType FARGATE`,
};
