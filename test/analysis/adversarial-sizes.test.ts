/**
 * Adversarial sizes: the network analysis stays near-linear in the number of routes, rules
 * and services, whatever their shape (no pairwise scans of rules against rules or routes
 * against routes per check).
 */
import { strict as assert } from "assert";
import { out, StackBuilder } from "../fixtures/builder";
import { app } from "../fixtures/stacks";
import { findingsOf } from "../support/findings";
import { handle, natStack } from "./network-stacks";

const address = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = Date.now();
  const result = run();
  return { result, ms: Date.now() - started };
}

describe("network analysis: adversarial sizes", function () {
  this.timeout(60000);

  it("20,000 routes, 20,000 security group rules and 200 services on the same subnets stay fast", () => {
    const b: StackBuilder = natStack("deployed");
    const table = handle(b, "private-rt");
    // Nested and disjoint routes in public space, all to the NAT gateway: the verdict must stay "reachable".
    const nat = handle(b, "nat-a");
    const routes = Array.from({ length: 20000 }, (_, i) => ({
      cidrBlock: `${address(0x40000000 + i * 256)}/${24 + (i % 9)}`,
      natGatewayId: out(nat),
    }));
    b.patch(
      "private-rt",
      (properties) => (properties.routes = routes.map((route) => ({ ...route, natGatewayId: nat.outputs.id }))),
    );
    b.patch("task-sg", (properties) => {
      properties.egress = [
        ...Array.from({ length: 20000 }, (_, i) => ({
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [`${address(0x50000000 + i * 512)}/23`],
        })),
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      ];
    });
    const net = {
      vpc: handle(b, "vpc"),
      subnets: [handle(b, "private-a"), handle(b, "private-b")],
      routeTable: table,
      taskGroup: handle(b, "task-sg"),
    };
    for (let i = 0; i < 200; i++) app(b, net, { prefix: `s${i}-` });
    const { result, ms } = timed(() => findingsOf(b.resources));
    const network = result.filter((finding) =>
      /NETWORK|NAT|UNKNOWN.*reaches/.test(`${finding.ruleId} ${finding.message}`),
    );
    assert.deepEqual(network, []);
    assert.ok(ms < 20000, `took ${ms} ms`);
    console.log(`      ${b.resources.length} resources, 20,000 routes and rules, 201 services: ${ms} ms`);
  });
});
