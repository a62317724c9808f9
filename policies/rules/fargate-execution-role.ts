import { label } from "../analysis/label";
import { serviceName } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXECUTION-ROLE",
  description:
    "A task definition that needs AWS calls at start-up has an execution role that ecs-tasks.amazonaws.com may assume.",
  explanation:
    "Image pulls from ECR, secrets, parameters and awslogs run as the execution role. Without one, or with a trust policy that does not name ecs-tasks.amazonaws.com, every such call fails before the container starts.",
  fix: "Set executionRoleArn on the task definition to a role trusting ecs-tasks.amazonaws.com (FargateExecutionRole creates one).",
  defaultLevel: "mandatory",
  check: (analysis) =>
    analysis.services.flatMap((service) => {
      const name = serviceName(analysis.model, service);
      if (service.executionRoleMissing && service.taskDefinition) {
        return [
          {
            ruleId: "FARGATE-EXECUTION-ROLE",
            urn: service.taskDefinition.urn,
            message:
              `${name}: task definition ${label(analysis.model, service.taskDefinition.urn)} has no executionRoleArn, but its tasks pull from ECR or read secrets, parameters or logs at start-up.\n` +
              "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth (no credentials to make the calls)\n" +
              "Fix: set executionRoleArn to a role trusting ecs-tasks.amazonaws.com (new FargateExecutionRole(...).role.arn).",
          },
        ];
      }
      const trust = service.executionRoleTrust;
      if (service.executionRole && trust?.status === "missing") {
        return [
          {
            ruleId: "FARGATE-EXECUTION-ROLE",
            urn: service.executionRole.urn,
            message:
              `${name}: execution role ${label(analysis.model, service.executionRole.urn)} cannot be assumed by ECS: ${trust.why}.\n` +
              "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth ... (ECS cannot assume the execution role)\n" +
              'Fix: allow { "Service": "ecs-tasks.amazonaws.com" } to call sts:AssumeRole in assumeRolePolicy.',
          },
        ];
      }
      return [];
    }),
};
