import { natStack, referenceStack } from "../fixtures/stacks";
import { unknownProperty, withContainers } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-ECR-NETWORK", {
  failing: [
    {
      title: "no ecr.api endpoint, no NAT (deployed)",
      stack: () => referenceStack("deployed").remove("ecr.api-endpoint"),
      expected: ["FARGATE-ECR-NETWORK api-service"],
    },
    {
      title: "no ecr.dkr endpoint, no NAT (preview)",
      stack: () => referenceStack("preview").remove("ecr.dkr-endpoint"),
      expected: ["FARGATE-ECR-NETWORK api-service"],
    },
    {
      title: "ecr.dkr endpoint with private DNS off",
      stack: () => referenceStack("deployed").patch("ecr.dkr-endpoint", (p) => (p.privateDnsEnabled = false)),
      expected: ["FARGATE-ECR-NETWORK ecr.dkr-endpoint"],
    },
  ],
  passing: [
    { title: "endpoints with private DNS", stack: () => referenceStack("deployed") },
    { title: "NAT gateway instead of endpoints", stack: () => natStack("preview") },
  ],
  notApplicable: [
    {
      title: "image from Docker Hub",
      stack: () => withContainers(referenceStack("deployed"), (c) => (c[0].image = "nginx:1.27")),
    },
  ],
  unknown: [
    {
      title: "privateDnsEnabled of the ecr.api endpoint computed",
      stack: () => unknownProperty(referenceStack("preview"), "ecr.api-endpoint", "privateDnsEnabled"),
      names: /privateDnsEnabled of endpoint ecr\.api-endpoint .*is computed at preview/,
    },
  ],
});
