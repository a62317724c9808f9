/**
 * The whole analysis of a stack, computed once per AnalyzeStack request and shared by every
 * rule: for each Fargate service, its needs, a reachability verdict per (need, subnet, AWS
 * service), and an IAM verdict per required action.
 */
import {
  ANY_ACCOUNT,
  AwsServiceKey,
  EndpointCall,
  endpointCall,
  IamRequirement,
  IamVerdict,
  isUnknown,
  KEY_POLICY_REASON,
  TaskDefinitionError,
  TaskNeed,
} from "../../model";
import { buildStackModel } from "../stack/build";
import type { EcsService, KmsKey, Role, SecurityGroup, StackModel, Subnet, TaskDefinition } from "../stack/model";
import { T } from "../../engine/type-tokens";
import type { StackResource } from "../../engine/stack-resource";
import { UNKNOWN_FACT } from "../stack/values";
import type { AnalysisSettings } from "./settings";
import { StackFacts, stackFacts } from "./facts";
import type { StackConfig } from "./providers";
import {
  evaluateRequirement,
  keyOfNeed,
  MalformedPolicy,
  policiesOfRole,
  roleFor,
  statedServiceControlPolicies,
  TrustVerdict,
  trustsEcsTasks,
} from "./iam";
import { label } from "./label";
import { awsServiceReach, internetReach, nfsReach, Placement, PrefixLists, prefixListsOf, Reach } from "./network";
import { serviceNeeds } from "./needs";
import { contextAdvice, outsideStackMessage } from "./context-advice";
import type { ContextReport } from "./context-report";

export interface NetworkCheck {
  need: TaskNeed;
  placement: Placement;
  /** The AWS service reached, `internet` for a host outside AWS, `nfs` for EFS. */
  target: AwsServiceKey | "internet" | "nfs";
  reach: Reach;
}

export interface IamCheck {
  need: TaskNeed;
  requirement: IamRequirement;
  role?: Role;
  verdict: IamVerdict;
  /** The resource to change when it is not the role (the key whose policy shuts the role out). */
  fixAt?: string;
}

export interface ServiceAnalysis {
  service: EcsService;
  taskDefinition?: TaskDefinition;
  region?: string;
  needs: TaskNeed[];
  /** Facts that cannot be known at preview, as sentences. */
  unknowns: { message: string; urn: string }[];
  error?: TaskDefinitionError;
  placements: Placement[];
  networkChecks: NetworkCheck[];
  iamChecks: IamCheck[];
  /** Policy documents of the service's roles that IAM would reject. */
  malformedPolicies: MalformedPolicy[];
  executionRole?: Role;
  /** The task definition has no execution role while its needs require one. */
  executionRoleMissing: boolean;
  executionRoleTrust?: TrustVerdict;
}

export interface StackAnalysis {
  model: StackModel;
  facts: StackFacts;
  settings: AnalysisSettings;
  /** Facts from outside the stack and what became of them; absent when none was configured. */
  context?: ContextReport;
  services: ServiceAnalysis[];
  /** The day the stack is checked: facts with dates (retired platform versions) are decided for it. */
  today: Date;
}

function placementsOf(
  model: StackModel,
  service: EcsService,
  region: string,
  prefixLists: PrefixLists,
  unknowns: ServiceAnalysis["unknowns"],
  context?: ContextReport,
): Placement[] {
  let taskGroups: SecurityGroup[] = [];
  let taskGroupsUnknown: string | undefined;
  if (service.securityGroupsUnknown) taskGroupsUnknown = "the service's security groups are computed at preview";
  else if (service.securityGroups.length === 0) {
    taskGroupsUnknown =
      "the service names no security groups, so tasks get the VPC's default security group, which is not in this stack";
  } else {
    for (const ref of service.securityGroups) {
      const group = ref.urn ? model.securityGroups.get(ref.urn) : undefined;
      if (group) taskGroups.push(group);
      else taskGroupsUnknown ??= `security group ${ref.value ?? "(computed)"} of the service is not in this stack`;
    }
  }
  if (taskGroupsUnknown) taskGroups = [];
  if (service.subnetsUnknown)
    unknowns.push({
      message: `the service's subnets are computed at preview and depend on no subnet of this stack (a StackReference or lookup)${contextAdvice(context)}`,
      urn: service.urn,
    });
  const placements: Placement[] = [];
  const outsideSubnets: string[] = [];
  for (const ref of service.subnets) {
    const subnet: Subnet | undefined = ref.urn ? model.subnets.get(ref.urn) : undefined;
    if (!subnet) {
      outsideSubnets.push(ref.value ?? "(computed)");
      continue;
    }
    const vpc = subnet.vpc?.urn ? model.vpcs.get(subnet.vpc.urn) : undefined;
    if (!vpc) {
      unknowns.push({
        message: `the VPC of subnet ${label(model, subnet.urn)} (${subnet.vpc?.value ?? "computed"}) is not in this stack, so its DNS settings and main route table cannot be checked`,
        urn: subnet.urn,
      });
    }
    placements.push({
      service,
      subnet,
      vpc,
      vpcKey: subnet.vpc?.urn ?? subnet.vpc?.value,
      taskGroups,
      taskGroupsUnknown,
      region,
      prefixLists,
    });
  }
  if (outsideSubnets.length > 0) {
    // One advisory per service, naming every outside id and how to supply the facts.
    const outsideGroups = service.securityGroups
      .filter((ref) => !ref.urn || !model.securityGroups.has(ref.urn))
      .map((ref) => ref.value ?? "(computed)");
    unknowns.push({ message: outsideStackMessage(outsideSubnets, outsideGroups, context), urn: service.urn });
  }
  return placements;
}

