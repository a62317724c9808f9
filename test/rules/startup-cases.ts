/**
 * The shape of the start-up rules' tests: each case is built in both forms (a faithful first
 * preview and deployed), a failing stack fails for that rule only (its mandatory findings are
 * exactly the expected ones: correct in every other way), its valid twin has no mandatory
 * finding at all, and an undecidable case names the fact in FARGATE-UNKNOWN instead.
 */
import { strict as assert } from "assert";
import type { StackBuilder, StackForm } from "../fixtures/builder";
import { FORMS } from "../fixtures/startup-stacks";
import { findingsOf, pairs } from "../support/findings";

export interface StartupCase {
  title: string;
  stack: (form: StackForm) => StackBuilder;
  config?: Record<string, unknown>;
  /** The day it is checked on (default: now). */
  today?: Date;
  /** The forms the case holds in (both unless said). */
  forms?: readonly StackForm[];
}

export interface StartupCases {
  /** `expected`: the `RULE resource` pairs of every mandatory finding; `says`: what the message must contain. */
  failing: (StartupCase & { expected: string[]; says?: RegExp })[];
  passing: StartupCase[];
  notApplicable?: StartupCase[];
  unknown?: (StartupCase & { names: RegExp })[];
}

function mandatory(stack: StackBuilder, config?: Record<string, unknown>, today?: Date) {
  return findingsOf(stack.resources, config, undefined, today).filter((finding) => finding.level === "mandatory");
}

export function describeStartupRule(ruleId: string, cases: StartupCases): void {
  describe(ruleId, () => {
    if (cases.failing.length < 1 || cases.passing.length < 1)
      throw new Error(`${ruleId}: needs failing and passing cases`);
    for (const { title, stack, config, expected, says, forms, today } of cases.failing) {
      for (const form of forms ?? FORMS) {
        it(`fails only for it: ${title} (${form})`, () => {
          const findings = mandatory(stack(form), config, today);
          assert.deepEqual(pairs(findings), [...expected].sort());
          if (says) {
            const mine = findings.filter((finding) => finding.ruleId === ruleId);
            assert.ok(
              mine.some((finding) => says.test(finding.message)),
              `expected ${says}, got:\n${mine.map((f) => f.message).join("\n")}`,
            );
          }
        });
      }
    }
    for (const { title, stack, config, forms, today } of [...cases.passing, ...(cases.notApplicable ?? [])]) {
      for (const form of forms ?? FORMS) {
        it(`passes: ${title} (${form})`, () => {
          assert.deepEqual(pairs(mandatory(stack(form), config, today)), []);
          assert.deepEqual(pairs(findingsOf(stack(form).resources, config, undefined, today), ruleId), []);
        });
      }
    }
    for (const { title, stack, config, names, forms, today } of cases.unknown ?? []) {
      for (const form of forms ?? FORMS) {
        it(`unknown: ${title} (${form})`, () => {
          const findings = findingsOf(stack(form).resources, config, undefined, today);
          assert.deepEqual(pairs(findings, ruleId), []);
          const unknown = findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
          assert.ok(
            unknown.some((finding) => names.test(finding.message)),
            `expected a FARGATE-UNKNOWN finding matching ${names}, got:\n${unknown.map((f) => f.message).join("\n")}`,
          );
        });
      }
    }
  });
}
