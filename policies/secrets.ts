/**
 * The secret text of one stack (model/secret-text.ts): the values its resources carry under
 * secret markers, what the analysis derived from secret-marked container definitions (an ARN
 * built from an image, a log group named in them), less the text the stack also carries in the
 * clear. Built only for a stack that has a secret.
 */
import type { TaskNeed } from "../model";
import { forEachLeaf, SecretText } from "../model/secret-text";
import type { StackAnalysis } from "./analysis/analyze";
import type { StackResource } from "../engine/stack-resource";

/** Every text of a need that may be printed. */
function needTexts(need: TaskNeed): string[] {
  return [
    need.target,
    ...(need.network.kind === "internet" ? [need.network.host] : []),
    ...need.iam.flatMap((requirement) => [requirement.resource, requirement.grantResource]),
    ...need.containers,
    ...need.notes,
  ];
}

/** Whether `text` is a string of a value `resource` carries under a secret marker. */
export function isSecretOf(resource: StackResource | undefined, text: string): boolean {
  let found = false;
  forEachLeaf(resource?.secrets ?? [], (leaf) => {
    found ||= leaf === text;
  });
  return found;
}

/** The secret text of `resources`, or undefined when none has a secret-marked value. */
export function stackSecretText(resources: readonly StackResource[], analysis?: StackAnalysis): SecretText | undefined {
  if (!resources.some((resource) => resource.secrets !== undefined && resource.secrets.length > 0)) return undefined;
  const text = new SecretText();
  for (const resource of resources) for (const value of resource.secrets ?? []) text.addSecret(value);
  for (const service of analysis?.services ?? [])
    if (service.taskDefinition?.containerDefinitionsSecret)
      for (const need of service.needs) needTexts(need).forEach((derived) => text.addDerived(derived));
  text.countSentLater(function* () {
    for (const resource of resources) {
      // A resource's name is in its URN, which the engine never marks secret: a service named like a
      // string inside its secret-marked container definitions is still named.
      yield resource.name;
      yield resource.properties;
      if (resource.inputs) yield resource.inputs;
    }
  });
  return text;
}
