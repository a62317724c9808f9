/**
 * Fixes phrased for the components when the stack uses them. A missing endpoint in a VPC that a
 * FargateEndpointSet serves is one more entry of that set's `services`; a grant missing from a
 * FargateExecutionRole's role is one more entry of one of its inputs. Editing the child
 * resource instead would be undone by the component on the next `pulumi up`.
 *
 * Components are recognised by the type in their children's parent URN
 * (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`), and a set's VPC by its
 * `vpcId` (the set records it as its input and output) or by its children's VPC.
 */
import { ANY_ACCOUNT, ENDPOINT_SET_TYPE, EXECUTION_ROLE_TYPE, NeedKind, parseArn } from "../../model";
import type { IamCheck, NetworkCheck } from "../analysis/analyze";
import type { Fix, FixOf } from "../analysis/fix";
import { refKeys } from "../stack/lookup";
import type { StackModel } from "../stack/model";
import { T } from "../../engine/type-tokens";

/** The execution-role input that grants each kind of need (kinds not listed have none). */
const EXECUTION_ROLE_INPUTS: Partial<Record<NeedKind, string>> = {
  "ecr-image": "repositories",
  "ecr-cache-import": "pullThroughCachePrefixes",
  awslogs: "logGroups",
  "secretsmanager-secret": "secrets",
  "registry-credentials": "secrets",
  "ssm-parameter": "parameters",
  "kms-key": "kmsKeys",
  "environment-file": "environmentFiles",
};

/**
 * What to list in a FargateExecutionRole input for a need's target: the name when the ARN is in
 * the role's own account (the stack's account, or `{account}` where it is not known yet; the
 * role builds the ARN in its account and region), else the ARN.
 */
function inputValue(target: string, stackAccount: string): string {
  const arn = parseArn(target);
  if (!arn || (arn.account !== ANY_ACCOUNT && arn.account !== stackAccount) || arn.service === "kms") return target;
  // A complete secret ARN (with AWS's random suffix) is not a name the role could rebuild it from.
  if (arn.account !== ANY_ACCOUNT && arn.service === "secretsmanager" && /-[A-Za-z0-9]{6}$/.test(arn.resource))
    return target;
  return arn.resource.replace(/^(repository\/|log-group:|secret:|parameter(?=\/))/, "").replace(/:\*$/, "");
}

/** The type and name a URN names: its last type (after any parent types) and its name. */
function typeAndName(urn: string): { type: string; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4) return undefined;
  return { type: parts[parts.length - 2].split("$").pop()!, name: parts[parts.length - 1] };
}

/** The name of the component of `type` that is the parent of resource `urn`, if any. */
export function parentComponent(model: StackModel, urn: string | undefined, type: string): string | undefined {
  const parent = urn ? model.resources.get(urn)?.parent : undefined;
  if (!parent) return undefined;
  const named = typeAndName(parent);
  return named?.type === type ? named.name : undefined;
}

/**
 * For a fact left unknown on a resource a component made: the component input that settles it
 * at preview. The endpoints' security group of a set without task security groups allows the
 * VPC's CIDR, computed at preview unless given as `vpcCidrBlock`.
 */
export function componentSettleHint(model: StackModel, urn: string, missing: string): string | undefined {
  const set = parentComponent(model, urn, ENDPOINT_SET_TYPE);
  if (set && model.resources.get(urn)?.type === T.securityGroup && /CIDR/.test(missing))
    return `To decide it at preview, pass FargateEndpointSet ${set}'s \`vpcCidrBlock\` input (vpc.cidrBlock), or its \`taskSecurityGroupIds\`.`;
  return undefined;
}

const setsCache = new WeakMap<StackModel, Map<string, Set<string>>>();

