/** IAM: may the task's role make each start-up call, and may ECS assume the role at all. */
import {
  evaluateRequest,
  IamRequirement,
  IamVerdict,
  isAwsManagedPolicyArn,
  managedPolicyDocument,
  NamedPolicy,
  PolicyDocument,
} from "../../model";
import type { Ref, Role, StackModel } from "../stack/model";
import { known, UNKNOWN_VALUE } from "../stack/values";
import { label } from "./label";

export interface RolePolicies {
  policies: NamedPolicy[];
  /** Policies whose documents cannot be read (computed, or outside the stack). */
  unknownPolicies: string[];
}

export function policiesOfRole(model: StackModel, role: Role): RolePolicies {
  const policies: NamedPolicy[] = [];
  const unknownPolicies: string[] = [];
  for (const inline of role.inlinePolicies) {
    const name = `inline policy ${inline.name} of role ${label(model, role.urn)}`;
    if (inline.document === UNKNOWN_VALUE) unknownPolicies.push(name);
    else if (inline.document) policies.push({ name, document: inline.document });
  }
  for (const attached of role.attachedPolicies) {
    if (!known(attached.arn)) {
      const policy = attached.policy?.urn ? model.policies.get(attached.policy.urn) : undefined;
      if (policy && known(policy.document))
        policies.push({ name: `policy ${label(model, policy.urn)}`, document: policy.document as PolicyDocument });
      else unknownPolicies.push(`an attached policy of role ${label(model, role.urn)} (ARN computed at preview)`);
      continue;
    }
    const managed = managedPolicyDocument(attached.arn);
    if (managed) {
      policies.push({ name: `AWS managed policy ${attached.arn.split("/").pop()}`, document: managed });
      continue;
    }
    const policy = attached.policy?.urn ? model.policies.get(attached.policy.urn) : undefined;
    if (policy && policy.document !== undefined && known(policy.document)) {
      policies.push({ name: `policy ${label(model, policy.urn)}`, document: policy.document });
    } else if (policy && policy.document === UNKNOWN_VALUE) {
      unknownPolicies.push(`policy ${label(model, policy.urn)} (document computed at preview)`);
    } else {
      unknownPolicies.push(
        isAwsManagedPolicyArn(attached.arn)
          ? `AWS managed policy ${attached.arn} (its document is not shipped with fargate-preflight)`
          : `policy ${attached.arn} (not in this stack)`,
      );
    }
  }
  return { policies, unknownPolicies };
}

export function roleFor(model: StackModel, ref: Ref | undefined): Role | undefined {
  return ref?.urn ? model.roles.get(ref.urn) : undefined;
}

export function evaluateRequirement(rolePolicies: RolePolicies, requirement: IamRequirement): IamVerdict {
  return evaluateRequest(
    rolePolicies.policies,
    { action: requirement.action, resource: requirement.resource, context: requirement.context },
    rolePolicies.unknownPolicies,
  );
}

export type TrustVerdict = { status: "ok" } | { status: "missing" | "unknown"; why: string };

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Does the trust policy let `ecs-tasks.amazonaws.com` call sts:AssumeRole? */
export function trustsEcsTasks(role: Role): TrustVerdict {
  if (role.trust === UNKNOWN_VALUE) return { status: "unknown", why: "its trust policy is computed at preview" };
  if (!role.trust) return { status: "missing", why: "it has no trust policy" };
  const statements = listOf(role.trust.Statement) as Record<string, unknown>[];
  for (const statement of statements) {
    if (statement.Effect !== "Allow") continue;
    const actions = listOf(statement.Action).map(String);
    if (!actions.some((action) => action === "*" || /^sts:(AssumeRole|\*)$/i.test(action))) continue;
    const principal = statement.Principal as Record<string, unknown> | string | undefined;
    if (principal === "*") return { status: "ok" };
    const services = typeof principal === "object" && principal ? listOf(principal.Service).map(String) : [];
    if (services.some((service) => service === "ecs-tasks.amazonaws.com" || service === "*")) return { status: "ok" };
  }
  return { status: "missing", why: "its trust policy does not allow ecs-tasks.amazonaws.com to call sts:AssumeRole" };
}
