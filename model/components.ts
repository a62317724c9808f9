/**
 * What the components and the policy pack both know of the components: their type tokens (the
 * pack recognises their children by them) and the names of the endpoint set's `services`
 * input (the pack's fixes name the entry to add).
 */
import type { AwsServiceKey } from "./services";

/** The components' type tokens (the schema's and the URNs'): the pack recognises their children by them. */
export const ENDPOINT_SET_TYPE = "fargate-preflight:index:FargateEndpointSet";
export const EXECUTION_ROLE_TYPE = "fargate-preflight:index:FargateExecutionRole";

/** Names a user may list in `services`; "ecr" and "ecs" stand for their groups of endpoints. */
export const SERVICE_GROUPS: Readonly<Record<string, readonly AwsServiceKey[]>> = {
  ecr: ["ecr.api", "ecr.dkr", "s3"],
  ecs: ["ecs", "ecs-agent", "ecs-telemetry"],
};

/**
 * The name to list in a FargateEndpointSet's `services` for an endpoint: the group for ECR and
 * ECS (their endpoints only work together), else the endpoint's own name.
 */
export function servicesEntryFor(service: AwsServiceKey): string {
  for (const [group, members] of Object.entries(SERVICE_GROUPS)) {
    // s3 alone (environment files, or layers for an ECR group given elsewhere) stays "s3".
    if (service !== "s3" && members.includes(service)) return group;
  }
  return service;
}

/** `services` entries covering the given endpoints, deduplicated, in a stable order. */
export function servicesEntriesFor(services: Iterable<AwsServiceKey>): string[] {
  const keys = [...services];
  const entries = new Set(keys.map(servicesEntryFor));
  // The ecr group brings the S3 gateway; no separate "s3" entry is needed beside it.
  if (entries.has("ecr")) entries.delete("s3");
  return [...entries].sort();
}
