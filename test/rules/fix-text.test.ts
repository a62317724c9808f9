import { strict as assert } from "assert";
import { ENDPOINT_SET_TYPE } from "../../model";
import { out } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { withContainers } from "../fixtures/variants";
import { findingsOf } from "../support/findings";

describe("fix text", () => {
  it("names a component input as what a FargateEndpointSet would take when no component made the resource", () => {
    const b = referenceStack("deployed").patch("endpoint-sg", (properties) => (properties.ingress = []));
    const finding = findingsOf(b.resources).find((f) => f.ruleId === "FARGATE-SECRETS-NETWORK");
    assert.match(
      finding?.message ?? "",
      /Fix: allow ingress TCP 443 from the task security group on the endpoint's security group \(with a FargateEndpointSet, its `taskSecurityGroupIds` input\)/,
    );
  });

  it("a log group in another region needs the internet, even where a FargateEndpointSet serves the VPC", () => {
    // No endpoint serves another region: one more entry of the set's services would not help.
    const b = withContainers(referenceStack("deployed"), (containers) => {
      const options = (containers[0].logConfiguration as { options: Record<string, string> }).options;
      options["awslogs-region"] = "us-east-1";
    });
    b.add(ENDPOINT_SET_TYPE, "shop-endpoints", { vpcId: out(b.handle("vpc")) });
    const finding = findingsOf(b.resources).find((f) => f.ruleId === "FARGATE-LOGS-NETWORK");
    assert.match(finding?.message ?? "", /\nFix: add a NAT gateway route \(/);
    assert.deepEqual(finding?.parts.fixes, [{ kind: "nat-route" }]);
  });
});
