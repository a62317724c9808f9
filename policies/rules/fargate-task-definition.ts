import { serviceName } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-TASK-DEFINITION",
  description: "The container definitions of every Fargate task definition can be read (valid JSON, the right types).",
  explanation:
    "A task definition that cannot be parsed fails to register, or registers with values ECS rejects at start; fargate-preflight also cannot tell its start-up needs.",
  fix: "Correct the field the finding names.",
  defaultLevel: "mandatory",
  check: (analysis) =>
    analysis.services.flatMap((service) =>
      service.error
        ? [
            {
              ruleId: "FARGATE-TASK-DEFINITION",
              urn: service.taskDefinition?.urn ?? service.service.urn,
              message:
                `${serviceName(analysis.model, service)}: its task definition cannot be read: ${service.error.message}.\n` +
                "The task definition is rejected at registration (ClientException) or its tasks fail to start.\n" +
                `Fix: correct ${service.error.field}.`,
            },
          ]
        : [],
    ),
};
