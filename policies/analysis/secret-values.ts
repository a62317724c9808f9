/**
 * Which value a task reads from a secret of the stack: the `aws.secretsmanager.SecretVersion`
 * holding the staging label it asks for (AWSCURRENT unless it names one), when the stack tells
 * it. The value is secret: callers check it with the pure functions of model/startup and print
 * only what they conclude, never any part of it.
 */
import { isUnknown } from "../../model";
import type { Secret, SecretVersion, StackModel } from "../stack/model";
import { known } from "../stack/values";
import { label } from "./label";
import { findSecret } from "./needs";

export type SecretValue =
  /** The value the task reads, set by `version`. */
  | { kind: "value"; value: string; version: SecretVersion; secret: Secret }
  /** No such version can exist when the task starts. */
  | { kind: "missing"; why: string; awsError: string; secret: Secret }
  /** The stack does not tell it; `why` says what is missing. */
  | { kind: "unknown"; why: string; secret?: Secret };

/** A secret this preview creates: it has no version but those the stack gives it. */
function isFresh(model: StackModel, secret: Secret): boolean {
  return isUnknown(model.resources.get(secret.urn)?.properties.id);
}

export function versionsOf(model: StackModel, secret: Secret): SecretVersion[] {
  return model.secretVersions.filter((version) => version.secret?.urn === secret.urn);
}

export function secretValueFor(
  model: StackModel,
  secretArn: string,
  choice: { stage?: string; versionId?: string },
): SecretValue {
  const secret = findSecret(model, secretArn);
  if (!secret) return { kind: "unknown", why: `secret ${secretArn} is not in this stack` };
  const name = `secret ${label(model, secret.urn)}`;
  const fresh = isFresh(model, secret);
  if (choice.versionId !== undefined) {
    // Version ids are made by Secrets Manager when a version is created: a new secret has none the program could name.
    return fresh
      ? {
          kind: "missing",
          secret,
          why: `${name} is created by this preview, so it has no version ${choice.versionId} (Secrets Manager makes version ids)`,
          awsError: `ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId: ${choice.versionId}`,
        }
      : { kind: "unknown", secret, why: `which version of ${name} has id ${choice.versionId}` };
  }
  const stage = choice.stage ?? "AWSCURRENT";
  const versions = versionsOf(model, secret);
  if (versions.some((version) => !known(version.stages) || version.stages.some((s) => !known(s))))
    return { kind: "unknown", secret, why: `the staging labels of the versions of ${name} are computed at preview` };
  const holding = versions.filter((version) => known(version.stages) && version.stages.includes(stage));
  if (holding.length === 0) {
    if (fresh && versions.length > 0)
      return {
        kind: "missing",
        secret,
        why: `no version this stack gives ${name} (created by this preview) has the staging label ${stage}`,
        awsError: `ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: ${stage}`,
      };
    return {
      kind: "unknown",
      secret,
      why: `no SecretVersion of this stack gives ${name} a value with staging label ${stage}`,
    };
  }
  if (holding.length > 1)
    return {
      kind: "unknown",
      secret,
      why: `several SecretVersions of this stack give ${name} the staging label ${stage}`,
    };
  const [version] = holding;
  if (version.writeOnly)
    return { kind: "unknown", secret, why: `${name} is set with secretStringWo, which no preview sees` };
  if (version.value === undefined)
    return { kind: "unknown", secret, why: `${label(model, version.urn)} sets no secretString (a binary secret)` };
  if (!known(version.value))
    return { kind: "unknown", secret, why: `the value ${label(model, version.urn)} sets is computed at preview` };
  return { kind: "value", value: version.value, version, secret };
}
