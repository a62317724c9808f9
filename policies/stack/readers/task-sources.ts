/**
 * Readers of what a task reads at start-up: secrets, parameters, KMS keys, log groups, image repositories.
 * Each reads a resource already settled (../settle.ts): an unset Optional+Computed attribute
 * holds its create-time value from the provider-fact table, so "absent" below means "absent
 * after create".
 */
import { known, readString, readStrings, readValue, UNKNOWN_FACT } from "../values";
import { arnOf, policyDocument, policyReplacement, regionOf, BuildState, ReaderTable, tagsOf } from "./common";
import type { StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";
import { unsetStrings } from "../../../engine/provider-facts";

function readSecret(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  model.secrets.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name") ?? (readString(p, "namePrefix") !== undefined ? UNKNOWN_FACT : undefined),
    kmsKey: resolver.one(r, "kmsKeyId", readString(p, "kmsKeyId"), [T.kmsKey, T.kmsAlias]),
    region: regionOf(p),
    // Unset (settled by ../settle.ts): no resource policy, unless a SecretPolicy adds one.
    policy: policyDocument(readValue(p, "policy")),
    tags: tagsOf(p),
  });
}

/** A SecretPolicy sets the resource policy of the secret it names (by ARN). */
function readSecretPolicy(r: StackResource, { model, resolver, later }: BuildState): void {
  later.push(() => {
    const ref = resolver.one(r, "secretArn", readString(r.properties, "secretArn"), [T.secret]);
    const secret = ref?.urn ? model.secrets.get(ref.urn) : undefined;
    if (secret) secret.policy = policyDocument(readValue(r.properties, "policy")) ?? UNKNOWN_FACT;
  });
}

function readParameter(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  model.parameters.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    type: readString(p, "type"),
    kmsKey: resolver.one(r, "keyId", readString(p, "keyId"), [T.kmsKey, T.kmsAlias]),
    region: regionOf(p),
    tags: tagsOf(p),
  });
}

function readKmsKey(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  const keyId = readString(p, "keyId");
  model.kmsKeys.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    keyId: known(keyId) ? keyId : undefined,
    // Unset (settled by ../settle.ts): AWS's default key policy, built by the analysis.
    policy: policyDocument(readValue(p, "policy")),
    tags: tagsOf(p),
  });
}

/** A KeyPolicy replaces the key policy of the key it names. */
const readKeyPolicy = policyReplacement("keyId", [T.kmsKey], (model) => model.kmsKeys);

function readLogGroup(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  model.logGroups.set(r.urn, { urn: r.urn, arn: arnOf(p), name: readString(p, "name"), region: regionOf(p) });
}

function readRepository(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  const url = readString(p, "repositoryUrl");
  model.repositories.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    url: known(url) ? url : undefined,
  });
}

/** A RepositoryPolicy sets the policy of the repository it names (by name). */
function readRepositoryPolicy(r: StackResource, { model, resolver, later }: BuildState): void {
  later.push(() => {
    const ref = resolver.one(r, "repository", readString(r.properties, "repository"), [T.repository]);
    const repository = ref?.urn ? model.repositories.get(ref.urn) : undefined;
    if (repository) repository.policy = policyDocument(readValue(r.properties, "policy")) ?? UNKNOWN_FACT;
  });
}

/** The staging labels of a version created without any (read once from the provider-fact table). */
const UNSET_VERSION_STAGES = unsetStrings(T.secretVersion, "versionStages");

/** A SecretVersion sets a value of the secret it names (by ARN or id). The value is secret: kept, never printed. */
function readSecretVersion(r: StackResource, { model, resolver }: BuildState): void {
  const p = r.properties;
  const value = readValue(p, "secretString");
  model.secretVersions.push({
    urn: r.urn,
    secret: resolver.one(r, "secretId", readString(p, "secretId"), [T.secret]),
    value: value === UNKNOWN_FACT ? UNKNOWN_FACT : typeof value === "string" ? value : undefined,
    writeOnly: readValue(p, "secretStringWo") !== undefined,
    stages: readStrings(p, "versionStages") ?? UNSET_VERSION_STAGES,
  });
}

function readPullThroughCacheRule(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  model.cacheRules.set(r.urn, {
    urn: r.urn,
    prefix: readString(p, "ecrRepositoryPrefix"),
    upstreamRegistryUrl: readString(p, "upstreamRegistryUrl"),
    region: regionOf(p),
    // A rule being created has no id at preview; a deployed one has its prefix as id.
    created: !known(readString(p, "id")) || readString(p, "id") === undefined,
  });
}

function readRegistryPolicy(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  model.registryPolicies.push({ urn: r.urn, region: regionOf(p), policy: policyDocument(readValue(p, "policy")) });
}

export const TASK_SOURCES_READERS: ReaderTable = {
  [T.secretVersion]: readSecretVersion,
  [T.secret]: readSecret,
  [T.parameter]: readParameter,
  [T.kmsKey]: readKmsKey,
  [T.logGroup]: readLogGroup,
  [T.repository]: readRepository,
  [T.secretPolicy]: readSecretPolicy,
  [T.kmsKeyPolicy]: readKeyPolicy,
  [T.repositoryPolicy]: readRepositoryPolicy,
  [T.pullThroughCacheRule]: readPullThroughCacheRule,
  [T.registryPolicy]: readRegistryPolicy,
};
