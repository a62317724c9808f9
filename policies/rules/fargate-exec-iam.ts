import { iamFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXEC-IAM",
  description: "With ECS Exec on, the task role may open Session Manager channels.",
  explanation:
    "The SSM agent in the task uses the task role: without ssmmessages:*Channel every exec session fails (the task itself starts).",
  fix: "Grant ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel on * to the task role.",
  defaultLevel: "advisory",
  check: (analysis) => iamFindings("FARGATE-EXEC-IAM", analysis, ["ecs-exec"], "task"),
};
