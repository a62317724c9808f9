/** An example of each start-up fix and its sentence (test/analysis/fix.test.ts checks them with the others). */
import type { StartupFix } from "../../policies/analysis/startup-fixes";

type Examples = { [K in StartupFix["kind"]]: [Extract<StartupFix, { kind: K }>, string][] };

const LINUX_SIZES =
  "cpu 256 with memory 512, 1024, 2048; cpu 512 with memory 1024 to 4096 in steps of 1024; cpu 1024 with memory 2048 to 8192 in steps of 1024; cpu 2048 with memory 4096 to 16384 in steps of 1024; cpu 4096 with memory 8192 to 30720 in steps of 1024; cpu 8192 with memory 16384 to 61440 in steps of 4096; cpu 16384 with memory 32768 to 122880 in steps of 8192";
const WINDOWS_SIZES =
  "cpu 1024 with memory 2048 to 8192 in steps of 1024; cpu 2048 with memory 4096 to 16384 in steps of 1024; cpu 4096 with memory 8192 to 30720 in steps of 1024";

export const STARTUP_FIX_EXAMPLES: Examples = {
  "use-fargate-size": [
    [{ kind: "use-fargate-size", os: "linux" }, `use one of Fargate's sizes for Linux: ${LINUX_SIZES}`],
    [{ kind: "use-fargate-size", os: "windows" }, `use one of Fargate's sizes for Windows: ${WINDOWS_SIZES}`],
  ],
  "set-task-size": [
    [
      { kind: "set-task-size", field: "memory", os: "linux" },
      `set memory on the task definition (Fargate's sizes for Linux: ${LINUX_SIZES})`,
    ],
  ],
  "fit-containers": [
    [
      { kind: "fit-containers", what: "cpu" },
      "lower the containers' cpu, or raise the task's cpu to a Fargate size that holds them",
    ],
    [
      { kind: "fit-containers", what: "memory", container: "api" },
      "lower the container's memory, or raise the task's memory (container \"api\")",
    ],
  ],
  "windows-on-x86": [
    [{ kind: "windows-on-x86" }, "set runtimePlatform.cpuArchitecture to X86_64, or run Linux containers"],
  ],
  "ephemeral-storage-in-range": [
    [
      { kind: "ephemeral-storage-in-range" },
      "set ephemeralStorage.sizeInGiB between 21 and 200, or leave it out for 20 GiB",
    ],
  ],
  "firelens-on-linux": [[{ kind: "firelens-on-linux" }, "route the logs with awslogs, or run the task on Linux"]],
  "add-log-router": [
    [
      { kind: "add-log-router" },
      'add a log router container with firelensConfiguration { type: "fluentbit" } (the AWS for Fluent Bit image)',
    ],
  ],
  "log-with-awsfirelens": [
    [
      { kind: "log-with-awsfirelens" },
      'set logConfiguration.logDriver "awsfirelens" on the containers whose logs it routes, or remove firelensConfiguration',
    ],
  ],
  "config-file-in-image": [
    [
      { kind: "config-file-in-image" },
      'put the configuration file in the router image (or a volume) and set config-file-type "file" and config-file-value to its path',
    ],
  ],
  "name-output-plugin": [
    [
      { kind: "name-output-plugin", container: "api", key: "Name" },
      'add "Name" (the output plugin, for example "cloudwatch_logs") to the logConfiguration options of container "api"',
    ],
  ],
  "set-awsvpc": [[{ kind: "set-awsvpc" }, 'set networkMode: "awsvpc" on the task definition']],
  "remove-fargate-refused": [
    [
      { kind: "remove-fargate-refused", parameters: ['privileged (container "api")'] },
      'remove privileged (container "api") (Fargate adds no capability but SYS_PTRACE and takes none of the host-level parameters)',
    ],
  ],
  "require-fargate": [[{ kind: "require-fargate" }, 'set requiresCompatibilities: ["FARGATE"] on the task definition']],
  "add-network-configuration": [
    [
      { kind: "add-network-configuration" },
      "set networkConfiguration on the service: the task subnets, security groups, and assignPublicIp where the subnets are public",
    ],
  ],
  "use-supported-platform-version": [
    [
      { kind: "use-supported-platform-version" },
      "remove platformVersion (AWS runs LATEST: Linux 1.4.0, Windows 1.0.0), or pin 1.4.0 on Linux",
    ],
  ],
  "build-for-platform": [
    [
      { kind: "build-for-platform", platform: "linux/amd64" },
      "build the image for linux/amd64, or set the task definition's runtimePlatform.cpuArchitecture to the image's architecture",
    ],
  ],
  "write-image-reference": [
    [
      { kind: "write-image-reference" },
      "write the image as [registry/]repository[:tag][@sha256:digest], the repository in lower case",
    ],
  ],
  "write-secret-value-from": [
    [
      { kind: "write-secret-value-from" },
      "write <secret ARN>:<json-key>:<version-stage>:<version-id> with all three colons (empty fields allowed), or the secret ARN alone",
    ],
  ],
  "name-secret-key": [
    [
      { kind: "name-secret-key", key: "password" },
      'add the key "password" to the secret\'s JSON object, or name a key it has',
    ],
  ],
  "name-secret-version": [
    [
      { kind: "name-secret-version" },
      "name a staging label or version the secret has (leave both empty for AWSCURRENT), or give the secret that version in this stack",
    ],
  ],
  "registry-credentials-json": [
    [
      { kind: "registry-credentials-json" },
      'set the secret to the JSON object {"username": "<user>", "password": "<token>"}',
    ],
  ],
  "create-log-group": [
    [
      { kind: "create-log-group", group: "/ecs/api" },
      'create the log group in this stack (aws.cloudwatch.LogGroup, name /ecs/api) and take awslogs-group from it, or set awslogs-create-group "true" and allow logs:CreateLogGroup to the execution role',
    ],
  ],
  "create-repository": [
    [
      { kind: "create-repository" },
      "create the repository in this stack (aws.ecr.Repository) and take the image from its repositoryUrl",
    ],
  ],
  "room-in-subnets": [
    [
      { kind: "room-in-subnets" },
      "use larger subnets or add subnets to the service, or lower desiredCount or deploymentMaximumPercent",
    ],
  ],
  "associate-capacity-providers": [
    [
      { kind: "associate-capacity-providers", providers: ["FARGATE", "FARGATE_SPOT"] },
      "associate FARGATE and FARGATE_SPOT with the cluster (aws.ecs.ClusterCapacityProviders capacityProviders), or use launchType FARGATE",
    ],
  ],
};
