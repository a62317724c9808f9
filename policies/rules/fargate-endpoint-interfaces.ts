import { networkFindings, partlyReachable } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ENDPOINT-INTERFACES",
  description:
    "Every task subnet reaches every network interface of each interface endpoint it uses (one per endpoint subnet), not only some.",
  explanation:
    "An endpoint's private DNS name answers with the addresses of all its network interfaces, one per subnet (Availability Zone), and a task may connect to any of them: when security groups or network ACLs let it reach only some, start-up calls fail at random and tasks stop intermittently.",
  fix: "Allow TCP 443 (and the return traffic) between the task subnets and every endpoint subnet: endpoint security group ingress from the task security group, and network ACL rules for each endpoint subnet's CIDR.",
  defaultLevel: "mandatory",
  check: (analysis) => networkFindings("FARGATE-ENDPOINT-INTERFACES", analysis, "all", partlyReachable),
};
