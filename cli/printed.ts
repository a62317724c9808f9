/**
 * What the command prints passes through here: the secret text of the check being run
 * (model/secret-text.ts) replaces any secret-marked value before it reaches stdout or stderr.
 * Values the program, the state file or a context export marks secret, and what the analysis
 * derived from them, count; set as soon as they are known, cleared when the command ends.
 */
import type { StackResource } from "../engine/stack-resource";
import type { SecretText } from "../model/secret-text";
import { unwrapSecrets } from "../model/unknown";
import type { StackAnalysis } from "../policies/analysis/analyze";
import { stackSecretText } from "../policies/secrets";
import type { ContextExport } from "./context";

let current: SecretText | undefined;

/** The text with every secret of the current check replaced. */
export const scrub = (text: string): string => current?.scrub(text) ?? text;

export function setSecretText(text: SecretText | undefined): void {
  current = text;
}

/** The resources as the pack reads them: secrets unwrapped, and kept aside as the values nothing may print. */
export function asPackResources(resources: readonly StackResource[]): StackResource[] {
  return resources.map((resource) => {
    const secrets: unknown[] = [];
    return {
      ...resource,
      properties: unwrapSecrets(resource.properties, secrets) as Record<string, unknown>,
      // What Analyze showed the pack, when the resource has it: the pack settles a first preview with it.
      inputs: resource.inputs ? (unwrapSecrets(resource.inputs, secrets) as Record<string, unknown>) : undefined,
      ...(secrets.length > 0 ? { secrets } : {}),
    };
  });
}

/** The secret text of a check: undefined when nothing is secret. */
export function secretTextOf(
  resources: readonly StackResource[],
  context: readonly ContextExport[],
  analysis?: StackAnalysis,
): SecretText | undefined {
  const contextSecrets = context.flatMap((source) => source.secrets);
  const packResources = asPackResources(resources);
  // Context exports' secrets join as one pseudo-resource: they count as secret, never as sent in the clear.
  if (contextSecrets.length > 0)
    packResources.push({
      type: "",
      urn: "",
      name: "",
      properties: {},
      dependencies: [],
      propertyDependencies: {},
      secrets: contextSecrets,
    });
  return stackSecretText(packResources, analysis);
}
