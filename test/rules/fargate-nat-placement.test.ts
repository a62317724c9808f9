import { UNKNOWN } from "../../model";
import { natStack, referenceStack } from "../fixtures/stacks";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-NAT-PLACEMENT", {
  failing: [
    {
      title: "NAT gateway in a subnet without an internet gateway route (deployed)",
      stack: () => natStack("deployed", false),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
    {
      title: "the same at preview",
      stack: () => natStack("preview", false),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
    {
      title: "private NAT gateway",
      stack: () => natStack("deployed").patch("nat-a", (p) => (p.connectivityType = "private")),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
  ],
  passing: [{ title: "NAT gateway in a public subnet", stack: () => natStack("preview") }],
  notApplicable: [{ title: "no NAT gateway", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "routes of the NAT gateway's subnet computed",
      stack: () => natStack("deployed", false).patch("public-rt", (p) => (p.routes = UNKNOWN)),
      names: /routes of route table public-rt .*are computed at preview/,
    },
  ],
});
