import { UNKNOWN } from "../../model";
import { natStack, referenceStack } from "../fixtures/stacks";
import { withInterfaceEndpoint } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-DUPLICATE-PRIVATE-DNS", {
  failing: [
    {
      title: "a second logs endpoint with private DNS (deployed)",
      stack: () => withInterfaceEndpoint(referenceStack("deployed"), "logs"),
      expected: ["FARGATE-DUPLICATE-PRIVATE-DNS logs-endpoint-2"],
    },
    {
      title: "a second ssm endpoint with private DNS (preview)",
      stack: () => withInterfaceEndpoint(referenceStack("preview"), "ssm"),
      expected: ["FARGATE-DUPLICATE-PRIVATE-DNS ssm-endpoint-2"],
    },
  ],
  passing: [
    { title: "one endpoint per service", stack: () => referenceStack("deployed") },
    {
      title: "a second endpoint with private DNS off",
      stack: () => withInterfaceEndpoint(referenceStack("deployed"), "logs", false),
    },
  ],
  notApplicable: [{ title: "no interface endpoints", stack: () => natStack("deployed") }],
  unknown: [
    {
      title: "privateDnsEnabled of the second endpoint computed",
      stack: () => withInterfaceEndpoint(referenceStack("deployed"), "logs", UNKNOWN),
      names: /privateDnsEnabled of one is computed at preview/,
    },
  ],
});
