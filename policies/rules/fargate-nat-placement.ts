import { serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-NAT-PLACEMENT",
  description: "Every NAT gateway a Fargate subnet routes to sits in a public subnet and is a public NAT gateway.",
  explanation:
    "A NAT gateway forwards to the internet only from a subnet whose route table sends 0.0.0.0/0 to an internet gateway; placed in a private subnet it drops everything, and tasks behind it cannot start.",
  fix: "Create the NAT gateway in a public subnet (subnetId of a subnet routed to the internet gateway), with connectivityType public.",
  defaultLevel: "mandatory",
  docs: {
    example: "nat-in-private-subnet",
    failing: code`
      // The NAT gateway sits in the private subnet it serves, which has no route to the internet gateway.
      new aws.ec2.NatGateway("nat", { subnetId: privateA.id, allocationId: eip.id });
    `,
    passing: code`
      new aws.ec2.NatGateway("nat", { subnetId: publicA.id, allocationId: eip.id });
    `,
  },
  check: (analysis) => {
    const findings = new Map<string, Finding>();
    for (const service of analysis.services) {
      for (const check of service.networkChecks) {
        const reach = check.reach;
        if (reach.status !== "unreachable" || reach.failure !== "nat-placement" || !reach.fixAt) continue;
        const key = `${service.service.urn}\u0000${reach.fixAt}`;
        if (findings.has(key)) continue;
        findings.set(
          key,
          finding("FARGATE-NAT-PLACEMENT", reach.fixAt, {
            problem: `${serviceName(analysis.model, service)} routes to the internet through a NAT gateway that cannot reach it: ${reach.missing}.`,
            consequence: {
              kind: "tasks-stop",
              error:
                "ResourceInitializationError: unable to pull secrets or registry auth: ... context deadline exceeded",
            },
            fixes: [reach.fix],
          }),
        );
      }
    }
    return [...findings.values()];
  },
};
