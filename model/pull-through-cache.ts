/**
 * ECR pull-through cache: images `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream path>`
 * of a cache rule (`aws.ecr.PullThroughCacheRule`, its `ecrRepositoryPrefix`) are served from the
 * cache; a pull of a tag the cache does not hold yet makes ECR fetch it from the upstream
 * registry and import it, with the puller's permissions:
 * - `ecr:BatchImportUpstreamImage` on the cache repository, and `ecr:CreateRepository` while the
 *   repository does not exist yet (by an identity policy or the registry's permissions policy;
 *   the import also by the repository's policy). Neither is in AmazonECSTaskExecutionRolePolicy.
 *   https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 * - the first pull through a rule, with ECR reached through interface VPC endpoints, needs the
 *   task's subnets to route to the internet through a NAT gateway; later pulls do not.
 *   https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (considerations)
 * - for later pulls of a cached tag ECR checks the upstream for a new version of it at least
 *   once every 24 hours. https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 * Whether a tag is in the cache is AWS's state: only a rule created in the same update is known
 * to hold nothing (the analysis decides how certain a miss is).
 */
import type { IamRequirement, TaskNeed } from "./needs";

export interface PullThroughCacheRule {
  /** `ecrRepositoryPrefix`: the cached images' repositories are `<prefix>/...`. */
  prefix: string;
  /** The upstream registry's host (`registry-1.docker.io`, `public.ecr.aws`...), when known. */
  upstreamHost?: string;
  /** The rule's region, when known: a rule serves its own region's registry. */
  region?: string;
}

/** What a pull that misses the cache calls, with the execution role. */
export const PULL_THROUGH_CACHE_ACTIONS = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] as const;

/** The host of an `upstreamRegistryUrl` (given with or without a scheme, maybe with a path). */
export function upstreamHostOf(url: string): string | undefined {
  const host = url.replace(/^[a-z]+:\/\//i, "").split("/")[0];
  return /^[A-Za-z0-9.-]+(:\d+)?$/.test(host) ? host.toLowerCase() : undefined;
}

/** The rule a repository of `region` is cached by: the longest prefix it falls under. */
export function cacheRuleFor(
  repository: string,
  region: string,
  rules: readonly PullThroughCacheRule[],
): PullThroughCacheRule | undefined {
  let found: PullThroughCacheRule | undefined;
  for (const rule of rules) {
    if (rule.region !== undefined && rule.region !== region) continue;
    if (!repository.startsWith(`${rule.prefix}/`)) continue;
    if (!found || rule.prefix.length > found.prefix.length) found = rule;
  }
  return found;
}

/** The need of a pull that misses the cache: the import and the repository, and a path to the upstream. */
export function cacheImportNeed(
  repository: string,
  repositoryArn: string,
  rule: PullThroughCacheRule,
): Omit<TaskNeed, "sources" | "containers"> {
  const upstream = rule.upstreamHost ?? "the rule's upstream registry";
  const iam: IamRequirement[] = PULL_THROUGH_CACHE_ACTIONS.map((action) => ({
    role: "execution",
    action,
    resource: repositoryArn,
    grantResource: repositoryArn,
  }));
  return {
    kind: "ecr-cache-import",
    key: `ecr-cache-import:${repositoryArn}`,
    target: repositoryArn,
    network: { kind: "internet", host: upstream },
    iam,
    notes: [
      `repository ${repository} is the pull-through cache (prefix ${rule.prefix}) of ${upstream}: a pull of a tag it does not hold yet imports the image from there, and the first one creates the repository`,
    ],
  };
}
