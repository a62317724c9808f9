import { referenceStack } from "../fixtures/stacks";
import { unknownProperty, withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-SSM-NETWORK", {
  failing: [
    {
      title: "no ssm endpoint",
      stack: () => referenceStack("deployed").remove("ssm-endpoint"),
      expected: ["FARGATE-SSM-NETWORK api-service"],
    },
    {
      title: "parameter ARN in another region, no internet path",
      stack: () =>
        withContainers(
          referenceStack("deployed"),
          (c) =>
            ((c[0].secrets as { valueFrom: string }[])[1].valueFrom =
              "arn:aws:ssm:us-west-2:111122223333:parameter/shop/token"),
        ),
      expected: ["FARGATE-SSM-NETWORK private-rt"],
    },
  ],
  passing: [{ title: "ssm endpoint", stack: () => referenceStack("deployed") }],
  notApplicable: [
    {
      title: "no parameters",
      stack: () => withContainers(referenceStack("deployed").remove("ssm-endpoint"), (c) => delete c[0].secrets),
    },
  ],
  unknown: [
    {
      title: "privateDnsEnabled of the ssm endpoint computed",
      stack: () => unknownProperty(referenceStack("deployed"), "ssm-endpoint", "privateDnsEnabled"),
      names: /privateDnsEnabled of endpoint ssm-endpoint .*is computed at preview/,
    },
  ],
});
