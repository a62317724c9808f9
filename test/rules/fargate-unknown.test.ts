import { strict as assert } from "assert";
import { referenceStack } from "../fixtures/stacks";
import { asEc2Service, unknownProperty } from "../fixtures/variants";
import { findingsOf, pairs } from "../support/findings";

describe("FARGATE-UNKNOWN", () => {
  it("names what a first preview cannot know: computed container definitions, a computed role policy", () => {
    const findings = findingsOf(unknownProperty(referenceStack("preview"), "exec-policy", "policy").resources);
    assert.deepEqual(pairs(findings, "FARGATE-UNKNOWN"), ["FARGATE-UNKNOWN api-task", "FARGATE-UNKNOWN exec-role"]);
    assert.ok(findings.every((finding) => finding.level === "advisory"));
  });

  it("names a subnet outside the stack", () => {
    const b = referenceStack("deployed").patch("api-service", (p) => {
      (p.networkConfiguration as { subnets: string[] }).subnets.push("subnet-outside");
    });
    assert.deepEqual(pairs(findingsOf(b.resources), "FARGATE-UNKNOWN"), ["FARGATE-UNKNOWN api-service"]);
  });

  it("takes its level from unknownLevel", () => {
    const findings = findingsOf(referenceStack("preview").resources, { unknownLevel: "mandatory" });
    assert.ok(findings.length > 0 && findings.every((finding) => finding.level === "mandatory"));
    assert.deepEqual(findingsOf(referenceStack("preview").resources, { unknownLevel: "disabled" }), []);
  });

  it("is silent when everything is known, and on non-Fargate services", () => {
    assert.deepEqual(pairs(findingsOf(referenceStack("deployed").resources)), []);
    assert.deepEqual(pairs(findingsOf(asEc2Service(referenceStack("preview")).resources)), []);
  });
});
