import { policyProblems } from "../../model";
import { label } from "../analysis/label";
import { known } from "../stack/values";
import { serviceName } from "./helpers";
import { unableToAssume } from "./fargate-task-role";
import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import { code, finding, Finding, FindingParts, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXECUTION-ROLE",
  description:
    "A task definition that needs AWS calls at start-up has an execution role that ecs-tasks.amazonaws.com may assume, and the policies of its roles are documents IAM accepts.",
  explanation:
    'Image pulls from ECR, secrets, parameters and awslogs run as the execution role. Without one, or with a trust policy that does not name ecs-tasks.amazonaws.com, every such call fails before the container starts. A policy IAM rejects ("Effect": "deny", no Effect, Action with NotAction) fails the deployment and grants nothing.',
  fix: "Set executionRoleArn on the task definition to a role trusting ecs-tasks.amazonaws.com (FargateExecutionRole creates one).",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      // The image is in ECR and the logs go to CloudWatch, but nothing may make those calls.
      new aws.ecs.TaskDefinition("api", {
        // ...
        containerDefinitions: pulumi.jsonStringify(containers),
      });
    `,
    passing: code`
      const execution = new FargateExecutionRole("api-execution", { containerDefinitions: containers });
      new aws.ecs.TaskDefinition("api", {
        // ...
        executionRoleArn: execution.role.arn,
        containerDefinitions: pulumi.jsonStringify(containers),
      });
    `,
  },
  check: (analysis) => [
    ...analysis.services.flatMap((service) => [
      ...roleFindings(analysis, service),
      ...malformedFindings(analysis, service),
    ]),
    ...detachedMalformedFindings(analysis),
  ],
};

/** What follows a policy IAM rejects, whichever role it is for. */
const MALFORMED: Omit<FindingParts, "problem"> = {
  consequence: {
    kind: "deployment-stops",
    error:
      "MalformedPolicyDocument (the policy is never created, so the role gets none of its permissions; ECS then stops tasks with ResourceInitializationError ... AccessDeniedException)",
  },
  fixes: [{ kind: "valid-policy-statements" }],
};

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
      finding("FARGATE-EXECUTION-ROLE", urn, {
        problem: `role policy ${label(analysis.model, urn)} (its role is not a role of this stack that can be told at preview) is not a policy IAM accepts: ${problems.join("; ")}.`,
        ...MALFORMED,
      }),
    ];
  });
}

/** A policy of the service's roles that IAM would reject: the create fails, and it grants nothing. */
function malformedFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const name = serviceName(analysis.model, service);
  return service.malformedPolicies.map((policy) =>
    finding("FARGATE-EXECUTION-ROLE", policy.urn, {
      problem: `${name}: ${policy.name} is not a policy IAM accepts: ${policy.problems.join("; ")}.`,
      ...MALFORMED,
    }),
  );
}

function roleFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const name = serviceName(analysis.model, service);
  if (service.executionRoleMissing && service.taskDefinition) {
    return [
      finding("FARGATE-EXECUTION-ROLE", service.taskDefinition.urn, {
        problem: `${name}: task definition ${label(analysis.model, service.taskDefinition.urn)} has no executionRoleArn, but its tasks pull from ECR or read secrets, parameters or logs at start-up.`,
        consequence: {
          kind: "tasks-stop",
          error:
            "ResourceInitializationError: unable to pull secrets or registry auth (no credentials to make the calls)",
        },
        fixes: [{ kind: "set-execution-role" }],
      }),
    ];
  }
  const trust = service.executionRoleTrust;
  if (service.executionRole && trust?.status === "missing") {
    return [
      finding("FARGATE-EXECUTION-ROLE", service.executionRole.urn, {
        problem: `${name}: execution role ${label(analysis.model, service.executionRole.urn)} cannot be assumed by ECS: ${trust.why}.`,
        consequence: {
          kind: "tasks-stop",
          error: unableToAssume(
            service.executionRole.arn ??
              `arn:aws:iam::<account>:role/${label(analysis.model, service.executionRole.urn)}`,
          ),
        },
        fixes: [{ kind: "trust-ecs-tasks" }],
      }),
    ];
  }
  return [];
}
