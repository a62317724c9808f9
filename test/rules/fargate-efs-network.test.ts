import { referenceStack } from "../fixtures/stacks";
import { withEfs } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-EFS-NETWORK", {
  failing: [
    {
      title: "mount target only in one of two AZs",
      stack: () => withEfs(referenceStack("deployed"), ["private-a"]),
      expected: ["FARGATE-EFS-NETWORK mt-private-a"],
    },
    {
      title: "mount target security group closed on 2049",
      stack: () => withEfs(referenceStack("deployed")).patch("efs-sg", (p) => (p.ingress = [])),
      expected: ["FARGATE-EFS-NETWORK efs-sg"],
    },
  ],
  passing: [
    { title: "mount targets in both AZs, 2049 open", stack: () => withEfs(referenceStack("deployed")) },
    { title: "the same at preview", stack: () => withEfs(referenceStack("preview")) },
  ],
  notApplicable: [{ title: "no EFS volume", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "mount targets outside the stack",
      stack: () => withEfs(referenceStack("deployed"), []),
      names: /no mount target of fs-0123abcd is in this stack/,
    },
  ],
});
