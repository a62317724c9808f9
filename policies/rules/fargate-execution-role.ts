import { policyProblems } from "../../model";
import { label } from "../analysis/label";
import { known } from "../stack/values";
import { serviceName } from "./helpers";
import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import type { Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXECUTION-ROLE",
  description:
    "A task definition that needs AWS calls at start-up has an execution role that ecs-tasks.amazonaws.com may assume, and the policies of its roles are documents IAM accepts.",
  explanation:
    'Image pulls from ECR, secrets, parameters and awslogs run as the execution role. Without one, or with a trust policy that does not name ecs-tasks.amazonaws.com, every such call fails before the container starts. A policy IAM rejects ("Effect": "deny", no Effect, Action with NotAction) fails the deployment and grants nothing.',
  fix: "Set executionRoleArn on the task definition to a role trusting ecs-tasks.amazonaws.com (FargateExecutionRole creates one).",
  defaultLevel: "mandatory",
  check: (analysis) => [
    ...analysis.services.flatMap((service) => [
      ...roleFindings(analysis, service),
      ...malformedFindings(analysis, service),
    ]),
    ...detachedMalformedFindings(analysis),
  ],
};

const MALFORMED_ERROR =
  "The deployment will stop with: MalformedPolicyDocument (the policy is never created, so the role gets none of its permissions; ECS then stops tasks with ResourceInitializationError ... AccessDeniedException)\n" +
  'Fix: write each statement with "Effect": "Allow" or "Deny" (exactly), one of Action/NotAction, one of Resource/NotResource, and only the elements IAM knows.';

/**
 * An inline role policy whose role cannot be told at preview (no role of this stack it depends
 * on): it may be an execution role's, and IAM rejects its document whatever the role.
 */
function detachedMalformedFindings(analysis: StackAnalysis): Finding[] {
  if (analysis.services.length === 0) return [];
  return analysis.model.detachedRolePolicies.flatMap(({ urn, document }) => {
    const problems = known(document) ? policyProblems(document, "identity") : [];
    if (problems.length === 0) return [];
    return [
      {
        ruleId: "FARGATE-EXECUTION-ROLE",
        urn,
        message:
          `role policy ${label(analysis.model, urn)} (its role is not a role of this stack that can be told at preview) is not a policy IAM accepts: ${problems.join("; ")}.\n` +
          MALFORMED_ERROR,
      },
    ];
  });
}

/** A policy of the service's roles that IAM would reject: the create fails, and it grants nothing. */
function malformedFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const name = serviceName(analysis.model, service);
  return service.malformedPolicies.map((policy) => ({
    ruleId: "FARGATE-EXECUTION-ROLE",
    urn: policy.urn,
    message: `${name}: ${policy.name} is not a policy IAM accepts: ${policy.problems.join("; ")}.\n` + MALFORMED_ERROR,
  }));
}

function roleFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const name = serviceName(analysis.model, service);
  if (service.executionRoleMissing && service.taskDefinition) {
    return [
      {
        ruleId: "FARGATE-EXECUTION-ROLE",
        urn: service.taskDefinition.urn,
        message:
          `${name}: task definition ${label(analysis.model, service.taskDefinition.urn)} has no executionRoleArn, but its tasks pull from ECR or read secrets, parameters or logs at start-up.\n` +
          "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth (no credentials to make the calls)\n" +
          "Fix: set executionRoleArn to a role trusting ecs-tasks.amazonaws.com (new FargateExecutionRole(...).role.arn).",
      },
    ];
  }
  const trust = service.executionRoleTrust;
  if (service.executionRole && trust?.status === "missing") {
    return [
      {
        ruleId: "FARGATE-EXECUTION-ROLE",
        urn: service.executionRole.urn,
        message:
          `${name}: execution role ${label(analysis.model, service.executionRole.urn)} cannot be assumed by ECS: ${trust.why}.\n` +
          "Tasks will stop with: ResourceInitializationError: unable to pull secrets or registry auth ... (ECS cannot assume the execution role)\n" +
          'Fix: allow { "Service": "ecs-tasks.amazonaws.com" } to call sts:AssumeRole in assumeRolePolicy.',
      },
    ];
  }
  return [];
}
