import { referenceStack } from "../fixtures/stacks";
import { withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-REFERENCE", {
  failing: [
    {
      title: "a literal secret ARN with a stale random suffix",
      stack: () =>
        withContainers(
          referenceStack("deployed"),
          (c) =>
            ((c[0].secrets as { valueFrom: string }[])[0].valueFrom =
              "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-OlD999"),
        ),
      expected: ["FARGATE-REFERENCE api-task"],
    },
    {
      title: "a parameter given by name that the stack creates in another region",
      stack: () => referenceStack("deployed").patch("token-param", (p) => (p.region = "us-west-2")),
      expected: ["FARGATE-REFERENCE api-task"],
    },
  ],
  passing: [
    { title: "the secret's own ARN", stack: () => referenceStack("deployed") },
    {
      title: "a partial ARN of the stack's secret",
      stack: () =>
        withContainers(
          referenceStack("deployed"),
          (c) =>
            ((c[0].secrets as { valueFrom: string }[])[0].valueFrom =
              "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db"),
        ),
    },
  ],
  notApplicable: [
    { title: "no secrets", stack: () => withContainers(referenceStack("deployed"), (c) => delete c[0].secrets) },
  ],
  unknown: [
    {
      title: "container definitions computed at preview",
      stack: () => referenceStack("preview"),
      names: /containerDefinitions of api-task is computed at preview/,
    },
  ],
});
