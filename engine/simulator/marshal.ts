/**
 * How the engine marshals a program's values for a policy pack, and what it sends with them.
 */
import { UNKNOWN, isRecord } from "../../model";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../model/unknown";
import type { Properties, StackResource } from "../stack-resource";

/**
 * How the SDK marks a resource reference in a property Struct (@pulumi/pulumi runtime/rpc.js:
 * specialSigKey, specialResourceSig).
 */
const RESOURCE_SIGNATURE = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * A property value as the engine sends it to a pack: the SDK serialises a resource passed as an
 * input as a reference `{sig, urn, id}` (a component: `{sig, urn}`); the engine marshals inputs
 * and outputs for the analyzer without `KeepResources`, which turns a reference into the
 * resource's id (unknown while the resource is planned) or, for a component, its URN
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go MarshalPropertyValue).
 */
export function asEngineSends(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asEngineSends);
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === RESOURCE_SIGNATURE) {
    if ("id" in value) return value.id === "" || value.id === undefined ? UNKNOWN : value.id;
    return value.urn;
  }
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) return { ...value, value: asEngineSends(value.value) };
  const result: Properties = {};
  for (const [key, element] of Object.entries(value)) result[key] = asEngineSends(element);
  return result;
}

/**
 * The `propertyDependencies` the engine sends with `AnalyzeStack`: a key only for a property
 * that depends on at least one resource. The SDK registers a list for every input it set, empty
 * ones included; the engine's analyzer client skips the empty ones (pulumi/pulumi
 * sdk/go/common/resource/plugin/analyzer_plugin.go, AnalyzeStack: "Skip properties that have
 * no dependencies"). Returns the same object when nothing is dropped.
 */
export function analyzerPropertyDependencies(
  dependencies: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const keys = Object.keys(dependencies);
  if (keys.every((key) => dependencies[key].length > 0)) return dependencies as Record<string, string[]>;
  const kept: Record<string, string[]> = {};
  for (const key of keys) if (dependencies[key].length > 0) kept[key] = [...dependencies[key]];
  return kept;
}

/** A recorded resource as `AnalyzeStack` carries it: propertyDependencies as the engine sends them. */
export function asAnalyzeStackSends(resource: StackResource): StackResource {
  const propertyDependencies = analyzerPropertyDependencies(resource.propertyDependencies);
  return propertyDependencies === resource.propertyDependencies ? resource : { ...resource, propertyDependencies };
}
