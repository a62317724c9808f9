import { referenceStack } from "../fixtures/stacks";
import { asEc2Service } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-TASK-DEFINITION", {
  failing: [
    {
      title: "invalid JSON",
      stack: () => referenceStack("deployed").patch("api-task", (p) => (p.containerDefinitions = '[{"name": "api",')),
      expected: ["FARGATE-TASK-DEFINITION api-task"],
    },
    {
      title: "image of the wrong type",
      stack: () =>
        referenceStack("deployed").patch(
          "api-task",
          (p) => (p.containerDefinitions = JSON.stringify([{ name: "api", image: 42 }])),
        ),
      expected: ["FARGATE-TASK-DEFINITION api-task"],
    },
  ],
  passing: [{ title: "valid definitions", stack: () => referenceStack("deployed") }],
  notApplicable: [
    {
      title: "not a Fargate service",
      stack: () => asEc2Service(referenceStack("deployed").patch("api-task", (p) => (p.containerDefinitions = "[{"))),
    },
  ],
  unknown: [
    {
      title: "container definitions computed",
      stack: () => referenceStack("preview"),
      names: /containerDefinitions of api-task is computed at preview/,
    },
  ],
});
