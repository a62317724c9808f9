/** IAM: may the task's role make each start-up call, and may ECS assume the role at all. */
import {
  AccessPolicies,
  agentRequestContext,
  Arn,
  defaultKeyPolicy,
  ANY_ACCOUNT,
  evaluateAccess,
  IamRequirement,
  IamVerdict,
  isAwsManagedPolicyArn,
  managedPolicyDocument,
  NamedPolicy,
  parseArn,
  parsePolicyDocument,
  partitionForRegion,
  PolicyDocument,
  PolicyKind,
  policyProblems,
  PolicySet,
  PULL_THROUGH_CACHE_ACTIONS,
  RequestContext,
  ResourceTagFacts,
  TaskNeed,
  Tri,
} from "../../model";
import { DEFAULT_FILE_SYSTEM_POLICY, EFS_MOUNT_CONTEXT } from "../../model/startup";
import { lookup } from "../stack/lookup";
import type { KmsKey, Ref, Role, StackModel } from "../stack/model";
import { known, UNKNOWN_FACT } from "../stack/values";
import type { AnalysisSettings } from "./settings";
import type { StackFacts } from "./facts";
import { label } from "./label";
import { findParameter, findSecret } from "./needs";

/** A policy document IAM would reject: its create fails, so the pack reports it. */
export interface MalformedPolicy {
  /** The policy, as messages name it. */
  name: string;
  /** The resource to fix (the role, policy or attachment that declares it). */
  urn: string;
  problems: string[];
}

export interface RolePolicies extends PolicySet {
  policies: NamedPolicy[];
  /** Policies whose documents cannot be read (computed, or outside the stack). */
  unknown: string[];
  malformed: MalformedPolicy[];
  /** The permissions boundary, when the role has one. */
  boundary?: PolicySet;
}

function addDocument(
  set: { policies: NamedPolicy[]; malformed: MalformedPolicy[] },
  name: string,
  urn: string,
  document: PolicyDocument,
  kind: PolicyKind = "identity",
): void {
  const problems = policyProblems(document, kind);
  if (problems.length > 0) set.malformed.push({ name, urn, problems });
  else set.policies.push({ name, document });
}

/** A managed policy by ARN (AWS managed, or a policy of this stack); pushes its document or why it is unknown. */
function addManagedPolicy(
  model: StackModel,
  set: RolePolicies,
  arn: string | typeof UNKNOWN_FACT,
  policyRef: Ref | undefined,
  whenComputed: string,
): void {
  const policy = policyRef?.urn ? model.policies.get(policyRef.urn) : undefined;
  if (!known(arn)) {
    if (policy && known(policy.document) && policy.document !== undefined)
      addDocument(set, `policy ${label(model, policy.urn)}`, policy.urn, policy.document);
    else set.unknown.push(whenComputed);
    return;
  }
  const managed = managedPolicyDocument(arn);
  if (managed) {
    set.policies.push({ name: `AWS managed policy ${arn.split("/").pop()}`, document: managed });
    return;
  }
  if (policy && policy.document !== undefined && known(policy.document)) {
    addDocument(set, `policy ${label(model, policy.urn)}`, policy.urn, policy.document);
  } else if (policy && policy.document === UNKNOWN_FACT) {
    set.unknown.push(`policy ${label(model, policy.urn)} (document computed at preview)`);
  } else {
    set.unknown.push(
      isAwsManagedPolicyArn(arn)
        ? `AWS managed policy ${arn} (its document is not shipped with fargate-preflight)`
        : `policy ${arn} (not in this stack)`,
    );
  }
}

