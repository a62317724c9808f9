/**
 * The start-up needs of one service's tasks: derived from the task definition with the
 * shared model, or, when the container definitions are computed at preview, rebuilt from
 * the stack resources they were computed from.
 */
import {
  ANY_ACCOUNT,
  cacheImportNeed,
  deriveTaskNeeds,
  kmsKeyNeed,
  parseArn,
  PullThroughCacheRule,
  upstreamHostOf,
  parseSecretArn,
  partitionForRegion,
  TaskDefinitionError,
  TaskNeed,
} from "../../model";
import type { EcsService, StackModel, TaskDefinition } from "../stack/model";
import { lookup } from "../stack/lookup";
import { T } from "../../engine/type-tokens";
import { known, UNKNOWN_FACT } from "../stack/values";
import type { StackFacts } from "./facts";
import { label } from "./label";

export interface ServiceNeeds {
  taskDefinition?: TaskDefinition;
  needs: TaskNeed[];
  /** Facts that could not be known, each a sentence for an advisory finding. */
  unknowns: string[];
  /** The task definition cannot be read: the error names the field. */
  error?: TaskDefinitionError;
}

function taskRegion(
  service: EcsService,
  taskDefinition: TaskDefinition | undefined,
  facts: StackFacts,
): string | undefined {
  return service.region ?? taskDefinition?.region ?? facts.region;
}

/** A container definition standing in for computed ones, built from the resources they depend on. */
function containerFromSources(
  model: StackModel,
  sources: readonly string[],
  region: string,
  /** The stack's account when config or the stack tells it, else ANY_ACCOUNT. */
  accountId: string,
): { container: Record<string, unknown>; seen: string[] } {
  const { dnsSuffix, partition } = partitionForRegion(region);
  const container: Record<string, unknown> = { name: "computed-at-preview" };
  const secrets: { name: string; valueFrom: string }[] = [];
  const seen: string[] = [];
  for (const urn of sources) {
    const repository = model.repositories.get(urn);
    if (repository && known(repository.name)) {
      container.image = repository.url
        ? `${repository.url}:latest`
        : `${accountId}.dkr.ecr.${region}.${dnsSuffix}/${repository.name}:latest`;
      seen.push(`ECR repository ${repository.name}`);
    }
    const logGroup = model.logGroups.get(urn);
    if (logGroup && known(logGroup.name)) {
      container.logConfiguration = {
        logDriver: "awslogs",
        options: { "awslogs-group": logGroup.name, "awslogs-region": logGroup.region ?? region },
      };
      seen.push(`log group ${logGroup.name}`);
    }
    const secret = model.secrets.get(urn);
    if (secret && (secret.arn || known(secret.name))) {
      const secretRegion = secret.region ?? region;
      secrets.push({
        name: `SECRET_${secrets.length}`,
        valueFrom:
          secret.arn ?? `arn:${partition}:secretsmanager:${secretRegion}:${accountId}:secret:${secret.name as string}`,
      });
      seen.push(`secret ${known(secret.name) ? secret.name : secret.arn}`);
    }
    const parameter = model.parameters.get(urn);
    if (parameter && (parameter.arn || known(parameter.name))) {
      secrets.push({ name: `PARAMETER_${secrets.length}`, valueFrom: parameter.arn ?? (parameter.name as string) });
      seen.push(`parameter ${known(parameter.name) ? parameter.name : parameter.arn}`);
    }
  }
  if (secrets.length > 0) container.secrets = secrets;
  return { container, seen };
}

/** The KMS key ARN of a customer managed key in the stack, or a pattern standing for it at preview. */
function keyArn(model: StackModel, keyUrn: string, region: string, accountId: string): string {
  const key = model.kmsKeys.get(keyUrn);
  if (key?.arn) return key.arn;
  return `arn:${partitionForRegion(region).partition}:kms:${region}:${accountId}:key/${key?.keyId ?? "{computed-key-id}"}`;
}

