/**
 * The table of start-up needs and their rules: every need kind has a network and an IAM entry,
 * each names a rule of the pack or says why none is needed, and it agrees with the needs the
 * model derives (a need with a network path has a network rule; one with calls, an IAM rule).
 */
import { strict as assert } from "assert";
import { deriveTaskNeeds, kmsKeyNeed, NEED_KINDS, NeedKind, REGIONS_NEEDING_ECS_ENDPOINTS } from "../../model";
import { RULES } from "../../policies/rules";
import { NEED_RULES, needKindsOf } from "../../policies/rules/need-rules";

const KINDS = Object.keys(NEED_KINDS) as NeedKind[];
const SIDES = ["network", "iam"] as const;

/**
 * The needs of a task definition that needs every kind of thing at start-up, in a region that
 * needs the ECS endpoints, and of the customer managed key of its secret (the analysis adds that
 * need when the stack's secret names a key).
 */
function everyNeed() {
  const region = REGIONS_NEEDING_ECS_ENDPOINTS[0];
  const secret = `arn:aws:secretsmanager:${region}:111122223333:secret:shop/db-AbC123`;
  const key = kmsKeyNeed(`arn:aws:kms:${region}:111122223333:key/k`, "secretsmanager", region, "secrets[0]");
  const derived = deriveTaskNeeds({
    region,
    accountId: "111122223333",
    enableExecuteCommand: true,
    // Its image is in a pull-through cache of the registry: a pull the cache misses imports it.
    pullThroughCacheRules: [{ prefix: "shop", upstreamHost: "quay.io" }],
    containerDefinitions: [
      {
        name: "api",
        image: `111122223333.dkr.ecr.${region}.amazonaws.com/shop/api:1`,
        secrets: [
          { name: "DB", valueFrom: secret },
          { name: "TOKEN", valueFrom: "/shop/token" },
        ],
        environmentFiles: [{ type: "s3", value: "arn:aws:s3:::shop-config/api.env" }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-region": region } },
        mountPoints: [{ sourceVolume: "data", containerPath: "/data" }],
      },
      { name: "proxy", image: "myorg/proxy:3", repositoryCredentials: { credentialsParameter: secret } },
    ],
    volumes: [
      {
        name: "data",
        efsVolumeConfiguration: { fileSystemId: "fs-0123abcd", authorizationConfig: { iam: "ENABLED" } },
      },
    ],
  });
  return [...derived.needs, key];
}

describe("start-up needs and their rules", () => {
  for (const kind of KINDS) {
    it(`${kind}: a network and an IAM entry, each a rule of the pack or a reason`, () => {
      const entry = NEED_RULES[kind];
      assert.ok(entry, `${kind} has no row in NEED_RULES (policies/rules/need-rules.ts)`);
      for (const side of SIDES) {
        const rule = entry[side];
        if ("rule" in rule)
          assert.ok(
            RULES.some((candidate) => candidate.id === rule.rule),
            `${kind} ${side}: ${rule.rule} is not a rule of the pack`,
          );
        else assert.ok(rule.none.length > 20, `${kind} ${side}: say why no rule is needed`);
      }
    });
  }

  it("has no row for a need kind the model does not have", () => {
    assert.deepEqual(Object.keys(NEED_RULES).sort(), [...KINDS].sort());
  });

  it("agrees with the needs the model derives: a path has a network rule, calls have an IAM rule", () => {
    const needs = everyNeed();
    // The test's task definition must show every kind, or it proves nothing about the missing ones.
    assert.deepEqual([...new Set(needs.map((need) => need.kind))].sort(), [...KINDS].sort());
    for (const need of needs) {
      const entry = NEED_RULES[need.kind];
      assert.equal("rule" in entry.network, need.network.kind !== "none", `${need.kind}: network rule`);
      assert.equal("rule" in entry.iam, need.iam.length > 0, `${need.kind}: IAM rule`);
    }
  });

  it("gives each rule the kinds its row names", () => {
    assert.deepEqual(needKindsOf("FARGATE-SECRETS-NETWORK", "network"), [
      "secretsmanager-secret",
      "registry-credentials",
    ]);
    assert.deepEqual(needKindsOf("FARGATE-S3-NETWORK", "network"), ["ecr-layers", "environment-file"]);
    assert.deepEqual(needKindsOf("FARGATE-KMS-IAM", "iam"), ["kms-key"]);
    assert.deepEqual(needKindsOf("FARGATE-KMS-IAM", "network"), []);
  });
});
