import { strict as assert } from "assert";
import { retirementOf } from "../../model/startup";
import type { StackForm } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { withEfs, withTaskRole } from "../fixtures/variants";
import { describeStartupRule } from "./startup-cases";

const pinned = (version: string) => (form: StackForm) =>
  referenceStack(form).patch("api-service", (p) => (p.platformVersion = version));

/** Days around the two retirement dates AWS's pages give for Linux 1.3.0. */
const BEFORE = new Date("2026-01-10T00:00:00Z");
const BETWEEN = new Date("2026-04-01T00:00:00Z");
const AFTER = new Date("2026-07-01T00:00:00Z");

describeStartupRule("FARGATE-PLATFORM-VERSION", {
  failing: [
    {
      title: "1.3.0 after both retirement dates",
      stack: pinned("1.3.0"),
      today: AFTER,
      expected: ["FARGATE-PLATFORM-VERSION api-service"],
      says: /AWS retired it on 2026-06-15/,
    },
    {
      title: "1.2.0 (retired in 2020)",
      stack: pinned("1.2.0"),
      expected: ["FARGATE-PLATFORM-VERSION api-service"],
    },
    {
      title: "a version Fargate does not have (1.4 for 1.4.0)",
      stack: pinned("1.4"),
      expected: ["FARGATE-PLATFORM-VERSION api-service"],
      says: /PlatformUnknownException: The specified platform does not exist/,
    },
    {
      title: "1.3.0 before its retirement, with an EFS volume it cannot mount",
      stack: (form) =>
        withTaskRole(withEfs(pinned("1.3.0")(form)), [
          { Effect: "Allow", Action: "elasticfilesystem:ClientMount", Resource: "*" },
        ]),
      today: BEFORE,
      expected: ["FARGATE-PLATFORM-VERSION api-service"],
      says: /lacks EFS volumes \(from 1\.4\.0\)[\s\S]*PlatformTaskDefinitionIncompatibilityException/,
    },
  ],
  passing: [
    { title: "no platform version (LATEST)", stack: referenceStack },
    { title: "1.4.0", stack: pinned("1.4.0") },
    { title: "LATEST", stack: pinned("LATEST") },
    { title: "1.3.0 before its retirement, with nothing it lacks", stack: pinned("1.3.0"), today: BEFORE },
  ],
  unknown: [
    {
      title: "1.3.0 between the two dates AWS's pages give",
      stack: pinned("1.3.0"),
      today: BETWEEN,
      names: /retire on different days/,
    },
  ],
});

describe("platform version retirement", () => {
  it("is decided only when every source agrees", () => {
    assert.equal(retirementOf("1.3.0", "linux", BEFORE).status, "active");
    assert.equal(retirementOf("1.3.0", "linux", BETWEEN).status, "disputed");
    assert.equal(retirementOf("1.3.0", "linux", AFTER).status, "retired");
    assert.equal(retirementOf("LATEST", "linux", AFTER).status, "active");
    assert.equal(retirementOf("1.0.0", "windows", AFTER).status, "active");
    assert.equal(retirementOf("1.4.0", "windows", AFTER).status, "unknown-version");
  });
});
