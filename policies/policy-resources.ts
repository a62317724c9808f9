/**
 * @pulumi/policy's resources as plain data. It hands each resource's properties behind a proxy
 * that throws on any unknown value (and then downgrades the whole policy to one advisory); the
 * pack unwraps it once and treats unknowns as data.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { Properties, StackResource } from "../engine/stack-resource";

/** The proxy's escape hatch (an internal of @pulumi/policy 1.21, pinned in package.json). */
const PROXY_TARGET = "__getSpecialProxyTarget";

export function unwrapProperties(props: unknown): Properties {
  if (typeof props !== "object" || props === null) return {};
  const target = (props as Record<string, unknown>)[PROXY_TARGET];
  const raw = target !== undefined && typeof target === "object" && target !== null ? target : props;
  return raw as Properties;
}

export function fromPolicyResource(resource: PolicyResource): StackResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [property, dependents] of Object.entries(resource.propertyDependencies ?? {})) {
    propertyDependencies[property] = (dependents ?? []).map((dependent) => dependent.urn);
  }
  return {
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    properties: unwrapProperties(resource.props),
    parent: resource.parent?.urn,
    dependencies: (resource.dependencies ?? []).map((dependency) => dependency.urn),
    propertyDependencies,
  };
}
