import { natStack, referenceStack } from "../fixtures/stacks";
import { unknownProperty, withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-LOGS-NETWORK", {
  failing: [
    {
      title: "no logs endpoint",
      stack: () => referenceStack("preview").remove("logs-endpoint"),
      expected: ["FARGATE-LOGS-NETWORK api-service"],
    },
    {
      title: "awslogs-region in another region, no internet path",
      stack: () =>
        withContainers(
          referenceStack("deployed"),
          (c) =>
            ((c[0].logConfiguration as { options: Record<string, string> }).options["awslogs-region"] = "us-east-1"),
        ),
      expected: ["FARGATE-LOGS-NETWORK private-rt"],
    },
  ],
  passing: [
    { title: "logs endpoint", stack: () => referenceStack("deployed") },
    {
      title: "awslogs in another region through NAT",
      stack: () =>
        withContainers(
          natStack("deployed"),
          (c) =>
            ((c[0].logConfiguration as { options: Record<string, string> }).options["awslogs-region"] = "us-east-1"),
        ),
    },
  ],
  notApplicable: [
    {
      title: "no log configuration",
      stack: () =>
        withContainers(referenceStack("deployed").remove("logs-endpoint"), (c) => delete c[0].logConfiguration),
    },
  ],
  unknown: [
    {
      title: "security groups of the logs endpoint computed",
      stack: () => unknownProperty(referenceStack("preview"), "logs-endpoint", "securityGroupIds"),
      names: /security groups of endpoint logs-endpoint are computed at preview/,
    },
  ],
});
