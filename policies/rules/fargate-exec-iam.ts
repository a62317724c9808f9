import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXEC-IAM",
  description: "With ECS Exec on, the task role may open Session Manager channels.",
  explanation:
    "The SSM agent in the task uses the task role: without ssmmessages:*Channel every exec session fails (the task itself starts).",
  fix: "Grant ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel on * to the task role.",
  defaultLevel: "advisory",
  docs: {
    failing: code`
      new aws.ecs.Service("api", {
        // ...
        enableExecuteCommand: true, // the task definition has no taskRoleArn
      });
    `,
    passing: code`
      new aws.iam.RolePolicy("api-task-exec", {
        role: taskRole.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
              ],
              Resource: "*",
            },
          ],
        }),
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-EXEC-IAM", analysis),
};
