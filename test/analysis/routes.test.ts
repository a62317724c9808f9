/**
 * Routes: longest-prefix match over every route of the task subnet's table.
 */
import { strict as assert } from "assert";
import { out } from "../fixtures/builder";
import { findingsOf, pairs } from "../support/findings";
import { addRoute, FORMS, natStack, referenceStack } from "./network-stacks";

const NETWORK_RULES = [
  "FARGATE-ECR-NETWORK",
  "FARGATE-LOGS-NETWORK",
  "FARGATE-S3-NETWORK",
  "FARGATE-SECRETS-NETWORK",
  "FARGATE-SSM-NETWORK",
];
const mandatoryNetwork = (findings: ReturnType<typeof findingsOf>) =>
  pairs(findings.filter((finding) => finding.level === "mandatory"));
const unknownMessages = (findings: ReturnType<typeof findingsOf>) =>
  findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN").map((finding) => finding.message);

describe("network analysis: routes", () => {
  for (const form of FORMS) {
    describe(`${form} form`, () => {
      it("0.0.0.0/1 and 128.0.0.0/1 to a transit gateway take every public address from the NAT route", () => {
        const b = natStack(form);
        addRoute(b, "split-low", { destinationCidrBlock: "0.0.0.0/1", transitGatewayId: "tgw-0abc1234" });
        addRoute(b, "split-high", { destinationCidrBlock: "128.0.0.0/1", transitGatewayId: "tgw-0abc1234" });
        const findings = findingsOf(b.resources);
        assert.deepEqual(mandatoryNetwork(findings), []);
        assert.ok(
          unknownMessages(findings).some((m) =>
            /sends 128\.0\.0\.0\/1 to transitGateway tgw-0abc1234.*assumeReachable/.test(m),
          ),
          unknownMessages(findings).join("\n"),
        );
      });

      it("a route more specific than the VPC's sends an endpoint subnet's traffic through a firewall: unknown", () => {
        const b = referenceStack(form);
        addRoute(b, "inspect-b", { destinationCidrBlock: "10.0.2.0/24", vpcEndpointId: "vpce-0f1e2d3c4b5a69788" });
        const findings = findingsOf(b.resources);
        assert.deepEqual(
          pairs(findings).filter((pair) => /NETWORK|INTERFACES/.test(pair)),
          [],
        );
        assert.ok(
          unknownMessages(findings).some((m) =>
            /interface in subnet private-b.* to endpoint vpce-0f1e2d3c4b5a69788/.test(m),
          ),
          unknownMessages(findings).join("\n"),
        );
      });

      it("a route for private addresses does not carry internet traffic", () => {
        const b = natStack(form);
        addRoute(b, "to-on-premises", { destinationCidrBlock: "10.0.0.0/8", transitGatewayId: "tgw-0abc1234" });
        const findings = findingsOf(b.resources);
        assert.deepEqual(mandatoryNetwork(findings), []);
        assert.ok(!unknownMessages(findings).some((m) => /tgw-0abc1234/.test(m)));
      });

      it("a prefix-list destination the pack cannot read is unknown", () => {
        const b = natStack(form);
        addRoute(b, "to-partner", { destinationPrefixListId: "pl-0feed1234", transitGatewayId: "tgw-0abc1234" });
        const findings = findingsOf(b.resources);
        assert.deepEqual(mandatoryNetwork(findings), []);
        assert.ok(unknownMessages(findings).some((m) => /prefix list pl-0feed1234/.test(m)));
      });

      it("an in-stack prefix list destination splits by its CIDRs", () => {
        const b = natStack(form);
        const list = b.add(
          "aws:ec2/managedPrefixList:ManagedPrefixList",
          "partners",
          { name: "partners", addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "192.0.2.0/24" }] },
          { id: "pl-0aaa2222bbbb3333c" },
        );
        addRoute(b, "to-partners", { destinationPrefixListId: out(list), transitGatewayId: "tgw-0abc1234" });
        const findings = findingsOf(b.resources);
        assert.deepEqual(mandatoryNetwork(findings), []);
        assert.ok(unknownMessages(findings).some((m) => /partners.* to transitGateway/.test(m)));
      });
    });
  }

  it("the split is settled by assumeReachable (deployed: the VPC id to name is known)", () => {
    const b = natStack("deployed");
    addRoute(b, "split-low", { destinationCidrBlock: "0.0.0.0/1", transitGatewayId: "tgw-0abc1234" });
    addRoute(b, "split-high", { destinationCidrBlock: "128.0.0.0/1", transitGatewayId: "tgw-0abc1234" });
    const vpcId = String(b.find("vpc").properties.id);
    const config = { assumeReachable: [{ vpcId, needs: ["*"], reason: "egress VPC behind the transit gateway" }] };
    assert.deepEqual(unknownMessages(findingsOf(b.resources, config)), []);
  });

  it("a blackhole default route (deployed: its NAT gateway was deleted) is unreachable, not a pass", () => {
    // A route's state is an output: only a deployed route can be a blackhole.
    const b = natStack("deployed").patch("private-default", (properties) => (properties.state = "blackhole"));
    assert.deepEqual(
      mandatoryNetwork(findingsOf(b.resources)),
      NETWORK_RULES.map((rule) => `${rule} private-default`),
    );
  });

  it("a more specific blackhole route beside a working default route: unknown, not a pass", () => {
    const b = natStack("deployed");
    addRoute(b, "stale", { destinationCidrBlock: "52.0.0.0/8", natGatewayId: "nat-0dead0000", state: "blackhole" });
    const findings = findingsOf(b.resources);
    assert.deepEqual(mandatoryNetwork(findings), []);
    assert.ok(unknownMessages(findings).some((m) => /52\.0\.0\.0\/8 .*blackhole/.test(m)));
  });
});