export function policiesOfRole(model: StackModel, role: Role): RolePolicies {
  const set: RolePolicies = { policies: [], unknown: [], malformed: [] };
  const roleName = label(model, role.urn);
  for (const inline of role.inlinePolicies) {
    const name = `inline policy ${inline.name} of role ${roleName}`;
    if (inline.document === UNKNOWN_FACT) set.unknown.push(name);
    else if (inline.document) addDocument(set, name, inline.declaredBy, inline.document);
  }
  for (const attached of role.attachedPolicies) {
    addManagedPolicy(
      model,
      set,
      attached.arn,
      attached.policy,
      `an attached policy of role ${roleName} (ARN computed at preview)`,
    );
  }
  const boundary = role.permissionsBoundary;
  if (boundary !== undefined) {
    const boundarySet: RolePolicies = { policies: [], unknown: [], malformed: [] };
    addManagedPolicy(
      model,
      boundarySet,
      boundary.arn,
      boundary.policy,
      `the permissions boundary of role ${roleName} (ARN computed at preview)`,
    );
    for (const bad of boundarySet.malformed) set.malformed.push({ ...bad, name: `${bad.name} (permissions boundary)` });
    set.boundary = { policies: boundarySet.policies, unknown: boundarySet.unknown };
  }
  return set;
}

type ResourcePolicy = NonNullable<AccessPolicies["resource"]>;

function resourcePolicySet(
  name: string,
  document: PolicyDocument | typeof UNKNOWN_FACT,
  kind: ResourcePolicy["kind"],
): ResourcePolicy {
  if (document === UNKNOWN_FACT) return { kind, policies: [], unknown: [`${name} (computed at preview)`] };
  return { kind, policies: [{ name, document }], unknown: [] };
}

/** The stack's KMS key a kms-key need decrypts with: the key of the secret or parameter it comes from. */
export function keyOfNeed(model: StackModel, need: TaskNeed): KmsKey | undefined {
  const holder = need.sources.map((urn) => model.secrets.get(urn) ?? model.parameters.get(urn)).find(Boolean);
  return holder?.kmsKey?.urn ? model.kmsKeys.get(holder.kmsKey.urn) : undefined;
}

/** A repository ARN is `arn:<partition>:ecr:<region>:<account>:repository/<name>`; names may hold "/". */
const REPOSITORY_MARK = ":repository/";

const ECR_REPOSITORY_ACTIONS = new Set([
  "ecr:BatchCheckLayerAvailability",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
]);

/**
 * The policy of the resource a call is made on, when it has one that takes part in the
 * decision: the key policy of a KMS key of the stack, the policy of a secret or repository
 * of the stack, an EFS file system's; for a repository of another account outside the stack,
 * or a file system outside it, an unknown policy.
 * Resources outside the stack in the role's own account: their policies are not seen (README).
 */
export function resourcePolicyFor(
  model: StackModel,
  facts: StackFacts,
  need: TaskNeed,
  requirement: IamRequirement,
): ResourcePolicy | undefined {
  if (requirement.action === "kms:Decrypt" && need.kind === "kms-key") {
    const key = keyOfNeed(model, need);
    if (!key) return undefined;
    const name = `key policy of ${label(model, key.urn)}`;
    if (key.policy === undefined) {
      const partition = parseArn(requirement.resource)?.partition ?? "aws";
      return resourcePolicySet(`default ${name}`, defaultKeyPolicy(partition, facts.accountId), "kms-key-policy");
    }
    return resourcePolicySet(name, key.policy, "kms-key-policy");
  }
  if (REGISTRY_POLICY_ACTIONS.has(requirement.action)) return registryPolicyFor(model, requirement);
  if (requirement.action === "secretsmanager:GetSecretValue") {
    const secret = findSecret(model, need.target);
    if (!secret || secret.policy === undefined) return undefined;
    return resourcePolicySet(`resource policy of secret ${label(model, secret.urn)}`, secret.policy, "resource-policy");
  }
  if (need.kind === "efs-volume" && requirement.action.startsWith("elasticfilesystem:Client"))
    return fileSystemPolicyFor(model, need);
  if (ECR_REPOSITORY_ACTIONS.has(requirement.action)) {
    const { repositoriesByKey } = lookup(model);
    const nameAt = requirement.resource.indexOf(REPOSITORY_MARK);
    const repository =
      repositoriesByKey.get(requirement.resource) ??
      (nameAt === -1
        ? undefined
        : repositoriesByKey.get(`name:${requirement.resource.slice(nameAt + REPOSITORY_MARK.length)}`));
    if (repository) {
      if (repository.policy === undefined) return undefined;
      return resourcePolicySet(
        `repository policy of ${label(model, repository.urn)}`,
        repository.policy,
        "resource-policy",
      );
    }
    const across = crossAccount(requirement.resource, facts.accountId);
    if (across !== "no")
      return {
        kind: "resource-policy",
        policies: [],
        unknown: [
          across === "yes"
            ? `the repository policy of ${requirement.resource} (a repository of another account, outside this stack)`
            : `the repository policy of ${requirement.resource} (a repository outside this stack, of another account unless the stack's account, not known at preview, is its own; set accountId in the pack config)`,
        ],
      };
  }
  return undefined;
}

