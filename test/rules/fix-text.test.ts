import { strict as assert } from "assert";
import { joinFixes } from "../../policies/rules/helpers";

describe("fix text", () => {
  it("names the missing endpoints of one need together, with the NAT alternative once", () => {
    const fix = (name: string) =>
      `add an interface endpoint for ${name} (FargateEndpointSet creates it); or give the subnet a NAT gateway route`;
    assert.equal(
      joinFixes([fix("com.amazonaws.eu-west-1.ecr.api"), fix("com.amazonaws.eu-west-1.ecr.dkr")]),
      "add interface endpoints for com.amazonaws.eu-west-1.ecr.api and com.amazonaws.eu-west-1.ecr.dkr (FargateEndpointSet creates them); or give the subnet a NAT gateway route",
    );
  });

  it("keeps other fixes as they are", () => {
    assert.equal(joinFixes(["open port 443", "add a route"]), "open port 443; add a route");
    assert.equal(joinFixes(["open port 443"]), "open port 443");
  });
});
