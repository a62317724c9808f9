/** `--config` is checked before anything runs: every mistake is exit 2 naming the field. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv = require("ajv");
import { runMain } from "../support/main-run";
import { expandAll, validatePackConfig } from "../../cli/packConfig";
import { isIsoDate } from "../../policies/config/pack-config";
import { CONFIG_SCHEMA } from "../../policies/config/pack-config";
import { RULES } from "../../policies/rules";

const IDS = RULES.map((rule) => rule.id);
const problems = (config: unknown) => validatePackConfig(config, IDS).problems;
const ACK = { rule: "FARGATE-SSM-NETWORK", resource: "shop-api", reason: "parameters come from a hub VPC endpoint" };

describe("--config validation", () => {
  it("accepts the documented forms: a level per policy, levels per rule, acknowledgements", () => {
    const checked = validatePackConfig(
      {
        all: "advisory",
        "fargate-preflight": {
          enforcementLevel: "mandatory",
          levels: { "FARGATE-SSM-NETWORK": "advisory" },
          unknownLevel: "disabled",
          acknowledgements: [{ ...ACK, expires: "2026-12-31" }],
          assumeReachable: [{ vpcId: "vpc-1", needs: ["*"], reason: "transit gateway egress to the hub" }],
          // A property whose schema admits two types (a list of stacks, or true).
          context: { stackReferences: ["acme/network/prod"], timeoutSeconds: 20 },
        },
      },
      IDS,
    );
    assert.deepEqual(checked.problems, []);
    assert.equal(expandAll(checked.configs!)["fargate-preflight"].enforcementLevel, "mandatory");
    assert.deepEqual(expandAll(validatePackConfig({ all: "advisory" }, IDS).configs!), {
      "fargate-preflight": { enforcementLevel: "advisory" },
    });
  });

  it("names the policy that advisory findings used to come from, and where their levels are set now", () => {
    assert.deepEqual(problems({ "fargate-preflight-advisory": "disabled" }), [
      "fargate-preflight-advisory: not a policy of this pack any more (advisory findings come from fargate-preflight; set a rule's level with fargate-preflight.levels)",
    ]);
  });

  it("rejects an unknown rule id in levels, with the close match", () => {
    assert.deepEqual(problems({ "fargate-preflight": { levels: { "fargate-ssm-network": "disabled" } } }), [
      "fargate-preflight.levels.fargate-ssm-network: unknown rule id (did you mean FARGATE-SSM-NETWORK?)",
    ]);
  });

  it("suggests the rule id a typo meant", () => {
    assert.match(
      problems({ "fargate-preflight": { levels: { "FARGATE-SECRET-NETWORK": "disabled" } } })[0],
      /unknown rule id \(did you mean FARGATE-SECRETS-NETWORK\?\)/,
    );
  });

  it("rejects a level that is not advisory|mandatory|disabled, at every place a level goes", () => {
    assert.match(problems({ "fargate-preflight": "disabld" })[0], /^fargate-preflight: expected one of/);
    assert.match(
      problems({ "fargate-preflight": { levels: { "FARGATE-SSM-NETWORK": "off" } } })[0],
      /^fargate-preflight\.levels\.FARGATE-SSM-NETWORK: expected one of mandatory, advisory, disabled, got "off"/,
    );
    assert.match(problems({ "fargate-preflight": { enforcementLevel: "warn" } })[0], /enforcementLevel: expected one/);
  });

  it("rejects pack properties given without the fargate-preflight key", () => {
    assert.match(problems({ levels: { "FARGATE-SSM-NETWORK": "advisory" } })[0], /missing the "fargate-preflight" key/);
  });

  it("rejects an acknowledgement with a short reason, a bad date or an unknown rule", () => {
    assert.deepEqual(
      problems({
        "fargate-preflight": {
          acknowledgements: [
            { ...ACK, reason: "ok" },
            { ...ACK, expires: "2026-02-30" },
            { ...ACK, rule: "FARGATE-SSM" },
          ],
        },
      }),
      [
        'fargate-preflight.acknowledgements[0].reason: expected at least 10 characters, got "ok"',
        'fargate-preflight.acknowledgements[1].expires: expected a date such as 2026-12-31, got "2026-02-30"',
        'fargate-preflight.acknowledgements[2].rule: unknown rule id "FARGATE-SSM" (fargate-preflight rules lists them)',
      ],
    );
  });

  it("rejects a misspelt property instead of ignoring it", () => {
    assert.match(problems({ "fargate-preflight": { acknowledgments: [] } })[0], /acknowledgments: unknown property/);
    assert.match(problems({ "fargate-prefligt": "advisory" })[0], /^fargate-prefligt: unknown policy/);
  });

  it("agrees with ajv on the pack's schema (independent oracle)", () => {
    const validate = new Ajv().compile(CONFIG_SCHEMA);
    const samples: unknown[] = [
      { levels: { "FARGATE-SSM-NETWORK": "advisory" } },
      { levels: { "FARGATE-SSM-NETWORK": 3 } },
      { unknownLevel: "never" },
      { acknowledgements: [{ rule: "FARGATE-SSM-NETWORK", resource: "x" }] },
      { acknowledgements: [{ ...ACK, reason: "short" }] },
      { assumeReachable: [{ needs: "ssm", reason: "a hub endpoint serves it" }] },
      { assumeReachable: [{ needs: ["ssm"], reason: "a hub endpoint serves it" }] },
      { region: 42 },
      { region: "mars-1" },
      { region: "eu-west-1" },
      { accountId: "1111-2222-3333" },
      { accountId: "111122223333" },
      { assumeReachable: [{ vpcId: "vpc-0abc", needs: ["secretmanager"], reason: "a hub endpoint serves it" }] },
      { assumeReachable: [{ vpcId: "not-a-vpc", needs: ["*"], reason: "a hub endpoint serves it" }] },
      { s3PrefixListIds: ["nope"] },
    ];
    for (const sample of samples) {
      const ours = problems({ "fargate-preflight": sample }).filter((problem) => !/unknown rule id/.test(problem));
      assert.equal(ours.length === 0, validate(sample) as boolean, JSON.stringify(sample));
    }
  });

  it("rejects AWS identifiers of the wrong shape, saying the shape expected", () => {
    const all = problems({
      "fargate-preflight": {
        accountId: "1111-2222-3333",
        region: "mars-1",
        assumeReachable: [{ vpcId: "not-a-vpc", needs: ["secretmanager"], reason: "a hub endpoint serves it" }],
        s3PrefixListIds: ["nope"],
      },
    });
    const needs = all.find((problem) => problem.includes(".needs[0]"));
    assert.match(
      String(needs),
      /^fargate-preflight\.assumeReachable\[0\]\.needs\[0\]: expected one of \*, internet, .*secretsmanager.*, got "secretmanager"$/,
    );
    assert.deepEqual(
      all.filter((problem) => problem !== needs),
      [
        'fargate-preflight.accountId: expected a 12-digit AWS account id, got "1111-2222-3333"',
        'fargate-preflight.region: expected an AWS region name such as us-east-1, got "mars-1"',
        'fargate-preflight.assumeReachable[0].vpcId: expected a VPC id such as vpc-0abc1234, got "not-a-vpc"',
        'fargate-preflight.s3PrefixListIds[0]: expected a prefix list id such as pl-63a5400a, got "nope"',
      ],
    );
  });

  it("reads dates as real days", () => {
    assert.ok(isIsoDate("2026-12-31") && isIsoDate("2024-02-29") && isIsoDate("2026-01-01T10:00:00Z"));
    assert.ok(!isIsoDate("2025-02-29") && !isIsoDate("31/12/2026") && !isIsoDate("soon"));
  });

  it("the command exits 2 naming the field, before running anything", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "config-")), "pack.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ "fargate-preflight": { levels: { "FARGATE-SECRET-NETWORK": "disabled" } } }),
    );
    const run = await runMain(["check", "no-such-program", "--config", file]);
    assert.equal(run.code, 2);
    assert.match(run.err, /fargate-preflight\.levels\.FARGATE-SECRET-NETWORK: unknown rule id/);
  });

  it("a file that is not JSON: exit 2 naming the file, the position and the key the error is under", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "config-")), "pack.json");
    fs.writeFileSync(file, '{\n  "fargate-preflight": { "levels": { "FARGATE-SSM-NETWORK": advisory } }\n}\n');
    const run = await runMain(["check", "no-such-program", "--config", file]);
    assert.equal(run.code, 2);
    assert.equal(
      run.err,
      `fargate-preflight: --config ${file}: not readable JSON (a character that cannot start a value (a string must be in double quotes) at line 2, column 61 (character 63), in the value of fargate-preflight.levels.FARGATE-SSM-NETWORK)\n`,
    );
  });
});