function assumed(settings: AnalysisSettings, placement: Placement, target: string): Reach | undefined {
  for (const assumption of settings.assumeReachable) {
    const vpcHit =
      assumption.vpcId === undefined || assumption.vpcId === placement.vpc?.id || assumption.vpcId === placement.vpcKey;
    const subnetHit = assumption.subnetId === undefined || assumption.subnetId === placement.subnet.id;
    const needHit = assumption.needs.includes("*") || assumption.needs.includes(target);
    if (vpcHit && subnetHit && needHit && (assumption.vpcId || assumption.subnetId)) {
      return { status: "reachable", path: `assumed reachable: ${assumption.reason}` };
    }
  }
  return undefined;
}

/** Requests a VPC endpoint policy must allow for this service's traffic, in the stack's account when known. */
function endpointRequests(need: TaskNeed, target: AwsServiceKey, facts: StackFacts): EndpointCall[] {
  const account = facts.accountId === ANY_ACCOUNT ? undefined : facts.accountId;
  // Layers are downloaded from the ECR layer bucket with pre-signed URLs: only the endpoint policy judges them.
  if (need.kind === "ecr-layers") return [endpointCall("s3:GetObject", need.target, undefined, account)];
  const prefix = target.startsWith("ecr") ? "ecr:" : `${target}:`;
  return need.iam
    .filter((requirement) => requirement.role === "execution" && requirement.action.startsWith(prefix))
    .map((requirement) => endpointCall(requirement.action, requirement.resource, requirement.context, account));
}

/** A need that arises only in some state of AWS (need.arisesOnly): a path that fails is then unknown, not a finding. */
function conditionalReach(need: TaskNeed, reach: Reach): Reach {
  if (!need.arisesOnly || (reach.status !== "unreachable" && reach.status !== "partial")) return reach;
  const what = need.network.kind === "internet" ? `the path to ${need.network.host}` : "it";
  return {
    status: "unknown",
    missing: `${reach.missing}; the tasks need ${what} ${need.arisesOnly}`,
    fixAt: reach.fixAt,
  };
}

function conditionalVerdict(need: TaskNeed, verdict: IamVerdict): IamVerdict {
  if (!need.arisesOnly || (verdict.decision !== "implicit-deny" && verdict.decision !== "explicit-deny"))
    return verdict;
  return {
    decision: "unknown",
    policy: verdict.policy,
    reason: `it is not allowed${verdict.reason ? ` (${verdict.reason})` : ""}, and the tasks call it ${need.arisesOnly}`,
  };
}

function networkChecksFor(
  model: StackModel,
  facts: StackFacts,
  settings: AnalysisSettings,
  need: TaskNeed,
  placement: Placement,
): NetworkCheck[] {
  return networkChecksOf(model, facts, settings, need, placement).map((check) => ({
    ...check,
    reach: conditionalReach(need, check.reach),
  }));
}

function networkChecksOf(
  model: StackModel,
  facts: StackFacts,
  settings: AnalysisSettings,
  need: TaskNeed,
  placement: Placement,
): NetworkCheck[] {
  const network = need.network;
  switch (network.kind) {
    case "aws":
      return network.services.map((target) => ({
        need,
        placement,
        target,
        reach:
          assumed(settings, placement, target) ??
          awsServiceReach(model, placement, target, network.region, endpointRequests(need, target, facts)),
      }));
    case "internet":
      return [
        {
          need,
          placement,
          target: "internet",
          reach: assumed(settings, placement, "internet") ?? internetReach(model, placement, network.host),
        },
      ];
    case "nfs":
      return [{ need, placement, target: "nfs", reach: nfsReach(model, placement, network.fileSystemId) }];
    default:
      return [];
  }
}

/** A KMS grant of the stack that is, or may be, on the key (a grant allows beside the key policy). */
function grantOnKey(model: StackModel, key: KmsKey): string | undefined {
  for (const resource of model.resources.values()) {
    if (resource.type !== T.kmsGrant) continue;
    const keyId = resource.properties.keyId;
    if ((resource.propertyDependencies.keyId ?? []).includes(key.urn)) return resource.urn;
    if (typeof keyId !== "string" || isUnknown(keyId) || keyId === key.arn || keyId === key.keyId) return resource.urn;
  }
  return undefined;
}

