/**
 * FireLens on Fargate: what RegisterTaskDefinition, CreateService and the agent refuse in a
 * task definition that routes logs through a log router container. Pure checks over the
 * containers; each problem carries the text AWS answers with.
 * Sources: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html,
 * firelens-taskdef.html, and the ECS agent (aws/amazon-ecs-agent agent/taskresource/firelens/
 * firelens_unix.go option checks, firelensconfig_unix.go addOutputSection, agent/api/task/task.go).
 */
import type { ContainerView } from "./containers";
import type { OsKind } from "./task-size";

export const FIRELENS_SOURCES = [
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html",
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html",
] as const;

/** What would make FireLens right, as data (the rules render it: policies/analysis/startup-fixes.ts). */
export type FirelensFix =
  | { kind: "firelens-on-linux" }
  | { kind: "add-log-router" }
  | { kind: "log-with-awsfirelens" }
  | { kind: "config-file-in-image" }
  | { kind: "name-output-plugin"; container: string; key: string };

export interface FirelensProblem {
  problem: string;
  awsError: string;
  /** When AWS answers: at registration or service creation (the deployment stops), or when a task starts. */
  when: "deployment" | "start";
  fix: FirelensFix;
}

/** The log option naming the output plugin, per router type (the agent's outputTypeLogOptionKey*). */
const OUTPUT_KEY: Readonly<Record<string, string>> = { fluentbit: "Name", fluentd: "@type" };
/** Options of an awsfirelens container the agent does not pass to the plugin. */
const NOT_PLUGIN_OPTIONS = new Set(["include-pattern", "exclude-pattern", "log-driver-buffer-limit"]);
const CONFIG_FILE_TYPES = new Set(["s3", "file"]);

export function firelensProblems(containers: readonly ContainerView[], os: OsKind | undefined): FirelensProblem[] {
  const problems: FirelensProblem[] = [];
  const users = containers.filter((container) => container.logDriver === "awsfirelens");
  const routers = containers.filter((container) => container.firelens !== undefined);
  if (users.length === 0 && routers.length === 0) return problems;
  if (os === "windows")
    problems.push({
      problem: "FireLens is not available to Windows containers",
      awsError: "ClientException (RegisterTaskDefinition refuses FireLens for Windows containers)",
      when: "deployment",
      fix: { kind: "firelens-on-linux" },
    });
  if (users.length > 0 && routers.length === 0)
    problems.push({
      problem: `container${users.length > 1 ? "s" : ""} ${users.map((c) => `"${c.name}"`).join(", ")} log with awsfirelens, but no container is a log router (firelensConfiguration)`,
      awsError:
        "ClientException: When awsfirelens log driver is specified in log configuration, a firelens configuration object must be configured in one of the containers.",
      when: "deployment",
      fix: { kind: "add-log-router" },
    });
  if (routers.length > 0 && users.length === 0)
    problems.push({
      problem: `container "${routers[0].name}" is a log router, but no container logs with awsfirelens`,
      awsError:
        "ClientException: When a firelensConfiguration object is specified, at least one container has to be configured with the awsfirelens log driver.",
      when: "deployment",
      fix: { kind: "log-with-awsfirelens" },
    });
  for (const router of routers) problems.push(...configFileProblems(router));
  const type = routers[0]?.firelens?.type;
  const outputKey = type ? OUTPUT_KEY[type] : undefined;
  if (outputKey) for (const user of users) problems.push(...outputProblems(user, type!, outputKey));
  return problems;
}

function configFileProblems(router: ContainerView): FirelensProblem[] {
  const options = router.firelens?.options ?? {};
  const type = options["config-file-type"];
  if (type === undefined) return [];
  if (type === "s3")
    return [
      {
        problem: `log router "${router.name}" reads its configuration from S3 (config-file-type s3), which Fargate does not support`,
        awsError:
          "PlatformTaskDefinitionIncompatibilityException: One or more of the requested capabilities are not supported.",
        when: "deployment",
        fix: { kind: "config-file-in-image" },
      },
    ];
  if (!CONFIG_FILE_TYPES.has(type))
    return [
      {
        problem: `log router "${router.name}" has config-file-type "${type}" (only "file" on Fargate)`,
        awsError: `invalid value ${type} is specified for option config-file-type`,
        when: "start",
        fix: { kind: "config-file-in-image" },
      },
    ];
  if (options["config-file-value"] === undefined)
    return [
      {
        problem: `log router "${router.name}" sets config-file-type but no config-file-value`,
        awsError: "option config-file-type is specified but config-file-value is not specified",
        when: "start",
        fix: { kind: "config-file-in-image" },
      },
    ];
  return [];
}

function outputProblems(user: ContainerView, type: string, outputKey: string): FirelensProblem[] {
  const pluginOptions = Object.keys(user.logOptions).filter((key) => key !== outputKey && !NOT_PLUGIN_OPTIONS.has(key));
  const secretOptions = user.secrets.filter((secret) => secret.field.includes(".logConfiguration.secretOptions"));
  if (user.logOptions[outputKey] !== undefined || (pluginOptions.length === 0 && secretOptions.length === 0)) return [];
  return [
    {
      problem: `container "${user.name}" gives awsfirelens plugin options (${[...pluginOptions, ...(secretOptions.length > 0 ? ["secretOptions"] : [])].join(", ")}) but not "${outputKey}", the output plugin`,
      awsError: `missing output key ${outputKey} which is required for firelens configuration of type ${type}`,
      when: "start",
      fix: { kind: "name-output-plugin", container: user.name, key: outputKey },
    },
  ];
}
