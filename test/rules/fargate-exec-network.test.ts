import { strict as assert } from "assert";
import { findingsOf } from "../support/findings";
import { referenceStack } from "../fixtures/stacks";
import { withExecuteCommand, withInterfaceEndpoint } from "../fixtures/variants";
import { UNKNOWN } from "../../model";
import { describeRule } from "./rule-cases";

describeRule("FARGATE-EXEC-NETWORK", {
  failing: [
    {
      title: "ECS Exec without an ssmmessages endpoint",
      stack: () => withExecuteCommand(referenceStack("deployed")),
      expected: ["FARGATE-EXEC-NETWORK api-service"],
    },
    {
      title: "ssmmessages endpoint with private DNS off",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("deployed")), "ssmmessages", false),
      expected: ["FARGATE-EXEC-NETWORK ssmmessages-endpoint"],
    },
  ],
  passing: [
    {
      title: "ssmmessages endpoint",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("preview")), "ssmmessages"),
    },
  ],
  notApplicable: [{ title: "ECS Exec off", stack: () => referenceStack("deployed") }],
  unknown: [
    {
      title: "privateDnsEnabled of the ssmmessages endpoint computed",
      stack: () => withInterfaceEndpoint(withExecuteCommand(referenceStack("deployed")), "ssmmessages", UNKNOWN),
      names: /privateDnsEnabled of endpoint ssmmessages-endpoint .*is computed at preview/,
    },
  ],
});

describe("FARGATE-EXEC-NETWORK and FARGATE-EXEC-IAM: what a missing path or grant does", () => {
  it("says the task starts and exec sessions fail, not that tasks stop", () => {
    const findings = findingsOf(withExecuteCommand(referenceStack("deployed")).resources).filter((finding) =>
      finding.ruleId.startsWith("FARGATE-EXEC-"),
    );
    assert.deepEqual([...new Set(findings.map((finding) => finding.ruleId))].sort(), [
      "FARGATE-EXEC-IAM",
      "FARGATE-EXEC-NETWORK",
    ]);
    for (const finding of findings) {
      assert.match(finding.message, /\nTasks start, but: ECS Exec sessions fail: /);
      assert.doesNotMatch(finding.message, /Tasks will stop with/);
    }
  });
});
