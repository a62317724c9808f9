/**
 * Issue 21, cases 4 and 7: acknowledgement tags (`fargate-preflight:ack:<RULE-ID>` =
 * `reason; expires=YYYY-MM-DD`). The tag was parsed with a backtracking regular expression
 * (10-15 s on "a" + 50,000 spaces + "b"), a reason of spaces counted, and an organisation could
 * not refuse tag acknowledgements. Now: a linear reader, values longer than AWS allows refused
 * with a note, only visible characters count, and pack config `tagAcknowledgements`.
 */
import { strict as assert } from "assert";
import { PolicyPackProcess } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { validatePackConfig } from "../../cli/packConfig";
import { readAckTagValue, visibleLength } from "../../policies/config/acknowledgement-text";
import { RULES } from "../../policies/rules";
import { ACCOUNT, referenceStack } from "../fixtures/stacks";
import { diagnosticPairs, findingsOf, pairs } from "../support/findings";
import { startBuiltPack } from "../support/built";

const TAG = "fargate-preflight:ack:FARGATE-SECRETS-NETWORK";
const REASON = "the hub VPC's endpoint serves secrets";

/** The seed-000 stack (no Secrets Manager endpoint) with the service tagged. */
function taggedWith(value: string): StackResource[] {
  return referenceStack("deployed")
    .remove("secretsmanager-endpoint")
    .patch("api-service", (props) => {
      props.tags = { [TAG]: value };
    }).resources;
}

const SLOW_VALUE = `a${" ".repeat(50000)}b`;

