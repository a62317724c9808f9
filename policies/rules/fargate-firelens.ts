import { FIRELENS_SOURCES, firelensProblems } from "../../model/startup";
import { fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-FIRELENS";

export const rule: Rule = {
  id: ID,
  description:
    "A Fargate task definition that routes logs with FireLens has exactly the pieces Fargate accepts: a log router for every awsfirelens user and a user for the router, a configuration file of type file, and an output plugin name for plugin options.",
  explanation:
    "RegisterTaskDefinition refuses awsfirelens without a log router container (and a router nobody uses); Fargate cannot read a router configuration from S3 (CreateService is refused), and the agent stops the task when config-file-type is wrong, config-file-value is missing, or plugin options come without the plugin's Name (@type for Fluentd).",
  fix: "Add one log router (firelensConfiguration) beside the awsfirelens containers, use config-file-type file with a path in the router image, and name the output plugin in each awsfirelens logConfiguration.",
  defaultLevel: "mandatory",
  awsErrors: [
    "ClientException: When awsfirelens log driver is specified in log configuration, a firelens configuration object must be configured in one of the containers.",
    "ClientException: When a firelensConfiguration object is specified, at least one container has to be configured with the awsfirelens log driver.",
    "PlatformTaskDefinitionIncompatibilityException: One or more of the requested capabilities are not supported.",
    "invalid value <type> is specified for option config-file-type",
    "option config-file-type is specified but config-file-value is not specified",
    "missing output key Name which is required for firelens configuration of type fluentbit",
  ],
  sources: [...FIRELENS_SOURCES],
  docs: {
    failing: code`
      const containers = [
        {
          name: "api",
          image: apiImage,
          logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } },
        },
      ];
    `,
    passing: code`
      const containers = [
        {
          name: "api",
          image: apiImage,
          logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } },
        },
        { name: "log-router", image: fluentBitImage, firelensConfiguration: { type: "fluentbit" } },
      ];
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task): Finding[] => {
      if (!task.containers) return [];
      const problems = firelensProblems(task.containers, task.os);
      if (problems.length === 0) return [];
      const atStart = problems.every((problem) => problem.when === "start");
      return [
        finding(ID, task.taskDefinition.urn, {
          problem: `task definition "${label(analysis.model, task.taskDefinition.urn)}" routes logs with FireLens in a way Fargate refuses: ${problems.map((p) => p.problem).join("; ")}.`,
          consequence: {
            kind: atStart ? "tasks-stop" : "deployment-stops",
            error: problems.map((p) => p.awsError).join(" | "),
          },
          fixes: problems.map((p) => p.fix),
        }),
      ];
    }),
};
