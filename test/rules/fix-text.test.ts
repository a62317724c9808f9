import { strict as assert } from "assert";
import { joinFixes } from "../../policies/rules/helpers";
import { referenceStack } from "../fixtures/stacks";
import { findingsOf } from "../support/findings";

describe("fix text", () => {
  it("names the missing endpoints of one need together, with the NAT alternative once", () => {
    const fix = (name: string) =>
      `add an interface endpoint for ${name} (FargateEndpointSet creates it); or give the subnet a NAT gateway route`;
    assert.equal(
      joinFixes([fix("com.amazonaws.eu-west-1.ecr.api"), fix("com.amazonaws.eu-west-1.ecr.dkr")]),
      "add interface endpoints for com.amazonaws.eu-west-1.ecr.api and com.amazonaws.eu-west-1.ecr.dkr (FargateEndpointSet creates them); or give the subnet a NAT gateway route",
    );
  });

  it("names a component input as what a FargateEndpointSet would take when no component made the resource", () => {
    const b = referenceStack("deployed").patch("endpoint-sg", (props) => (props.ingress = []));
    const finding = findingsOf(b.resources).find((f) => f.ruleId === "FARGATE-SECRETS-NETWORK");
    assert.match(
      finding?.message ?? "",
      /Fix: allow ingress TCP 443 from the task security group on the endpoint's security group \(with a FargateEndpointSet, its `taskSecurityGroupIds` input\)/,
    );
  });

  it("keeps other fixes as they are", () => {
    assert.equal(joinFixes(["open port 443", "add a route"]), "open port 443; add a route");
    assert.equal(joinFixes(["open port 443"]), "open port 443");
  });
});
