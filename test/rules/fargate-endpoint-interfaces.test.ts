import { asEc2Service, unknownProperty } from "../fixtures/variants";
import { aclOnSubnetB, referenceStack, tasksInSubnetA } from "../analysis/network-stacks";
import { describeRule } from "./rule-cases";

/** Tasks in private-a; the endpoints' interface in private-b sits behind an ACL that refuses private-a. */
const aclRefusesTasks = (form: "preview" | "deployed") =>
  (() => {
    const b = tasksInSubnetA(referenceStack(form));
    aclOnSubnetB(b, [
      { ruleNumber: 90, action: "deny", cidrBlock: "10.0.1.0/24", ports: [443, 443] },
      { ruleNumber: 100, action: "allow", cidrBlock: "0.0.0.0/0", ports: [0, 65535] },
    ]);
    return b;
  })();

/** Task egress to subnet private-a's CIDR only: the endpoints' interfaces in private-b are out of reach. */
const egressToSubnetA = (form: "preview" | "deployed") =>
  referenceStack(form).patch("task-sg", (properties) => {
    properties.egress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.1.0/24"] }];
  });

const INTERFACE_NEEDS = 4; // ECR, logs, Secrets Manager, SSM: one finding per need.

describeRule("FARGATE-ENDPOINT-INTERFACES", {
  failing: [
    {
      title: "network ACL of one endpoint subnet refuses the task subnet (preview)",
      stack: () => aclRefusesTasks("preview"),
      expected: Array(INTERFACE_NEEDS).fill("FARGATE-ENDPOINT-INTERFACES endpoints-b-acl"),
    },
    {
      title: "network ACL of one endpoint subnet refuses the task subnet (deployed)",
      stack: () => aclRefusesTasks("deployed"),
      expected: Array(INTERFACE_NEEDS).fill("FARGATE-ENDPOINT-INTERFACES endpoints-b-acl"),
    },
    {
      title: "task egress reaches the endpoint subnet of one AZ only (preview)",
      stack: () => egressToSubnetA("preview"),
      expected: Array(INTERFACE_NEEDS).fill("FARGATE-ENDPOINT-INTERFACES task-sg"),
    },
    {
      title: "task egress reaches the endpoint subnet of one AZ only (deployed)",
      stack: () => egressToSubnetA("deployed"),
      expected: Array(INTERFACE_NEEDS).fill("FARGATE-ENDPOINT-INTERFACES task-sg"),
    },
  ],
  passing: [
    { title: "every interface reachable (preview)", stack: () => referenceStack("preview") },
    {
      title: "the endpoint subnet's ACL allows the task subnet",
      stack: () => {
        const b = tasksInSubnetA(referenceStack("deployed"));
        aclOnSubnetB(b, [{ ruleNumber: 100, action: "allow", cidrBlock: "10.0.0.0/16", ports: [0, 65535] }]);
        return b;
      },
    },
  ],
  notApplicable: [{ title: "not a Fargate service", stack: () => asEc2Service(aclRefusesTasks("deployed")) }],
  unknown: [
    {
      title: "the CIDR of the second endpoint subnet is computed",
      stack: () => {
        // A CIDR computed outside the stack (an IPAM pool, say): which address the interface has is open.
        return unknownProperty(egressToSubnetA("preview"), "private-b", "cidrBlock");
      },
      names: /address range of endpoint .*interface in subnet private-b is computed at preview/,
    },
  ],
});
