/**
 * The shape of every rule's tests: failing stacks with the exact (rule, resource) pairs
 * expected, passing stacks, stacks the rule does not apply to, and stacks where the fact is
 * unknown (the rule stays silent and FARGATE-UNKNOWN names the fact instead).
 */
import { strict as assert } from "assert";
import type { StackBuilder } from "../fixtures/builder";
import { findingsOf, pairs } from "../support/findings";

export interface RuleCase {
  title: string;
  stack: () => StackBuilder;
  config?: Record<string, unknown>;
}

export interface RuleCases {
  failing: (RuleCase & { expected: string[] })[];
  passing: RuleCase[];
  notApplicable: RuleCase[];
  unknown: (RuleCase & { names: RegExp })[];
}

export function describeRule(ruleId: string, cases: RuleCases): void {
  describe(ruleId, () => {
    if (
      cases.failing.length < 2 ||
      cases.passing.length < 1 ||
      cases.notApplicable.length < 1 ||
      cases.unknown.length < 1
    ) {
      throw new Error(`${ruleId}: needs at least two failing, one passing, one not-applicable and one unknown case`);
    }
    for (const { title, stack, config, expected } of cases.failing) {
      it(`fails: ${title}`, () => {
        assert.deepEqual(pairs(findingsOf(stack().resources, config), ruleId), [...expected].sort());
      });
    }
    for (const { title, stack, config } of cases.passing) {
      it(`passes: ${title}`, () => {
        assert.deepEqual(pairs(findingsOf(stack().resources, config), ruleId), []);
      });
    }
    for (const { title, stack, config } of cases.notApplicable) {
      it(`does not apply: ${title}`, () => {
        assert.deepEqual(pairs(findingsOf(stack().resources, config), ruleId), []);
      });
    }
    for (const { title, stack, config, names } of cases.unknown) {
      it(`unknown: ${title}`, () => {
        const findings = findingsOf(stack().resources, config);
        assert.deepEqual(pairs(findings, ruleId), []);
        const unknown = findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
        assert.ok(
          unknown.some((finding) => names.test(finding.message)),
          `expected a FARGATE-UNKNOWN finding matching ${names}, got:\n${unknown.map((f) => f.message).join("\n")}`,
        );
      });
    }
  });
}
