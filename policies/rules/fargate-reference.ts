import { parseParameterReference, parseSecretArn } from "../../model";
import { findParameter, findSecret } from "../analysis/needs";
import { label } from "../analysis/label";
import { needLabel, serviceName } from "./helpers";
import type { Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-REFERENCE",
  description:
    "Secrets and parameters referenced by a task definition are the ones in the stack: same ARN, same region.",
  explanation:
    "A secret ARN with another random suffix, account or region than the stack's secret of that name, or a parameter given by name that lives in another region, does not exist where the agent looks: the task stops with ResourceNotFoundException / InvalidParameters.",
  fix: "Reference the stack resource's own ARN (secret.arn, parameter.arn) instead of a literal.",
  defaultLevel: "mandatory",
  check: (analysis) => {
    const findings: Finding[] = [];
    for (const service of analysis.services) {
      for (const need of service.needs) {
        if (need.kind === "secretsmanager-secret" || need.kind === "registry-credentials") {
          const secret = findSecret(analysis.model, need.target);
          const reference = parseSecretArn(need.target);
          if (!secret?.arn || !reference || secret.arn === need.target) continue;
          // Matched by name but the ARN differs: a stale suffix, or another account or region.
          if (reference.complete || !secret.arn.startsWith(`${need.target}-`)) {
            findings.push({
              ruleId: "FARGATE-REFERENCE",
              urn: service.taskDefinition?.urn ?? service.service.urn,
              message:
                `${serviceName(analysis.model, service)} references ${needLabel(need)}, but the stack's secret ${label(analysis.model, secret.urn)} of that name is ${secret.arn}.\n` +
                "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth: ... ResourceNotFoundException: Secrets Manager can't find the specified secret\n" +
                "Fix: use the secret's arn output in the container definitions instead of a literal ARN.",
            });
          }
        }
        if (need.kind === "ssm-parameter" && service.region) {
          const parameter = findParameter(analysis.model, need.target);
          const reference = parseParameterReference(need.target, service.region, analysis.facts.accountId);
          if (!parameter?.region || !reference || parameter.region === reference.region) continue;
          findings.push({
            ruleId: "FARGATE-REFERENCE",
            urn: service.taskDefinition?.urn ?? service.service.urn,
            message:
              `${serviceName(analysis.model, service)} reads parameter ${reference.name} in ${reference.region}, but the stack creates it in ${parameter.region}.\n` +
              "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth: ... invalid parameters\n" +
              "Fix: a parameter in another region must be referenced by its full ARN (parameter.arn), and the task needs an internet path to that region.",
          });
        }
      }
    }
    return findings;
  },
};
