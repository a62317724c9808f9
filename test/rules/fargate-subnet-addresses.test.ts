import { strict as assert } from "assert";
import { peakTasks, usableAddresses } from "../../model/startup";
import type { StackForm } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference in two /28 subnets (11 usable addresses each; the five endpoints take one in each). */
function smallSubnets(form: StackForm, desiredCount: number, service: Record<string, unknown> = {}) {
  return referenceStack(form)
    .patch("private-a", (p) => (p.cidrBlock = "10.0.1.0/28"))
    .patch("private-b", (p) => (p.cidrBlock = "10.0.2.0/28"))
    .patch("api-service", (p) => Object.assign(p, { desiredCount }, service));
}

describeStartupRule("FARGATE-SUBNET-ADDRESSES", {
  failing: [
    {
      title: "8 tasks x 200% in two /28 subnets beside five endpoints",
      stack: (form) => smallSubnets(form, 8),
      expected: ["FARGATE-SUBNET-ADDRESSES api-service"],
      says: /runs up to 16 tasks .* 22 usable addresses \(AWS keeps 10\), 10 taken by this stack .*: 12 left/,
    },
    {
      title: "7 tasks with a blue/green deployment (a second task set of 7)",
      stack: (form) =>
        smallSubnets(form, 7, { deploymentController: { type: "CODE_DEPLOY" }, deploymentMaximumPercent: 100 }),
      expected: ["FARGATE-SUBNET-ADDRESSES api-service"],
    },
  ],
  passing: [
    { title: "the reference (/24 subnets)", stack: referenceStack },
    {
      title: "6 tasks x 100% in the /28 subnets",
      stack: (form) => smallSubnets(form, 6, { deploymentMaximumPercent: 100 }),
    },
  ],
  unknown: [
    {
      title: "5 tasks x 200%: 10 of the 12 addresses left",
      stack: (form) => smallSubnets(form, 5),
      names: /keep a free address for each of its 10 tasks .* 12 left/,
    },
  ],
});

describe("subnet addresses", () => {
  it("keeps AWS's five addresses per subnet", () => {
    assert.equal(usableAddresses("10.0.0.0/28"), 11);
    assert.equal(usableAddresses("10.0.0.0/24"), 251);
    assert.equal(usableAddresses("2001:db8::/64"), undefined);
  });
  it("counts the peak of a deployment", () => {
    assert.equal(peakTasks(3, 150, "ECS"), 4);
    assert.equal(peakTasks(3, 100, "CODE_DEPLOY"), 6);
  });
});
