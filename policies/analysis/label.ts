/**
 * How a resource is named in findings: its logical name, with its AWS id when known. Used by
 * the analysis and by the rules alike, so it lives here rather than in either.
 */
import { isUnknown } from "../../model";
import type { StackModel } from "../stack/model";

/** Labels per model: every path check names the resources it passes through. */
const labels = new WeakMap<StackModel, Map<string, string>>();

export function label(model: StackModel, urn: string | undefined, fallback = "?"): string {
  if (!urn) return fallback;
  let known = labels.get(model);
  if (!known) labels.set(model, (known = new Map()));
  let text = known.get(urn);
  if (text === undefined) {
    text = labelOf(model, urn);
    known.set(urn, text);
  }
  return text;
}

function labelOf(model: StackModel, urn: string): string {
  const resource = model.resources.get(urn);
  if (!resource) return urn;
  const id = resource.properties.id;
  // The id adds nothing when it is the name (an ECS service's id is its name).
  const name =
    typeof id === "string" && !isUnknown(id) && id !== resource.name ? `${resource.name} (${id})` : resource.name;
  // A fact from context says where it came from: "acme-tasks-a (rtb-0abc) from stack acme/network/prod".
  return resource.origin ? `${name} from ${resource.origin}` : name;
}