/**
 * The policy of the EFS file system a mount is made on: its FileSystemPolicy, EFS's default one
 * when the stack's file system has none, or unknown for a file system outside the stack.
 */
function fileSystemPolicyFor(model: StackModel, need: TaskNeed): ResourcePolicy {
  const id = need.target.slice(need.target.lastIndexOf("/") + 1);
  const fileSystem = [...model.fileSystems.values()].find((candidate) => candidate.id === id);
  if (!fileSystem)
    return {
      kind: "resource-policy",
      policies: [],
      unknown: [
        `the file system policy of ${id} (outside this stack; without a policy of its own EFS lets every client mount)`,
      ],
    };
  const name = `file system policy of ${label(model, fileSystem.urn)}`;
  if (fileSystem.policy === undefined)
    return resourcePolicySet(`EFS's default ${name}`, DEFAULT_FILE_SYSTEM_POLICY, "resource-policy");
  return resourcePolicySet(name, fileSystem.policy, "resource-policy");
}

/** Actions a registry's permissions policy may grant (the pull-through cache's import and its repository). */
const REGISTRY_POLICY_ACTIONS: ReadonlySet<string> = new Set(PULL_THROUGH_CACHE_ACTIONS);

/**
 * The registry permissions policies of the stack in the call's region, as one resource policy:
 * any of them may allow (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html).
 * None in the stack: none (policies outside the stack are not seen, README).
 */
function registryPolicyFor(model: StackModel, requirement: IamRequirement): ResourcePolicy | undefined {
  const region = arnHead(requirement.resource)?.region;
  const inRegion = model.registryPolicies.filter((policy) => !policy.region || !region || policy.region === region);
  if (inRegion.length === 0) return undefined;
  const set: ResourcePolicy = { kind: "resource-policy", policies: [], unknown: [] };
  for (const policy of inRegion) {
    const name = `registry policy ${label(model, policy.urn)}`;
    if (policy.policy === UNKNOWN_FACT) set.unknown = [...set.unknown, `${name} (computed at preview)`];
    else if (policy.policy) set.policies = [...set.policies, { name, document: policy.policy }];
  }
  return set;
}

export function roleFor(model: StackModel, ref: Ref | undefined): Role | undefined {
  return ref?.urn ? model.roles.get(ref.urn) : undefined;
}

type ArnHead = Pick<Arn, "region" | "account">;

/**
 * The region and account of an ARN, as parseArn reads them, without splitting the whole ARN
 * (this runs for every call of every service).
 */
function arnHead(value: string): ArnHead | undefined {
  if (!value.startsWith("arn:")) return undefined;
  const colons = [3];
  for (let i = 0; i < 4; i++) {
    const at = value.indexOf(":", colons[i] + 1);
    if (at === -1) return undefined;
    colons.push(at);
  }
  // Partition and service must not be empty (parseArn).
  if (colons[1] === colons[0] + 1 || colons[2] === colons[1] + 1) return undefined;
  return { region: value.slice(colons[2] + 1, colons[3]), account: value.slice(colons[3] + 1, colons[4]) };
}

/** The region a call is sent to: the resource's, else the region of the service the need reaches. */
function callRegion(need: TaskNeed, arn: ArnHead | undefined): string | undefined {
  if (arn?.region) return arn.region;
  return need.network.kind === "aws" ? need.network.region : undefined;
}

function accountOf(arn: ArnHead | undefined): string | undefined {
  const account = arn?.account;
  return account && /^\d{12}$/.test(account) ? account : account === ANY_ACCOUNT ? ANY_ACCOUNT : undefined;
}

