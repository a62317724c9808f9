import { parseParameterReference, parseSecretArn } from "../../model";
import { findParameter, findSecret } from "../analysis/needs";
import { label } from "../analysis/label";
import { needLabel, serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-REFERENCE",
  description:
    "Secrets and parameters referenced by a task definition are the ones in the stack: same ARN, same region.",
  explanation:
    "A secret ARN with another random suffix, account or region than the stack's secret of that name, or a parameter given by name that lives in another region, does not exist where the agent looks: the task stops with ResourceNotFoundException / InvalidParameters.",
  fix: "Reference the stack resource's own ARN (secret.arn, parameter.arn) instead of a literal.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      const secret = new aws.secretsmanager.Secret("db", { name: "shop/db" });
      const containers = [
        // A literal ARN with another random suffix than the secret's: no such secret exists.
        {
          name: "api",
          image,
          secrets: [
            {
              name: "DB",
              valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbC123",
            },
          ],
        },
      ];
    `,
    passing: code`
      const secret = new aws.secretsmanager.Secret("db", { name: "shop/db" });
      const containers = [{ name: "api", image, secrets: [{ name: "DB", valueFrom: secret.arn }] }];
    `,
  },
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
            findings.push(
              finding("FARGATE-REFERENCE", service.taskDefinition?.urn ?? service.service.urn, {
                problem: `${serviceName(analysis.model, service)} references ${needLabel(need)}, but the stack's secret ${label(analysis.model, secret.urn)} of that name is ${secret.arn}.`,
                consequence: {
                  kind: "tasks-stop",
                  error:
                    "ResourceInitializationError: unable to pull secrets or registry auth: ... ResourceNotFoundException: Secrets Manager can't find the specified secret",
                },
                fixes: [{ kind: "use-secret-arn" }],
              }),
            );
          }
        }
        if (need.kind === "ssm-parameter" && service.region) {
          const parameter = findParameter(analysis.model, need.target);
          const reference = parseParameterReference(need.target, service.region, analysis.facts.accountId);
          if (!parameter?.region || !reference || parameter.region === reference.region) continue;
          findings.push(
            finding("FARGATE-REFERENCE", service.taskDefinition?.urn ?? service.service.urn, {
              problem: `${serviceName(analysis.model, service)} reads parameter ${reference.name} in ${reference.region}, but the stack creates it in ${parameter.region}.`,
              consequence: {
                kind: "tasks-stop",
                error: "ResourceInitializationError: unable to pull secrets or registry auth: ... invalid parameters",
              },
              fixes: [{ kind: "use-parameter-arn" }],
            }),
          );
        }
      }
    }
    return findings;
  },
};