/** Secrets and SecureString parameters of the stack that use a customer managed key add kms:Decrypt. */
function kmsNeeds(model: StackModel, needs: readonly TaskNeed[], region: string, accountId: string): TaskNeed[] {
  const extra: TaskNeed[] = [];
  for (const need of needs) {
    if (need.kind === "secretsmanager-secret" || need.kind === "registry-credentials") {
      const secret = findSecret(model, need.target);
      if (secret?.kmsKey?.urn && model.resources.get(secret.kmsKey.urn)?.type === T.kmsKey) {
        extra.push(
          kmsKeyNeed(keyArn(model, secret.kmsKey.urn, region, accountId), "secretsmanager", region, secret.urn),
        );
      }
    }
    if (need.kind === "ssm-parameter") {
      const parameter = findParameter(model, need.target);
      if (
        parameter &&
        parameter.type === "SecureString" &&
        parameter.kmsKey?.urn &&
        model.resources.get(parameter.kmsKey.urn)?.type === T.kmsKey
      ) {
        extra.push(kmsKeyNeed(keyArn(model, parameter.kmsKey.urn, region, accountId), "ssm", region, parameter.urn));
      }
    }
  }
  return extra;
}

/** The stack's secret a need's ARN refers to: by ARN, else by the name inside the ARN. */
export function findSecret(model: StackModel, secretArn: string) {
  const { secretsByKey } = lookup(model);
  const byArn = secretsByKey.get(secretArn) ?? secretsByKey.get(secretArn.replace(/-[A-Za-z0-9]{6}$/, ""));
  if (byArn) return byArn;
  const reference = parseSecretArn(secretArn);
  if (!reference) return undefined;
  return (
    secretsByKey.get(`name:${reference.nameInArn}`) ??
    secretsByKey.get(`name:${reference.nameInArn.replace(/-[A-Za-z0-9]{6}$/, "")}`)
  );
}

export function findParameter(model: StackModel, parameterArn: string) {
  const { parametersByKey } = lookup(model);
  const name = parameterArn.replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter/, "");
  return parametersByKey.get(parameterArn) ?? parametersByKey.get(`name:${name.startsWith("/") ? name : `/${name}`}`);
}

/** The stack's pull-through cache rules whose prefix is known, as the model derives needs with them. */
function cacheRulesOf(model: StackModel): PullThroughCacheRule[] {
  const rules: PullThroughCacheRule[] = [];
  for (const rule of model.cacheRules.values()) {
    if (!known(rule.prefix) || rule.prefix === undefined) continue;
    const upstreamHost =
      known(rule.upstreamRegistryUrl) && rule.upstreamRegistryUrl
        ? upstreamHostOf(rule.upstreamRegistryUrl)
        : undefined;
    rules.push({ prefix: rule.prefix, upstreamHost, region: rule.region });
  }
  return rules;
}

/**
 * A pull the cache may miss, as the stack tells it: no repository to create when the stack
 * creates it; and certain to miss only when the rule is created in the same update (nothing can
 * be cached through it yet) and the image is of the stack's account. Otherwise whether the tag is
 * cached is AWS's state, and the need is conditional.
 */
function cacheImportInStack(model: StackModel, need: TaskNeed, facts: StackFacts): TaskNeed {
  const repository = need.target.slice(need.target.indexOf(":repository/") + ":repository/".length);
  const exists = [...model.repositories.values()].some((candidate) => candidate.name === repository);
  const iam = exists ? need.iam.filter((requirement) => requirement.action !== "ecr:CreateRepository") : need.iam;
  // The rule cacheRuleFor picked: the longest prefix the repository falls under.
  const rule = [...model.cacheRules.values()]
    .filter((candidate) => known(candidate.prefix) && repository.startsWith(`${candidate.prefix}/`))
    .sort((a, b) => String(b.prefix).length - String(a.prefix).length)[0];
  const account = parseArn(need.target)?.account;
  const accountOpen = facts.accountId === ANY_ACCOUNT && account !== ANY_ACCOUNT;
  if (rule?.created && !accountOpen) return { ...need, iam };
  const why = !rule?.created
    ? `only for a tag the cache does not hold yet (cache rule ${rule ? label(model, rule.urn) : ""} exists already, so whether ${repository} holds the task's tag is AWS's state; a new tag, or the first pull of the repository, misses it)`
    : `only if account ${account} is this stack's, whose rule ${label(model, rule.urn)} caches ${repository} (the stack's account is not known at preview: set accountId in the pack config)`;
  return { ...need, iam, arisesOnly: why };
}

/**
 * A cache rule whose prefix is computed at preview may cache any image of the registry that no
 * known rule does: its import is then a need that may arise, never a finding.
 */
