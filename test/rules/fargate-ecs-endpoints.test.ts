import { natStack, referenceStack } from "../fixtures/stacks";
import { unknownProperty } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const newRegion = { region: "mx-central-1" };

describeRule("FARGATE-ECS-ENDPOINTS", {
  failing: [
    {
      title: "region opened in 2025, private subnets without ecs endpoints",
      stack: () => referenceStack("deployed"),
      config: newRegion,
      expected: ["FARGATE-ECS-ENDPOINTS api-service"],
    },
    {
      title: "the same at preview",
      stack: () => referenceStack("preview"),
      config: newRegion,
      expected: ["FARGATE-ECS-ENDPOINTS api-service"],
    },
  ],
  passing: [{ title: "NAT gateway", stack: () => natStack("deployed"), config: newRegion }],
  notApplicable: [{ title: "region opened before 2023-12-23", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "NAT route target computed",
      stack: () => unknownProperty(natStack("deployed"), "private-default", "natGatewayId"),
      config: newRegion,
      names: /points at a target computed at preview/,
    },
  ],
});
