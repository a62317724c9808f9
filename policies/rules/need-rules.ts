/**
 * Each start-up need and the rules that report it: the network rule for its path and the IAM
 * rule for its calls. The network and IAM rules read this table instead of listing need kinds,
 * so a new need kind (model/needs.ts) does not compile until it has a row, and a need with no
 * rule on one side says why. test/rules/need-rules.test.ts holds the table to the rules and
 * to the needs the model derives.
 */
import type { NeedKind } from "../../model";

/** The rule that reports a need's failures on one side, or why nothing on that side can fail. */
export type NeedRule = { rule: string } | { none: string };

export interface NeedRules {
  network: NeedRule;
  iam: NeedRule;
}

export const NEED_RULES: Readonly<Record<NeedKind, NeedRules>> = {
  "ecr-image": { network: { rule: "FARGATE-ECR-NETWORK" }, iam: { rule: "FARGATE-ECR-IAM" } },
  "ecr-cache-import": { network: { rule: "FARGATE-INTERNET-IMAGE" }, iam: { rule: "FARGATE-ECR-IAM" } },
  "ecr-layers": {
    network: { rule: "FARGATE-S3-NETWORK" },
    iam: {
      none: "layers are fetched with pre-signed URLs, not with the role (the S3 endpoint policy is a network check)",
    },
  },
  "internet-image": {
    network: { rule: "FARGATE-INTERNET-IMAGE" },
    iam: {
      none: "a registry outside ECR is not called with the role (its credentials are a registry-credentials need)",
    },
  },
  awslogs: { network: { rule: "FARGATE-LOGS-NETWORK" }, iam: { rule: "FARGATE-LOGS-IAM" } },
  "secretsmanager-secret": { network: { rule: "FARGATE-SECRETS-NETWORK" }, iam: { rule: "FARGATE-SECRETS-IAM" } },
  "registry-credentials": { network: { rule: "FARGATE-SECRETS-NETWORK" }, iam: { rule: "FARGATE-SECRETS-IAM" } },
  "ssm-parameter": { network: { rule: "FARGATE-SSM-NETWORK" }, iam: { rule: "FARGATE-SSM-IAM" } },
  "kms-key": {
    network: { none: "Secrets Manager and SSM call KMS themselves: the task needs no path to KMS" },
    iam: { rule: "FARGATE-KMS-IAM" },
  },
  "environment-file": { network: { rule: "FARGATE-S3-NETWORK" }, iam: { rule: "FARGATE-S3-IAM" } },
  "efs-volume": { network: { rule: "FARGATE-EFS-NETWORK" }, iam: { rule: "FARGATE-EFS-IAM" } },
  "ecs-exec": { network: { rule: "FARGATE-EXEC-NETWORK" }, iam: { rule: "FARGATE-EXEC-IAM" } },
  "ecs-control-plane": {
    network: { rule: "FARGATE-ECS-ENDPOINTS" },
    iam: { none: "the agent's calls to the ECS control plane use no permission of the task's roles" },
  },
};

const kindsCache = new Map<string, readonly NeedKind[]>();

/** The need kinds whose failures on `side` the rule `ruleId` reports. */
export function needKindsOf(ruleId: string, side: keyof NeedRules): readonly NeedKind[] {
  const key = `${side}\u0000${ruleId}`;
  let kinds = kindsCache.get(key);
  if (!kinds) {
    kinds = (Object.keys(NEED_RULES) as NeedKind[]).filter((kind) => {
      const entry = NEED_RULES[kind][side];
      return "rule" in entry && entry.rule === ruleId;
    });
    kindsCache.set(key, kinds);
  }
  return kinds;
}
