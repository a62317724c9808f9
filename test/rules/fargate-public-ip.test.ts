import { UNKNOWN } from "../../model";
import { publicStack, referenceStack } from "../fixtures/stacks";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-PUBLIC-IP", {
  failing: [
    {
      title: "public subnets, assignPublicIp false (deployed)",
      stack: () => publicStack("deployed", false),
      expected: ["FARGATE-PUBLIC-IP api-service"],
    },
    {
      title: "public subnets, assignPublicIp false (preview)",
      stack: () => publicStack("preview", false),
      expected: ["FARGATE-PUBLIC-IP api-service"],
    },
  ],
  passing: [{ title: "public subnets with public IPs", stack: () => publicStack("preview", true) }],
  notApplicable: [{ title: "private subnets with endpoints", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "assignPublicIp computed",
      stack: () =>
        publicStack("deployed", false).patch(
          "api-service",
          (p) => ((p.networkConfiguration as Record<string, unknown>).assignPublicIp = UNKNOWN),
        ),
      names: /assignPublicIp is computed at preview/,
    },
  ],
});
