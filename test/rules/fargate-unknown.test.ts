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

  it("names the security groups as what settles a service without any (not another unknown input of the service)", () => {
    for (const form of ["preview", "deployed"] as const) {
      const b = referenceStack(form).patch("api-service", (p) => {
        delete (p.networkConfiguration as { securityGroups?: unknown }).securityGroups;
      });
      const unknown = findingsOf(b.resources).filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
      const groups = unknown.filter((finding) => /names no security groups/.test(finding.message));
      assert.equal(groups.length, 1, `${form}: ${unknown.map((finding) => finding.message).join("\n")}`);
      assert.match(
        groups[0].message,
        /To decide it at preview, give the service security groups created in this stack \(networkConfiguration\.securityGroups\)/,
      );
      assert.doesNotMatch(groups[0].message, /platformVersion/);
    }
  });

  it("is silent on the managed policies awsx classic attaches to its execution role (both documents are shipped)", () => {
    // awsx.classic's task definitions attach AmazonECSTaskExecutionRolePolicy and AWSLambdaBasicExecutionRole.
    const b = referenceStack("deployed").patch(
      "exec-role",
      (p) =>
        (p.managedPolicyArns = [
          "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
          "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ]),
    );
    assert.deepEqual(pairs(findingsOf(b.resources)), []);
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
