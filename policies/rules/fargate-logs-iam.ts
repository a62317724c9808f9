import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-LOGS-IAM",
  description:
    "The execution role may create log streams and put log events in each awslogs log group (and create it when awslogs-create-group is set).",
  explanation:
    "The awslogs driver runs as the execution role; without logs:CreateLogStream the task stops with failed to initialize logging driver.",
  fix: "Grant logs:CreateLogStream and logs:PutLogEvents on arn:...:log-group:<name>:* (FargateExecutionRole).",
  defaultLevel: "mandatory",
  check: (analysis) => iamFindings("FARGATE-LOGS-IAM", analysis, ["awslogs"], "execution"),
};
