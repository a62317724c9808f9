import { natStack, referenceStack } from "../fixtures/stacks";
import { unknownProperty, withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-INTERNET-IMAGE", {
  failing: [
    {
      title: "Docker Hub image in private subnets",
      stack: () => withContainers(referenceStack("deployed"), (c) => (c[0].image = "nginx:1.27")),
      expected: ["FARGATE-INTERNET-IMAGE private-rt"],
    },
    {
      title: "public.ecr.aws image in private subnets",
      stack: () => withContainers(referenceStack("deployed"), (c) => (c[0].image = "public.ecr.aws/nginx/nginx:1")),
      expected: ["FARGATE-INTERNET-IMAGE private-rt"],
    },
  ],
  passing: [
    {
      title: "Docker Hub image through NAT",
      stack: () => withContainers(natStack("deployed"), (c) => (c[0].image = "nginx:1.27")),
    },
  ],
  notApplicable: [{ title: "ECR image", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "NAT gateway of the default route computed with nothing to follow",
      stack: () =>
        unknownProperty(
          withContainers(natStack("deployed"), (c) => (c[0].image = "nginx:1.27")),
          "private-default",
          "natGatewayId",
        ),
      names: /points at a target computed at preview/,
    },
  ],
});
