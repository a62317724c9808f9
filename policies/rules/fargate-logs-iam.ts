import { iamFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-LOGS-IAM",
  description:
    "The execution role may create log streams and put log events in each awslogs log group (and create it when awslogs-create-group is set).",
  explanation:
    "The awslogs driver runs as the execution role; without logs:CreateLogStream the task stops with failed to initialize logging driver.",
  fix: "Grant logs:CreateLogStream and logs:PutLogEvents on arn:...:log-group:<name>:* (FargateExecutionRole).",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      new aws.iam.RolePolicy("api-execution-logs", {
        role: executionRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "logs:PutLogEvents", Resource: pulumi.concat(logGroup.arn, ":*") },
          ],
        }),
      });
    `,
    passing: code`
      new aws.iam.RolePolicy("api-execution-logs", {
        role: executionRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: pulumi.concat(logGroup.arn, ":*"),
            },
          ],
        }),
      });
    `,
  },
  check: (analysis) => iamFindings("FARGATE-LOGS-IAM", analysis),
};
