import { natStack, referenceStack } from "../fixtures/stacks";
import { unknownProperty, withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-SECRETS-NETWORK", {
  failing: [
    {
      title: "seed 000: no Secrets Manager endpoint (deployed)",
      stack: () => referenceStack("deployed").remove("secretsmanager-endpoint"),
      expected: ["FARGATE-SECRETS-NETWORK api-service"],
    },
    {
      title: "seed 000: no Secrets Manager endpoint (preview)",
      stack: () => referenceStack("preview").remove("secretsmanager-endpoint"),
      expected: ["FARGATE-SECRETS-NETWORK api-service"],
    },
  ],
  passing: [
    { title: "Secrets Manager endpoint", stack: () => referenceStack("preview") },
    { title: "NAT gateway", stack: () => natStack("deployed") },
  ],
  notApplicable: [
    {
      title: "no secrets",
      stack: () =>
        withContainers(referenceStack("deployed").remove("secretsmanager-endpoint"), (c) => delete c[0].secrets),
    },
  ],
  unknown: [
    {
      title: "subnets of the Secrets Manager endpoint computed",
      stack: () => unknownProperty(referenceStack("preview"), "secretsmanager-endpoint", "subnetIds"),
      names: /subnets of endpoint secretsmanager-endpoint are computed at preview/,
    },
  ],
});
