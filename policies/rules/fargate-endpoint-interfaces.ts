import { partialReachFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-ENDPOINT-INTERFACES",
  description:
    "Every task subnet reaches every network interface of each interface endpoint it uses (one per endpoint subnet), not only some.",
  explanation:
    "An endpoint's private DNS name answers with the addresses of all its network interfaces, one per subnet (Availability Zone), and a task may connect to any of them: when security groups or network ACLs let it reach only some, start-up calls fail at random and tasks stop intermittently.",
  fix: "Allow TCP 443 (and the return traffic) between the task subnets and every endpoint subnet: endpoint security group ingress from the task security group, and network ACL rules for each endpoint subnet's CIDR.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      // The endpoints have an interface in subnets a and b; b's network ACL lets in only b itself,
      // so tasks in a reach the endpoints' interface in a but not the one in b.
      new aws.ec2.NetworkAcl("private-b", {
        vpcId: vpc.id,
        subnetIds: [privateB.id],
        ingress: [
          {
            ruleNo: 100,
            action: "allow",
            protocol: "tcp",
            cidrBlock: "10.0.2.0/24",
            fromPort: 443,
            toPort: 443,
          },
        ],
        egress: [
          {
            ruleNo: 100,
            action: "allow",
            protocol: "tcp",
            cidrBlock: "10.0.0.0/16",
            fromPort: 1024,
            toPort: 65535,
          },
        ],
      });
    `,
    passing: code`
      new aws.ec2.NetworkAcl("private-b", {
        vpcId: vpc.id,
        subnetIds: [privateB.id],
        ingress: [
          {
            ruleNo: 100,
            action: "allow",
            protocol: "tcp",
            cidrBlock: "10.0.0.0/16",
            fromPort: 443,
            toPort: 443,
          },
        ],
        egress: [
          {
            ruleNo: 100,
            action: "allow",
            protocol: "tcp",
            cidrBlock: "10.0.0.0/16",
            fromPort: 1024,
            toPort: 65535,
          },
        ],
      });
    `,
  },
  check: (analysis) => partialReachFindings("FARGATE-ENDPOINT-INTERFACES", analysis),
};
