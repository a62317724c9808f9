/**
 * What the preview-form cases share (../preview-form.test.ts): the engine's unknown, the
 * documents and names they use, the shape of a case and how its planned state is written.
 */
import { UNKNOWN } from "../../../model";

/** The engine's unknown (a computed value), as a Struct carries it. */
export const U = UNKNOWN;
/** A resource policy for the policy resources' cases (key, secret, repository). */
export const RESOURCE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "*", Resource: "*" }],
});
/** The Struct form of a secret input. */
export const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
/** Stands for a name the provider's Check generated: `<resource name>-<7 hex digits>`. */
export const AUTONAME = "<autoname>";

export const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
export const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }],
});
export const CONTAINERS = JSON.stringify([{ name: "api", image: "nginx:1.27", essential: true }]);

export interface Case {
  type: string;
  /** What the case shows, when a type has several. */
  title?: string;
  register: (name: string) => void;
  /** The inputs `Analyze` gets: program inputs + defaults + autoname. */
  inputs: Record<string, unknown>;
  /** The planned state `AnalyzeStack` gets. */
  planned: Record<string, unknown>;
}

/**
 * A case written as what the planned state adds to the inputs: the provider's region (a regional
 * resource: known at plan, AWS provider 7; a `global` one, IAM, has none) and the attributes
 * listed in `unknown` (computed, or Optional+Computed and unset), each the engine's unknown. The
 * inputs stand in the planned state as Check left them.
 */
export function previewCase({
  unknown,
  global = false,
  ...rest
}: Omit<Case, "planned"> & { unknown: readonly string[]; global?: boolean }): Case {
  return {
    ...rest,
    planned: {
      ...(global ? {} : { region: "eu-west-1" }),
      ...rest.inputs,
      ...Object.fromEntries(unknown.map((key) => [key, U])),
    },
  };
}
