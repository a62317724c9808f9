/**
 * What the ECS agent does with a Secrets Manager value, as pure checks: the valueFrom forms it
 * accepts, reading a JSON key, and the private registry credentials shape. Taken from the agent
 * (aws/amazon-ecs-agent agent/taskresource/asmsecret/asmsecret.go getASMParametersFromInput,
 * agent/asm/asm.go GetSecretFromASMWithInput and extractASMValue); Fargate runs its own agent,
 * whose texts arrive inside `ResourceInitializationError: unable to pull secrets or registry
 * auth: execution resource retrieval failed: unable to retrieve secret from asm: ...`.
 *
 * The values checked here are secret: results never carry any part of them.
 */
import { parseArn } from "../arn";
import { isRecord } from "../record";

export const SECRET_SOURCES = {
  valueFrom: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
  registry: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html",
} as const;

export const ASM_PREFIX =
  "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm";

export const INVALID_SECRET_ARN =
  "an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.";

/**
 * A Secrets Manager valueFrom the agent refuses: its resource, split on ":", must be
 * `secret:<name>` or `secret:<name>:<json-key>:<version-stage>:<version-id>` (empty fields
 * allowed, colons not optional). Undefined: accepted, or not a Secrets Manager ARN.
 */
export function secretArnFormProblem(valueFrom: string): string | undefined {
  const arn = parseArn(valueFrom);
  if (!arn || arn.service !== "secretsmanager") return undefined;
  const parts = arn.resource.split(":");
  if (parts.length === 2 || parts.length === 5) return undefined;
  return parts.length < 5
    ? `it has ${parts.length - 2} of the three fields after the secret name (json-key:version-stage:version-id): write all three colons, empty fields allowed (…:secret:name:key::)`
    : `it has ${parts.length - 2} fields after the secret name, more than json-key:version-stage:version-id`;
}

/** Why a secret value cannot give a JSON key (`problem` completes "the value ..."), as the agent fails; undefined: it has the key. */
export function jsonKeyProblem(value: string, key: string): { problem: string; agentError: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {
      problem: "is not JSON",
      agentError: "invalid character ... looking for beginning of value (the agent's JSON decoding error)",
    };
  }
  // Go decodes `null` into an empty map: the key is then simply absent.
  if (parsed !== null && !isRecord(parsed)) {
    const kind = Array.isArray(parsed) ? "array" : typeof parsed;
    return {
      problem: `is a JSON ${kind}, not an object`,
      agentError: `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    };
  }
  if (parsed !== null && Object.prototype.hasOwnProperty.call(parsed, key)) return undefined;
  return {
    problem: `has no key "${key}"`,
    agentError: `retrieved secret from Secrets Manager did not contain json key ${key}`,
  };
}

/**
 * Why a value is not private registry credentials: a JSON object with non-empty string
 * `username` and `password` (Go matches the field names case-insensitively, a later key
 * overriding an earlier one). Undefined: it is.
 */
export function registryCredentialsProblem(value: string): { problem: string; agentError: string } | undefined {
  const invalidSchema = (problem: string) => ({
    problem,
    agentError: "asm fetching authorization data: unable to unmarshal secret value, invalid schema",
  });
  if (value === "") return { problem: "is empty", agentError: "asm fetching authorization data: empty secrets value" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return invalidSchema("is not JSON");
  }
  if (parsed !== null && !isRecord(parsed)) return invalidSchema("is not a JSON object");
  const fields: Record<"username" | "password", unknown> = { username: undefined, password: undefined };
  for (const [key, item] of Object.entries(parsed ?? {})) {
    const field = key.toLowerCase();
    if (field !== "username" && field !== "password") continue;
    if (item !== null && typeof item !== "string") return invalidSchema(`has a ${field} that is not a string`);
    fields[field] = item;
  }
  for (const field of ["username", "password"] as const) {
    if (typeof fields[field] !== "string" || fields[field] === "")
      return {
        problem: `has no non-empty "${field}"`,
        agentError: `asm fetching ${field}: AuthorizationData is malformed, empty field`,
      };
  }
  return undefined;
}
