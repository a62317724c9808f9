/**
 * Readers of what a task reads at start-up: secrets, parameters, KMS keys, log groups, image repositories.
 * Each reads a resource already settled (planned-state.ts): an unset Optional+Computed attribute
 * holds its create-time value from PLANNED_STATE, so "absent" below means "absent after create".
 */
import { known, readString, UNKNOWN_VALUE } from "../values";
import { arnOf, regionOf, ReadContext, ReaderTable } from "./common";
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
  model.kmsKeys.set(r.urn, { urn: r.urn, arn: arnOf(p), keyId: known(keyId) ? keyId : undefined });
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

export const TASK_SOURCES_READERS: ReaderTable = {
  [T.secret]: readSecret,
  [T.parameter]: readParameter,
  [T.kmsKey]: readKmsKey,
  [T.logGroup]: readLogGroup,
  [T.repository]: readRepository,
};
