/**
 * Outside facts for one AnalyzeStack request: read what the config allows, merge it into the
 * stack's resources. Without any context configured this does nothing and loads nothing more.
 */
import { contextConfigured, PackConfig } from "../config/pack-config";
import type { StackResource } from "../../engine/stack-resource";
import { mergeContext, ContextReport } from "./merge";
import { awsTargetFromEnv, ContextDeps, loadContext } from "./sources";

export type { ContextReport } from "./merge";
export { CONTEXT_CONFIG_SNIPPET } from "../analysis/context-advice";

export async function withContext(
  stackResources: StackResource[],
  config: PackConfig,
  deps?: ContextDeps,
): Promise<{ resources: StackResource[]; context?: ContextReport }> {
  if (!contextConfigured(config)) return { resources: stackResources };
  const load = await loadContext(config.context, stackResources, deps, {
    ...awsTargetFromEnv(),
    ...(config.region ? { region: config.region } : {}),
  });
  const merged = mergeContext(stackResources, load);
  return { resources: merged.resources, context: merged.report };
}