function millisecondsOf(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe("hardening: acknowledgement tags (issue 21, cases 4 and 7)", function () {
  this.timeout(120000);

  it("a 50,000-character tag value costs under 50 ms, and is no acknowledgement", () => {
    assert.ok(millisecondsOf(() => readAckTagValue(SLOW_VALUE)) < 50);
    const stack = taggedWith(SLOW_VALUE);
    const baseline = Math.min(...[1, 2, 3].map(() => millisecondsOf(() => findingsOf(taggedWith(REASON)))));
    const tagged = Math.min(...[1, 2, 3].map(() => millisecondsOf(() => findingsOf(stack))));
    assert.ok(tagged - baseline < 50, `with the 50k tag ${tagged} ms, without ${baseline} ms`);
    const findings = findingsOf(stack);
    assert.deepEqual(pairs(findings), ["FARGATE-SECRETS-NETWORK api-service"]);
    assert.match(findings[0].message, /has 50002 characters, more than the 256 AWS allows in a tag value/);
  });

  it("reads the value linearly: expiry after '; ', ';' or a space, the reason before it", () => {
    const cases: [string, { reason: string; expires?: string }][] = [
      [`${REASON}; expires=2027-01-31`, { reason: REASON, expires: "2027-01-31" }],
      [`${REASON};expires=2027-01-31  `, { reason: REASON, expires: "2027-01-31" }],
      [`${REASON} expires=2027-01-31`, { reason: REASON, expires: "2027-01-31" }],
      [`${REASON}`, { reason: REASON }],
      [`${REASON} expires=`, { reason: `${REASON} expires=` }],
      ["expires=2027-01-31", { reason: "", expires: "2027-01-31" }],
      [`${REASON}; expires=31/12/2027`, { reason: REASON, expires: "31/12/2027" }],
    ];
    for (const [value, expected] of cases) assert.deepEqual(readAckTagValue(value), { ok: true, ...expected }, value);
    assert.equal(readAckTagValue("x".repeat(256)).ok, true);
    assert.equal(readAckTagValue("é".repeat(256)).ok, true, "256 characters, not bytes");
    assert.equal(readAckTagValue("x".repeat(257)).ok, false);
  });

  it("a reason counts only its visible characters, in a tag and in the config", () => {
    assert.equal(visibleLength("a b c d e f"), 6);
    assert.equal(visibleLength("\u200b".repeat(12) + "abc\u00a0\ufeff"), 3);
    for (const reason of ["a b c d e f", `abc${"\u200b".repeat(20)}`, " ".repeat(30)]) {
      const tagged = findingsOf(taggedWith(`${reason}; expires=2999-01-01`));
      assert.deepEqual(pairs(tagged), ["FARGATE-SECRETS-NETWORK api-service"], JSON.stringify(reason));
      assert.match(tagged[0].message, /at least 10 characters, not counting spaces and invisible ones/);
      const inConfig = findingsOf(taggedWith(""), {
        acknowledgements: [{ rule: "FARGATE-SECRETS-NETWORK", resource: "api-service", reason }],
      });
      assert.deepEqual(pairs(inConfig), ["FARGATE-SECRETS-NETWORK api-service"], JSON.stringify(reason));
      const checked = validatePackConfig(
        { "fargate-preflight": { acknowledgements: [{ rule: "FARGATE-SECRETS-NETWORK", resource: "x", reason }] } },
        RULES.map((rule) => rule.id),
      );
      assert.match(checked.problems.join("\n"), /acknowledgements\[0\]\.reason: expected at least 10 characters/);
    }
  });

  it("tagAcknowledgements: refused ignores every tag (saying so), require-expiry those without an expiry", () => {
    const withExpiry = taggedWith(`${REASON}; expires=2999-01-01`);
    const withoutExpiry = taggedWith(REASON);
    assert.deepEqual(pairs(findingsOf(withExpiry)), []);
    assert.deepEqual(pairs(findingsOf(withoutExpiry)), [], "allowed by default");

    const refused = findingsOf(withExpiry, { tagAcknowledgements: "refused" });
    assert.deepEqual(pairs(refused), ["FARGATE-SECRETS-NETWORK api-service"]);
    assert.match(refused[0].message, /refuses tag acknowledgements \(tagAcknowledgements: refused\)/);
    const inConfigStill = findingsOf(withExpiry, {
      tagAcknowledgements: "refused",
      acknowledgements: [{ rule: "FARGATE-SECRETS-NETWORK", resource: "api-service", reason: REASON }],
    });
    assert.deepEqual(pairs(inConfigStill), [], "acknowledgements in the config still count");

    assert.deepEqual(pairs(findingsOf(withExpiry, { tagAcknowledgements: "require-expiry" })), []);
    const noExpiry = findingsOf(withoutExpiry, { tagAcknowledgements: "require-expiry" });
    assert.deepEqual(pairs(noExpiry), ["FARGATE-SECRETS-NETWORK api-service"]);
    assert.match(noExpiry[0].message, /requires an expiry on tag acknowledgements/);

    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(validatePackConfig({ "fargate-preflight": { tagAcknowledgements: "refused" } }, ids).problems, []);
    assert.match(
      validatePackConfig({ "fargate-preflight": { tagAcknowledgements: "refuse" } }, ids).problems.join(),
      /tagAcknowledgements: expected one of allowed, require-expiry, refused/,
    );
  });

  describe("over gRPC, the built pack started as the engine starts it", () => {
    let pack: PolicyPackProcess;

    before(async function () {
      this.timeout(600000);
      pack = await startBuiltPack();
    });
    after(async () => pack?.stop());

    it("the 50,000-character tag is answered within a second, the finding kept with the reason why", async () => {
      const started = Date.now();
      const diagnostics = await pack.analyzeStack(taggedWith(SLOW_VALUE));
      assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
      assert.ok(diagnosticPairs(diagnostics).includes("FARGATE-SECRETS-NETWORK api-service"));
    });

    it("the pack config the engine sends decides what tags may do", async () => {
      const tagged = taggedWith(`${REASON}; expires=2999-01-01`);
      const mandatory = async (properties: Record<string, unknown>) => {
        await pack.configure({ "fargate-preflight": { properties: { accountId: ACCOUNT, ...properties } } });
        return diagnosticPairs(await pack.analyzeStack(tagged)).filter((pair) => !pair.startsWith("FARGATE-UNKNOWN"));
      };
      assert.deepEqual(await mandatory({}), []);
      assert.deepEqual(await mandatory({ tagAcknowledgements: "refused" }), ["FARGATE-SECRETS-NETWORK api-service"]);
      assert.deepEqual(await mandatory({ tagAcknowledgements: "require-expiry" }), []);
    });
  });
});