function possiblyCachedNeeds(model: StackModel, needs: readonly TaskNeed[]): TaskNeed[] {
  const open = [...model.cacheRules.values()].find((rule) => !known(rule.prefix));
  if (!open) return [];
  const cached = new Set(needs.filter((need) => need.kind === "ecr-cache-import").map((need) => need.target));
  return needs
    .filter((need) => need.kind === "ecr-image" && !cached.has(need.target))
    .map((need) => {
      const repository = need.target.slice(need.target.indexOf(":repository/") + ":repository/".length);
      const rule = { prefix: repository.split("/")[0], upstreamHost: undefined };
      return {
        ...cacheImportNeed(repository, need.target, rule),
        sources: need.sources,
        containers: need.containers,
        arisesOnly: `only if cache rule ${label(model, open.urn)}, whose ecrRepositoryPrefix is computed at preview, caches ${repository}`,
      };
    });
}

/** Container options only the definitions' own text tells, so unchecked while they are computed. */
const UNCHECKED_WHILE_COMPUTED = [
  "images written as literals (and their registries)",
  "secrets and parameters referenced by literal ARNs",
  "awslogs-region and awslogs-create-group (logs:CreateLogGroup)",
  "repositoryCredentials",
  "firelens and other log drivers",
];

export function serviceNeeds(model: StackModel, service: EcsService, facts: StackFacts): ServiceNeeds {
  const taskDefinition = service.taskDefinition?.urn
    ? model.taskDefinitions.get(service.taskDefinition.urn)
    : undefined;
  const unknowns: string[] = [];
  if (!taskDefinition) {
    unknowns.push(
      service.taskDefinitionUnknown
        ? "its taskDefinition is computed at preview and depends on no task definition in this stack"
        : `its task definition ${service.taskDefinition?.value ?? "(none)"} is not in this stack`,
    );
    return { needs: [], unknowns };
  }
  const region = taskRegion(service, taskDefinition, facts);
  if (!region) {
    unknowns.push("the stack's AWS region is not known (set aws:region, or the pack's region config)");
    return { taskDefinition, needs: [], unknowns };
  }
  let containerDefinitions = taskDefinition.containerDefinitions;
  if (containerDefinitions === UNKNOWN_FACT || containerDefinitions === undefined) {
    const { container, seen } = containerFromSources(
      model,
      taskDefinition.containerDefinitionSources,
      region,
      facts.accountId,
    );
    unknowns.push(
      `containerDefinitions of ${taskDefinition.urn.split("::").pop()} is computed at preview; ` +
        (seen.length > 0
          ? `needs were inferred from the resources it is built from (${seen.join(", ")})`
          : "none of the resources it is built from tell a need") +
        `; not checked until its value is known: ${UNCHECKED_WHILE_COMPUTED.join(", ")}. ` +
        "To decide them at preview, build it from values known at preview (literals and resource names, not ids or ARNs)",
    );
    containerDefinitions = [container];
  }
  try {
    const volumes = known(taskDefinition.volumes) ? taskDefinition.volumes : undefined;
    const derived = deriveTaskNeeds({
      containerDefinitions,
      volumes,
      region,
      accountId: facts.accountId,
      enableExecuteCommand: service.enableExecuteCommand === true,
      // Rebuilt from dependencies, a definition may have secrets and logs but no image, and its log streams are unknown.
      requireImage: containerDefinitions === taskDefinition.containerDefinitions,
      streamsUnknown: containerDefinitions !== taskDefinition.containerDefinitions,
      pullThroughCacheRules: cacheRulesOf(model),
      secret: taskDefinition.containerDefinitionsSecret === true,
    });
    for (const field of derived.unknownFields) unknowns.push(`${field} of the task definition is computed at preview`);
    const needs = derived.needs.map((need) =>
      need.kind === "ecr-cache-import" ? cacheImportInStack(model, need, facts) : need,
    );
    needs.push(...possiblyCachedNeeds(model, needs));
    return { taskDefinition, needs: [...needs, ...kmsNeeds(model, needs, region, facts.accountId)], unknowns };
  } catch (error) {
    if (error instanceof TaskDefinitionError) return { taskDefinition, needs: [], unknowns, error };
    throw error;
  }
}
