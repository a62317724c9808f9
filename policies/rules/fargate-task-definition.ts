import { serviceName } from "./helpers";
import { code, finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-TASK-DEFINITION",
  description: "The container definitions of every Fargate task definition can be read (valid JSON, the right types).",
  explanation:
    "A task definition that cannot be parsed fails to register, or registers with values ECS rejects at start; fargate-preflight also cannot tell its start-up needs.",
  fix: "Correct the field the finding names.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        containerDefinitions: JSON.stringify([{ name: "api", image: 42 }]), // image is not a string
      });
    `,
    passing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        containerDefinitions: pulumi.jsonStringify([{ name: "api", image: repository.repositoryUrl }]),
      });
    `,
  },
  check: (analysis) =>
    analysis.services.flatMap((service) =>
      service.error
        ? [
            finding("FARGATE-TASK-DEFINITION", service.taskDefinition?.urn ?? service.service.urn, {
              problem: `${serviceName(analysis.model, service)}: its task definition cannot be read: ${service.error.message}.`,
              consequence: {
                kind: "outcome",
                text: "The task definition is rejected at registration (ClientException) or its tasks fail to start.",
              },
              fixes: [{ kind: "correct-field", field: service.error.field }],
            }),
          ]
        : [],
    ),
};
