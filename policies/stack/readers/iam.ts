/**
 * Readers of IAM roles, their inline and attached policies, and customer managed policies.
 * Each reads a resource already settled (planned-state.ts): an unset Optional+Computed attribute
 * holds its create-time value from PLANNED_STATE, so "absent" below means "absent after create".
 */
import { known, readBlocks, readString, readStrings, readValue, UNKNOWN_VALUE } from "../values";
import type { Ref, Role } from "../model";
import { idOf, arnOf, policyDocument, ReadContext, ReaderTable } from "./common";
import type { StackResource } from "../resources";
import { T } from "../types";

/**
 * A role's permissions boundary: the policy ARN, linked to a policy of the stack when it is
 * one. Unset means none: the attribute is Optional only (terraform-provider-aws
 * internal/service/iam/role.go permissions_boundary), so absent at preview is absent after create.
 */
function permissionsBoundaryOf(r: StackResource, { resolver }: ReadContext): Role["permissionsBoundary"] {
  const arn = readString(r.props, "permissionsBoundary");
  if (arn === undefined) return undefined;
  return { arn, policy: resolver.one(r, "permissionsBoundary", arn, [T.policy]) };
}

function readRole(r: StackResource, context: ReadContext): void {
  const { model } = context;
  const p = r.props;
  const inline = readBlocks(p, "inlinePolicies");
  const managed = readStrings(p, "managedPolicyArns");
  model.roles.set(r.urn, {
    permissionsBoundary: permissionsBoundaryOf(r, context),
    urn: r.urn,
    id: idOf(p),
    arn: arnOf(p),
    name: readString(p, "name"),
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
      : inline === UNKNOWN_VALUE
        ? [{ name: "inlinePolicies", document: UNKNOWN_VALUE, declaredBy: r.urn }]
        : [],
    attachedPolicies: known(managed)
      ? managed.map((arn) => ({ arn, policy: known(arn) ? { value: arn } : undefined, declaredBy: r.urn }))
      : managed === UNKNOWN_VALUE
        ? [{ arn: UNKNOWN_VALUE, declaredBy: r.urn }]
        : [],
  });
}

function readRolePolicy(r: StackResource, { model, resolver, later }: ReadContext): void {
  const p = r.props;
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
        const arn = readString(p, "policyArn") ?? UNKNOWN_VALUE;
        role.attachedPolicies.push({
          arn,
          policy: resolver.one(r, "policyArn", arn, [T.policy]),
          declaredBy: r.urn,
        });
      }
    }
  });
}

function readPolicy(r: StackResource, { model }: ReadContext): void {
  const p = r.props;
  model.policies.set(r.urn, {
    urn: r.urn,
    arn: arnOf(p),
    name: readString(p, "name"),
    document: policyDocument(readValue(p, "policy")),
  });
}

export const IAM_READERS: ReaderTable = {
  [T.role]: readRole,
  [T.rolePolicy]: readRolePolicy,
  [T.rolePolicyAttachment]: readRolePolicy,
  [T.policyAttachment]: readRolePolicy,
  [T.policy]: readPolicy,
};
