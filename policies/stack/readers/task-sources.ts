/**
 * Readers of what a task reads at start-up: secrets, parameters, KMS keys, log groups, image repositories.
 * Each reads a resource already settled (planned-state.ts): an unset Optional+Computed attribute
 * holds its create-time value from PLANNED_STATE, so "absent" below means "absent after create".
 */
import { known, readString, readValue, UNKNOWN_VALUE } from "../values";
import { arnOf, policyDocument, regionOf, ReadContext, ReaderTable } from "./common";
import type { StackResource } from "../resources";
import { T } from "../types";

function readSecret(r: StackResource, { model, resolver }: ReadContext): void {
  const p = r.props;
  model.secrets.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name") ?? (readString(p, "namePrefix") !== undefined ? UNKNOWN_VALUE : undefined),
    kmsKey: resolver.one(r, "kmsKeyId", readString(p, "kmsKeyId"), [T.kmsKey, T.kmsAlias]),
    region: regionOf(p),
    // Unset (settled by planned-state.ts): no resource policy, unless a SecretPolicy adds one.
    policy: policyDocument(readValue(p, "policy")),
  });
}

/** A SecretPolicy sets the resource policy of the secret it names (by ARN). */
function readSecretPolicy(r: StackResource, { model, resolver, later }: ReadContext): void {
  later.push(() => {
    const ref = resolver.one(r, "secretArn", readString(r.props, "secretArn"), [T.secret]);
    const secret = ref?.urn ? model.secrets.get(ref.urn) : undefined;
    if (secret) secret.policy = policyDocument(readValue(r.props, "policy")) ?? UNKNOWN_VALUE;
  });
}

function readParameter(r: StackResource, { model, resolver }: ReadContext): void {
  const p = r.props;
  model.parameters.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    type: readString(p, "type"),
    kmsKey: resolver.one(r, "keyId", readString(p, "keyId"), [T.kmsKey, T.kmsAlias]),
    region: regionOf(p),
  });
}

function readKmsKey(r: StackResource, { model }: ReadContext): void {
  const p = r.props;
  const keyId = readString(p, "keyId");
  model.kmsKeys.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    keyId: known(keyId) ? keyId : undefined,
    // Unset (settled by planned-state.ts): AWS's default key policy, built by the analysis.
    policy: policyDocument(readValue(p, "policy")),
  });
}

/** A KeyPolicy replaces the key policy of the key it names. */
function readKeyPolicy(r: StackResource, { model, resolver, later }: ReadContext): void {
  later.push(() => {
    const ref = resolver.one(r, "keyId", readString(r.props, "keyId"), [T.kmsKey]);
    const key = ref?.urn ? model.kmsKeys.get(ref.urn) : undefined;
    if (key) key.policy = policyDocument(readValue(r.props, "policy")) ?? UNKNOWN_VALUE;
  });
}

function readLogGroup(r: StackResource, { model }: ReadContext): void {
  const p = r.props;
  model.logGroups.set(r.urn, { urn: r.urn, arn: arnOf(p), name: readString(p, "name"), region: regionOf(p) });
}

function readRepository(r: StackResource, { model }: ReadContext): void {
  const p = r.props;
  const url = readString(p, "repositoryUrl");
  model.repositories.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    url: known(url) ? url : undefined,
  });
}

/** A RepositoryPolicy sets the policy of the repository it names (by name). */
function readRepositoryPolicy(r: StackResource, { model, resolver, later }: ReadContext): void {
  later.push(() => {
    const ref = resolver.one(r, "repository", readString(r.props, "repository"), [T.repository]);
    const repository = ref?.urn ? model.repositories.get(ref.urn) : undefined;
    if (repository) repository.policy = policyDocument(readValue(r.props, "policy")) ?? UNKNOWN_VALUE;
  });
}

export const TASK_SOURCES_READERS: ReaderTable = {
  [T.secret]: readSecret,
  [T.parameter]: readParameter,
  [T.kmsKey]: readKmsKey,
  [T.logGroup]: readLogGroup,
  [T.repository]: readRepository,
  [T.secretPolicy]: readSecretPolicy,
  [T.kmsKeyPolicy]: readKeyPolicy,
  [T.repositoryPolicy]: readRepositoryPolicy,
};