/** Is the resource in another account than the role? Unknown when either account is. */
function crossAccount(resource: string | ArnHead | undefined, roleAccount: string): Tri {
  const owner = accountOf(typeof resource === "string" ? parseArn(resource) : resource);
  if (owner === undefined) return "no"; // S3 ARNs and "*" carry no account: IAM treats them as the caller's.
  if (owner === ANY_ACCOUNT) return "no"; // Built from the stack's own account.
  if (roleAccount === ANY_ACCOUNT) return "maybe";
  return owner === roleAccount ? "no" : "yes";
}

/**
 * The service control policies the pack config states (SCPs live in AWS Organizations,
 * outside any stack); undefined when it states none, and then they are not evaluated.
 * A stated document IAM would reject is reported like a role's.
 */
export function statedServiceControlPolicies(
  settings: AnalysisSettings,
  malformed: MalformedPolicy[],
  reportAt: string,
): PolicySet | undefined {
  if (settings.serviceControlPolicies.length === 0) return undefined;
  const set = { policies: [] as NamedPolicy[], malformed: [] as MalformedPolicy[] };
  for (const stated of settings.serviceControlPolicies) {
    const name = `service control policy ${stated.name} (pack config: ${stated.reason})`;
    const document = parsePolicyDocument(stated.policy);
    if (!document) set.malformed.push({ name, urn: reportAt, problems: ["the policy is not a JSON object"] });
    else addDocument(set, name, reportAt, document);
  }
  for (const bad of set.malformed) if (!malformed.some((m) => m.name === bad.name)) malformed.push(bad);
  return { policies: set.policies, unknown: [] };
}

/** What the pack knows of a role's calls, once per role (and account), with their contexts. */
interface RoleCalls {
  account: string | undefined;
  principalArn: string | undefined;
  /** The role's ARN for Principal elements: may hold `{account}`. */
  principal: string | undefined;
  /** Contexts by region, for calls that set no service keys (most). */
  byRegion: Map<string | undefined, RequestContext>;
  /** Contexts by region and service keys. */
  byKeys: Map<string, RequestContext>;
}

/**
 * Keyed by the role object, so it lives as long as one stack model: a service's calls
 * differ only by region and the keys a service sets, and contexts are never mutated.
 */
const callsByRole = new WeakMap<Role, RoleCalls>();

/**
 * The role's ARN as far as it is known: its own once deployed; at a first preview built from its
 * name and path (known inputs) and the account, `{account}` while that is not known.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function rolePrincipalArn(role: Role, account: string, partition: string): string | undefined {
  if (role.arn && /^arn:[a-z-]+:iam::\d{12}:role\//.test(role.arn)) return role.arn;
  if (!known(role.name) || role.name === undefined) return undefined;
  const path = role.path === undefined ? "/" : known(role.path) ? role.path : undefined;
  if (path === undefined || !path.startsWith("/") || !path.endsWith("/")) return undefined;
  return `arn:${partition}:iam::${account}:role${path}${role.name}`;
}

function roleCalls(role: Role, account: string | undefined, partition: string): RoleCalls {
  let calls = callsByRole.get(role);
  if (!calls || calls.account !== account) {
    const arn = rolePrincipalArn(role, account ?? ANY_ACCOUNT, partition);
    // In the request context only a whole ARN: aws:PrincipalArn is a plain string there.
    const principalArn = arn && !arn.includes(ANY_ACCOUNT) ? arn : undefined;
    calls = { account, principalArn, principal: arn, byRegion: new Map(), byKeys: new Map() };
    callsByRole.set(role, calls);
  }
  return calls;
}

/** The tags of the resource a call is made on, from the stack, with the resource they belong to. */
interface CalledResourceTags {
  urn: string;
  tags: ResourceTagFacts;
}

