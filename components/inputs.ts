/**
 * What both components read the same way: the error that names a bad input, and the
 * `containerDefinitions` input (one entry per task definition) read into start-up needs.
 */
import { jsonNotValidReason } from "../model/json-syntax";
import { deriveTaskNeeds, TaskDefinitionError, TaskNeed } from "../model";

export class ComponentInputError extends Error {
  constructor(input: string, expected: string, got?: unknown) {
    super(`${input}: expected ${expected}${got === undefined ? "" : `, got ${JSON.stringify(got)}`}`);
    this.name = "ComponentInputError";
  }
}

/**
 * The needs of one task definition given to a component at `path` (`containerDefinitions[0]`);
 * a definition that cannot be read is a ComponentInputError naming that input and the field.
 */
export function needsOfDefinition(
  containerDefinitions: string | readonly unknown[],
  path: string,
  region: string,
  accountId: string,
  /** ecrRepositoryPrefix of the pull-through cache rules of the registry (in `region`). */
  pullThroughCachePrefixes: readonly string[] = [],
): TaskNeed[] {
  try {
    const pullThroughCacheRules = pullThroughCachePrefixes.map((prefix) => ({ prefix, region }));
    return deriveTaskNeeds({ containerDefinitions, region, accountId, pullThroughCacheRules }).needs;
  } catch (error) {
    if (error instanceof TaskDefinitionError) {
      throw new ComponentInputError(
        `${path}${error.field.replace(/^containerDefinitions/, "")}`,
        error.message.replace(/^[^:]*: expected /, ""),
      );
    }
    throw error;
  }
}

/**
 * One entry of a component's `containerDefinitions`, as aws.ecs.TaskDefinition takes it: a
 * JSON string of an array of container definitions, or that array itself. A single container
 * definition object is read as an array of one.
 */
export function containersOfEntry(value: unknown, path: string): readonly unknown[] {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      // JSON.parse's message quotes the text around the error: of a secret, the secret.
      throw new ComponentInputError(path, `valid JSON, not ${jsonNotValidReason(value, path)}`);
    }
  }
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === "object" && parsed !== null) return [parsed];
  throw new ComponentInputError(
    path,
    "a JSON string or an array of container definitions, as aws.ecs.TaskDefinition takes them",
    parsed === null ? "null" : typeof parsed,
  );
}

/**
 * `containerDefinitions` given as one plain value instead of a list: one task definition's JSON
 * string, read now (a malformed one fails, naming the input and the shape it must have).
 * Undefined for a list or an Output, which the caller reads entry by entry or once known.
 */
export function plainSingleDefinition(definitions: unknown): readonly unknown[] | undefined {
  if (typeof definitions !== "string") return undefined;
  return containersOfEntry(definitions, "containerDefinitions");
}