/** Every FargateEndpointSet of the stack by name, with the keys (URN, id) of the VPC it serves. */
function endpointSets(model: StackModel): Map<string, Set<string>> {
  const cached = setsCache.get(model);
  if (cached) return cached;
  const sets = new Map<string, Set<string>>();
  const add = (name: string, keys: readonly string[]) => {
    const known = sets.get(name) ?? new Set<string>();
    keys.forEach((key) => known.add(key));
    sets.set(name, known);
  };
  for (const resource of model.resources.values()) {
    if (resource.type !== ENDPOINT_SET_TYPE) continue;
    const vpcId = resource.properties.vpcId;
    add(resource.name, [
      ...(resource.propertyDependencies.vpcId ?? []).flatMap((urn) => refKeys(model, { urn })),
      ...(typeof vpcId === "string" ? [vpcId] : []),
    ]);
  }
  for (const children of [model.endpoints, model.securityGroups]) {
    for (const child of children.values()) {
      const set = parentComponent(model, child.urn, ENDPOINT_SET_TYPE);
      if (set && "vpc" in child) add(set, refKeys(model, child.vpc));
    }
  }
  setsCache.set(model, sets);
  return sets;
}

/**
 * The fix of a failed network check, as findings and reports give it: the component input
 * where a component serves it, else the analysis's. For an endpoint that is not there: one
 * more entry of the `services` of the set serving the task's VPC. For a resource a set manages
 * (its S3 gateway, its security group): the fix names that set's input; for one no set
 * manages, it reads as what a set would take.
 */
export function networkFix(model: StackModel, check: NetworkCheck): Fix | undefined {
  const reach = check.reach;
  if (reach.status !== "unreachable" && reach.status !== "partial") return undefined;
  const fix = reach.fix;
  if ("via" in fix) {
    const set = parentComponent(model, reach.fixAt, ENDPOINT_SET_TYPE);
    return set ? { ...fix, via: { ...fix.via, set } } : fix;
  }
  if (fix.kind !== "add-endpoint" || reach.status !== "unreachable") return fix;
  const { placement } = check;
  const vpcKeys = new Set([
    ...(placement.vpc ? [placement.vpc.urn, ...(placement.vpc.id ? [placement.vpc.id] : [])] : []),
    ...(placement.vpcKey ? [placement.vpcKey] : []),
  ]);
  const servedBy = [...endpointSets(model).entries()]
    .filter(([, keys]) => [...keys].some((key) => vpcKeys.has(key)))
    .map(([name]) => name)
    .sort()[0];
  return servedBy ? { ...fix, servedBy } : fix;
}

/** For grants missing from a FargateExecutionRole's role: the role, the input to add the target to, and the entry. */
export function componentIamFix(
  model: StackModel,
  checks: readonly IamCheck[],
  stackAccount: string = ANY_ACCOUNT,
): FixOf<"grant">["component"] {
  const [first] = checks;
  if (!first || first.requirement.role !== "execution") return undefined;
  const role = parentComponent(model, first.role?.urn, EXECUTION_ROLE_TYPE);
  const input = EXECUTION_ROLE_INPUTS[first.need.kind];
  if (!role || !input) return undefined;
  if (first.need.kind === "ecr-cache-import") {
    // The role derives the import from the image once it knows the rule's prefix.
    const repository = first.need.target.slice(first.need.target.indexOf(":repository/") + ":repository/".length);
    const prefix = [...model.cacheRules.values()]
      .map((rule) => rule.prefix)
      .filter(
        (candidate): candidate is string => typeof candidate === "string" && repository.startsWith(`${candidate}/`),
      )
      .sort((a, b) => b.length - a.length)[0];
    return { role, input, value: prefix ?? "the cache rule's ecrRepositoryPrefix" };
  }
  return { role, input, value: inputValue(first.need.target, stackAccount) };
}

/**
 * The fix of failed IAM checks of one need and role: the grants, named as the
 * FargateExecutionRole input that makes them when the role is one (and nothing denies them).
 */
export function grantFix(model: StackModel, checks: readonly IamCheck[], stackAccount?: string): FixOf<"grant"> {
  const [first] = checks;
  const denied = checks.some((check) => check.verdict.decision === "explicit-deny");
  // A Deny is not lifted by listing the target in the component's input.
  const component = denied ? undefined : componentIamFix(model, checks, stackAccount);
  return {
    kind: "grant",
    role: first.requirement.role,
    grants: checks.map((check) => ({ action: check.requirement.action, resource: check.requirement.grantResource })),
    ...(denied ? { denied } : {}),
    ...(component ? { component } : {}),
  };
}
