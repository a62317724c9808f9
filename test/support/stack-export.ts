import type { StackResource } from "../../engine/stack-resource";

/** A `pulumi stack export` document holding these resources (deployed: outputs known). */
export function stackExport(resources: readonly StackResource[]): unknown {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-24T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: resources.map((resource) => ({
        urn: resource.urn,
        custom: true,
        id: resource.properties.id,
        type: resource.type,
        inputs: resource.properties,
        outputs: resource.properties,
        parent: resource.parent,
        dependencies: resource.dependencies ?? [],
        propertyDependencies: resource.propertyDependencies ?? {},
      })),
    },
  };
}