function iamChecksFor(
  model: StackModel,
  facts: StackFacts,
  settings: AnalysisSettings,
  analysis: ServiceAnalysis,
): IamCheck[] {
  const organization = statedServiceControlPolicies(settings, analysis.malformedPolicies, analysis.service.urn);
  const checks: IamCheck[] = [];
  const taskDefinition = analysis.taskDefinition;
  if (!taskDefinition) return checks;
  const roles = {
    execution: { ref: taskDefinition.executionRole, unknown: taskDefinition.executionRoleUnknown },
    task: { ref: taskDefinition.taskRole, unknown: taskDefinition.taskRoleUnknown },
  };
  const policyCache = new Map<string, ReturnType<typeof policiesOfRole>>();
  for (const need of analysis.needs) {
    for (const requirement of need.iam) {
      const { ref, unknown } = roles[requirement.role];
      const role = roleFor(model, ref);
      if (!role) {
        if (!ref && !unknown) {
          checks.push({
            need,
            requirement,
            verdict: { decision: "implicit-deny", reason: `the task definition has no ${requirement.role} role` },
          });
        } else {
          checks.push({
            need,
            requirement,
            verdict: {
              decision: "unknown",
              reason: ref?.value
                ? `${requirement.role} role ${ref.value} is not in this stack`
                : `the ${requirement.role} role is computed at preview and depends on no role in this stack`,
            },
          });
        }
        continue;
      }
      let policies = policyCache.get(role.urn);
      if (!policies) {
        policies = policiesOfRole(model, role);
        policyCache.set(role.urn, policies);
        analysis.malformedPolicies.push(...policies.malformed);
      }
      let verdict = conditionalVerdict(
        need,
        evaluateRequirement(model, facts, role, policies, need, requirement, organization),
      );
      // No grant on the role can help: the key policy is what to change, unless a KMS grant of the stack allows the call.
      const key = verdict.reason === KEY_POLICY_REASON ? keyOfNeed(model, need) : undefined;
      const grant = key ? grantOnKey(model, key) : undefined;
      if (grant)
        verdict = {
          decision: "unknown",
          reason: `the key policy allows neither the role nor the account, and KMS grant ${label(model, grant)} on the key may allow the call (grants are not evaluated)`,
        };
      checks.push({
        need,
        requirement,
        role,
        verdict,
        fixAt: key && !grant ? (key.policyDeclaredBy ?? key.urn) : undefined,
      });
    }
  }
  return checks;
}

export function analyzeServices(
  model: StackModel,
  facts: StackFacts,
  settings: AnalysisSettings,
  context?: ContextReport,
): ServiceAnalysis[] {
  const analyses: ServiceAnalysis[] = [];
  // What the stack and the config say about prefix lists, once per region.
  const prefixListsByRegion = new Map<string, PrefixLists>();
  const prefixListsIn = (region: string) => {
    let lists = prefixListsByRegion.get(region);
    if (!lists) {
      lists = prefixListsOf(model, region, settings.s3PrefixListIds);
      prefixListsByRegion.set(region, lists);
    }
    return lists;
  };
  for (const service of model.services.values()) {
    if (service.fargate === false) continue;
    const unknowns: ServiceAnalysis["unknowns"] = [];
    if (service.fargate === UNKNOWN_FACT) {
      unknowns.push({
        message:
          "its launch type is not set (the cluster's default capacity provider strategy decides); checked as a Fargate service",
        urn: service.urn,
      });
    }
    const derived = serviceNeeds(model, service, facts);
    for (const message of derived.unknowns) unknowns.push({ message, urn: derived.taskDefinition?.urn ?? service.urn });
    const region = service.region ?? derived.taskDefinition?.region ?? facts.region;
    const analysis: ServiceAnalysis = {
      service,
      taskDefinition: derived.taskDefinition,
      region,
      needs: derived.needs,
      unknowns,
      error: derived.error,
      placements: [],
      networkChecks: [],
      iamChecks: [],
      malformedPolicies: [],
      executionRoleMissing: false,
    };
    if (region) {
      analysis.placements = placementsOf(model, service, region, prefixListsIn(region), unknowns, context);
      for (const need of derived.needs) {
        for (const placement of analysis.placements)
          analysis.networkChecks.push(...networkChecksFor(model, facts, settings, need, placement));
      }
    }
    const taskDefinition = derived.taskDefinition;
    if (taskDefinition) {
      const needsExecutionRole = derived.needs.some((need) =>
        need.iam.some((requirement) => requirement.role === "execution"),
      );
      analysis.executionRoleMissing =
        needsExecutionRole && !taskDefinition.executionRole && !taskDefinition.executionRoleUnknown;
      analysis.executionRole = roleFor(model, taskDefinition.executionRole);
      if (analysis.executionRole) analysis.executionRoleTrust = trustsEcsTasks(analysis.executionRole);
      if (!analysis.executionRoleMissing) analysis.iamChecks = iamChecksFor(model, facts, settings, analysis);
    }
    analyses.push(analysis);
  }
  return analyses;
}

export function analyzeStack(
  resources: readonly StackResource[],
  settings: AnalysisSettings,
  stackConfig?: StackConfig,
  context?: ContextReport,
  today: Date = new Date(),
): StackAnalysis {
  const model = buildStackModel(resources);
  const facts = stackFacts(model, settings, stackConfig);
  return { model, facts, settings, context, services: analyzeServices(model, facts, settings, context), today };
}
