/**
 * Readers of IAM roles, their inline and attached policies, and customer managed policies.
 * Each reads a resource already settled (../settle.ts): an unset Optional+Computed attribute
 * holds its create-time value from the provider-fact table, so "absent" below means "absent
 * after create".
 */
import { known, readBlocks, readString, readStrings, readValue, UNKNOWN_FACT } from "../values";
import type { Ref, Role } from "../model";
import { idOf, arnOf, policyDocument, BuildState, ReaderTable } from "./common";
import type { StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";
import { unsetString } from "../../../engine/provider-facts";

/** The path the provider gives a role created without one (read once from the table). */
const ROLE_PATH_UNSET = unsetString(T.role, "path");

/**
 * A role's permissions boundary: the policy ARN, linked to a policy of the stack when it is
 * one. Unset means none: the attribute is Optional only (terraform-provider-aws
 * internal/service/iam/role.go permissions_boundary), so absent at preview is absent after create.
 */
function permissionsBoundaryOf(r: StackResource, { resolver }: BuildState): Role["permissionsBoundary"] {
  const arn = readString(r.properties, "permissionsBoundary");
  if (arn === undefined) return undefined;
  return { arn, policy: resolver.one(r, "permissionsBoundary", arn, [T.policy]) };
}

function readRole(r: StackResource, state: BuildState): void {
  const { model } = state;
  const p = r.properties;
  const inline = readBlocks(p, "inlinePolicies");
  const managed = readStrings(p, "managedPolicyArns");
  model.roles.set(r.urn, {
    permissionsBoundary: permissionsBoundaryOf(r, state),
    urn: r.urn,
    id: idOf(p),
    arn: arnOf(p),
    name: readString(p, "name"),
    path: readString(p, "path") ?? ROLE_PATH_UNSET,
    trust: policyDocument(readValue(p, "assumeRolePolicy")),
    inlinePolicies: known(inline)
      ? inline.map((block) => {
          const name = readString(block, "name");
          return {
            name: known(name) ? name : "inline",
            document: policyDocument(readValue(block, "policy")),
            declaredBy: r.urn,
          };
        })
      : inline === UNKNOWN_FACT
        ? [{ name: "inlinePolicies", document: UNKNOWN_FACT, declaredBy: r.urn }]
        : [],
    attachedPolicies: known(managed)
      ? managed.map((arn) => ({ arn, policy: known(arn) ? { value: arn } : undefined, declaredBy: r.urn }))
      : managed === UNKNOWN_FACT
        ? [{ arn: UNKNOWN_FACT, declaredBy: r.urn }]
        : [],
  });
}

function readRolePolicy(r: StackResource, { model, resolver, later }: BuildState): void {
  const p = r.properties;
  later.push(() => {
    const roleRefs =
      r.type === T.policyAttachment
        ? resolver.many(r, "roles", readStrings(p, "roles"), [T.role]).refs
        : [resolver.one(r, "role", readString(p, "role"), [T.role])].filter((ref): ref is Ref => !!ref);
    const roles = roleRefs.map((roleRef) => (roleRef.urn ? model.roles.get(roleRef.urn) : undefined));
    if (r.type === T.rolePolicy && !roles.some(Boolean))
      model.detachedRolePolicies.push({ urn: r.urn, document: policyDocument(readValue(p, "policy")) });
    for (const role of roles) {
      if (!role) continue;
      if (r.type === T.rolePolicy) {
        const name = readString(p, "name");
        role.inlinePolicies.push({
          name: known(name) ? name : r.name,
          document: policyDocument(readValue(p, "policy")),
          declaredBy: r.urn,
        });
      } else {
        const arn = readString(p, "policyArn") ?? UNKNOWN_FACT;
        role.attachedPolicies.push({
          arn,
          policy: resolver.one(r, "policyArn", arn, [T.policy]),
          declaredBy: r.urn,
        });
      }
    }
  });
}

function readPolicy(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  model.policies.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    document: policyDocument(readValue(p, "policy")),
  });
}

function readServiceLinkedRole(r: StackResource, { model }: BuildState): void {
  const service = readString(r.properties, "awsServiceName");
  if (known(service)) model.serviceLinkedRoles.set(service, r.urn);
}

export const IAM_READERS: ReaderTable = {
  [T.serviceLinkedRole]: readServiceLinkedRole,
  [T.role]: readRole,
  [T.rolePolicy]: readRolePolicy,
  [T.rolePolicyAttachment]: readRolePolicy,
  [T.policyAttachment]: readRolePolicy,
  [T.policy]: readPolicy,
};
