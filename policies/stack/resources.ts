/**
 * The stack as plain data. @pulumi/policy hands each resource's properties behind a proxy
 * that throws on any unknown value (and then downgrades the whole policy to one advisory);
 * we unwrap it once and treat unknowns as data.
 */
import type { PolicyResource } from "@pulumi/policy";

export type Properties = Record<string, unknown>;

export interface StackResource {
  type: string;
  urn: string;
  name: string;
  props: Properties;
  parent?: string;
  dependencies: string[];
  /** property name → URNs of the resources its value was computed from. */
  propertyDependencies: Record<string, string[]>;
  /** Where a resource outside this stack was learnt from ("stack acme/network/prod"); absent for the stack's own. */
  origin?: string;
  /** The inputs (after the provider's Check) the engine sent to `Analyze`, when the pack saw them. */
  inputs?: Properties;
  /** Facts the planned state left unknown that only deployment tells, with the input that would settle each. */
  unsettled?: { property: string; settleWith: string }[];
}

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
    props: unwrapProperties(resource.props),
    parent: resource.parent?.urn,
    dependencies: (resource.dependencies ?? []).map((dependency) => dependency.urn),
    propertyDependencies,
  };
}