function callContext(
  calls: RoleCalls,
  region: string | undefined,
  serviceKeys?: Record<string, string>,
  resource?: CalledResourceTags,
): RequestContext {
  const facts = {
    region,
    account: calls.account,
    principalArn: calls.principalArn,
    serviceKeys,
    resourceTags: resource?.tags,
  };
  if (!serviceKeys && !resource) {
    let context = calls.byRegion.get(region);
    if (!context) {
      context = agentRequestContext(facts);
      calls.byRegion.set(region, context);
    }
    return context;
  }
  const key = JSON.stringify([region, serviceKeys ?? {}, resource?.urn ?? ""]);
  let context = calls.byKeys.get(key);
  if (!context) {
    context = agentRequestContext(facts);
    calls.byKeys.set(key, context);
  }
  return context;
}

/**
 * The condition keys a service sets for the tags of the resource called: the global
 * aws:ResourceTag/<key> and its own (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access-abac.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html,
 * https://docs.aws.amazon.com/kms/latest/developerguide/abac.html).
 */
const TAG_KEY_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  "secretsmanager:GetSecretValue": ["aws:ResourceTag/", "secretsmanager:ResourceTag/"],
  "ssm:GetParameters": ["aws:ResourceTag/", "ssm:resourceTag/"],
  "kms:Decrypt": ["aws:ResourceTag/"],
};

/**
 * The tags of the stack's resource a call is made on, as far as the stack tells them: `tagsAll`
 * when known; else the resource's own tags over the providers' default tags (a resource's tag
 * overrides a default tag of the same key, https://www.pulumi.com/registry/packages/aws/api-docs/provider/#defaulttags_yaml),
 * complete only when those default tags are known.
 */
function calledResourceTags(
  model: StackModel,
  facts: StackFacts,
  need: TaskNeed,
  requirement: IamRequirement,
): CalledResourceTags | undefined {
  const prefixes = TAG_KEY_PREFIXES[requirement.action];
  if (!prefixes) return undefined;
  const holder =
    requirement.action === "kms:Decrypt"
      ? keyOfNeed(model, need)
      : requirement.action === "ssm:GetParameters"
        ? findParameter(model, need.target)
        : findSecret(model, need.target);
  if (!holder) return undefined;
  const { given, all } = holder.tags;
  if (all) return { urn: holder.urn, tags: { prefixes, tags: new Map(Object.entries(all)), complete: true } };
  if (given === UNKNOWN_FACT) return undefined;
  const tags = new Map<string, string | undefined>(Object.entries(facts.defaultTags ?? {}));
  for (const [key, value] of Object.entries(given ?? {})) tags.set(key, known(value) ? value : undefined);
  return { urn: holder.urn, tags: { prefixes, tags, complete: facts.defaultTags !== undefined } };
}

export function evaluateRequirement(
  model: StackModel,
  facts: StackFacts,
  role: Role,
  rolePolicies: RolePolicies,
  need: TaskNeed,
  requirement: IamRequirement,
  organization?: PolicySet,
): IamVerdict {
  const account = known(facts.accountId) && facts.accountId !== ANY_ACCOUNT ? facts.accountId : undefined;
  const arn = arnHead(requirement.resource);
  const region = callRegion(need, arn);
  const calls = roleCalls(role, account, partitionForRegion(region ?? facts.region ?? "us-east-1").partition);
  // The principal's account for Principal elements: ANY_ACCOUNT still equals the stack's own resources' account.
  const request = {
    action: requirement.action,
    resource: requirement.resource,
    fullContext: callContext(
      calls,
      region,
      need.kind === "efs-volume" ? { ...requirement.context, ...EFS_MOUNT_CONTEXT } : requirement.context,
      calledResourceTags(model, facts, need, requirement),
    ),
    principal: { arn: calls.principal, account: facts.accountId },
  };
  const access: AccessPolicies = {
    identity: rolePolicies,
    boundary: rolePolicies.boundary,
    resource: resourcePolicyFor(model, facts, need, requirement),
    crossAccount: crossAccount(arn, facts.accountId),
    organization,
  };
  return evaluateAccess(access, request);
}

export type TrustVerdict = { status: "ok" } | { status: "missing" | "unknown"; why: string };

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Does the trust policy let `ecs-tasks.amazonaws.com` call sts:AssumeRole? */
export function trustsEcsTasks(role: Role): TrustVerdict {
  if (role.trust === UNKNOWN_FACT) return { status: "unknown", why: "its trust policy is computed at preview" };
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
