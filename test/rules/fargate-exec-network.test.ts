import { referenceStack } from "../fixtures/stacks";
import { withExecuteCommand, withInterfaceEndpoint } from "../fixtures/variants";
import { UNKNOWN } from "../../model";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-EXEC-NETWORK", {
  failing: [
    {
      title: "ECS Exec without an ssmmessages endpoint",
      stack: () => withExecuteCommand(referenceStack("deployed")),
      expected: ["FARGATE-EXEC-NETWORK api-service"],
    },
    {
      title: "ssmmessages endpoint with private DNS off",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("deployed")), "ssmmessages", false),
      expected: ["FARGATE-EXEC-NETWORK ssmmessages-endpoint"],
    },
  ],
  passing: [
    {
      title: "ssmmessages endpoint",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("preview")), "ssmmessages"),
    },
  ],
  notApplicable: [{ title: "ECS Exec off", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "privateDnsEnabled of the ssmmessages endpoint computed",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("deployed")), "ssmmessages", UNKNOWN),
      names: /privateDnsEnabled of endpoint ssmmessages-endpoint .*is computed at preview/,
    },
  ],
});
