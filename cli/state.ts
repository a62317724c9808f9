/** Resources of a `pulumi stack export` file, as the engine sends a deployed stack to a pack. */
import * as fs from "fs";
import type { StackResource } from "./analyzerClient";
import { UsageError } from "./program";

interface ExportedResource {
  urn?: unknown;
  type?: unknown;
  id?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  parent?: unknown;
  dependencies?: unknown;
  propertyDependencies?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function readStackExport(file: string): StackResource[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file}: not a readable JSON stack export (${(error as Error).message})`);
  }
  const deployment = isObject(parsed) ? parsed.deployment : undefined;
  const resources = isObject(deployment) ? deployment.resources : undefined;
  if (!Array.isArray(resources))
    throw new UsageError(`${file}: expected the output of \`pulumi stack export\` (deployment.resources is missing)`);
  return resources.map((raw: ExportedResource, index) => {
    if (typeof raw.urn !== "string" || typeof raw.type !== "string")
      throw new UsageError(`${file}: deployment.resources[${index}] has no urn or type`);
    const properties: Record<string, unknown> = {
      ...(isObject(raw.inputs) ? raw.inputs : {}),
      ...(isObject(raw.outputs) ? raw.outputs : {}),
    };
    if (typeof raw.id === "string" && raw.id !== "") properties.id = raw.id;
    const propertyDependencies: Record<string, string[]> = {};
    if (isObject(raw.propertyDependencies)) {
      for (const [key, value] of Object.entries(raw.propertyDependencies))
        if (Array.isArray(value)) propertyDependencies[key] = value.map(String);
    }
    return {
      type: raw.type,
      urn: raw.urn,
      name: raw.urn.slice(raw.urn.lastIndexOf("::") + 2),
      properties,
      parent: typeof raw.parent === "string" ? raw.parent : undefined,
      dependencies: Array.isArray(raw.dependencies) ? raw.dependencies.map(String) : [],
      propertyDependencies,
    };
  });
}
