/**
 * Names that cannot belong to anything outside the stack yet: the autonames of resources this
 * very preview creates. Pulumi autonames a resource `<logical name>-<7 random hex digits>` in
 * Check; a resource being created has no id yet. A log group or repository name built from such
 * a name (`/ecs/${cluster.name}`) cannot have been created by another stack or by hand.
 */
import { isUnknown } from "../../model";
import type { StackModel } from "../stack/model";

export interface FreshName {
  urn: string;
  name: string;
}

/** The autoname of a resource this preview creates, when it has one. */
function freshName(model: StackModel, urn: string): FreshName | undefined {
  const resource = model.resources.get(urn);
  if (!resource || !isUnknown(resource.properties.id)) return undefined;
  const name = resource.properties.name;
  if (typeof name !== "string" || isUnknown(name)) return undefined;
  const escaped = resource.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped}-[0-9a-f]{7}$`).test(name) ? { urn, name } : undefined;
}

/** A fresh autoname, among the resources `text` was built from, that `text` contains. */
export function freshNameIn(model: StackModel, sources: readonly string[], text: string): FreshName | undefined {
  for (const urn of sources) {
    const fresh = freshName(model, urn);
    if (fresh && text.includes(fresh.name)) return fresh;
  }
  return undefined;
}
