/**
 * FargateExecutionRole: a task execution role that may make exactly the start-up calls its
 * task definitions need, each on the exact ARN; only ecr:GetAuthorizationToken is on "*".
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ANY_ACCOUNT, partitionForRegion, TaskNeed } from "../model";
import {
  ComponentInputError,
  executionRolePolicy,
  executionRoleTrustPolicy,
  needsForGrants,
  needsOfDefinition,
} from "./plan";

type Names = pulumi.Input<pulumi.Input<string>[]>;

export interface FargateExecutionRoleArgs {
  /**
   * The container definitions given to aws.ecs.TaskDefinition, one JSON string per task
   * definition: every grant is derived from them.
   */
  containerDefinitions?: pulumi.Input<string>[];
  /** ECR repositories: names or ARNs. */
  repositories?: Names;
  /** CloudWatch log groups: names or ARNs. */
  logGroups?: Names;
  /** Secrets Manager secrets: names (any random suffix is allowed) or ARNs. */
  secrets?: Names;
  /** SSM parameters: names or ARNs. */
  parameters?: Names;
  /** Customer managed KMS keys of those secrets and parameters: key ids or ARNs. */
  kmsKeys?: Names;
  /** Environment files: S3 object ARNs. */
  environmentFiles?: Names;
  /** Allow logs:CreateLogGroup on the explicit log groups (awslogs-create-group). */
  createLogGroups?: boolean;
  /** AWS managed or customer policies to attach as well (none by default). */
  managedPolicyArns?: pulumi.Input<string>[];
  permissionsBoundary?: pulumi.Input<string>;
  path?: pulumi.Input<string>;
  /** The region (default: the provider's). */
  region?: string;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Every need of the given definitions and explicit grants, in the role's account and region. */
export function needsOfExecutionRole(
  definitions: readonly string[],
  grants: Parameters<typeof needsForGrants>[0],
  region: string,
  accountId: string,
): TaskNeed[] {
  const needs = definitions.flatMap((definition, index) => needsOfDefinition(definition, index, region, accountId));
  return [...needs, ...needsForGrants(grants, region, accountId, partitionForRegion(region).partition)];
}

export class FargateExecutionRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;
  /** The role's permissions policy as JSON. */
  readonly policyDocument: pulumi.Output<string>;

  constructor(name: string, args: FargateExecutionRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fargate-preflight:index:FargateExecutionRole", name, {}, opts);
    const region = args.region ?? aws.config.region;
    if (!region) throw new ComponentInputError("region", "a region, or the aws:region config of the stack");
    const definitions = args.containerDefinitions ?? [];
    const hasGrants = [
      args.repositories,
      args.logGroups,
      args.secrets,
      args.parameters,
      args.kmsKeys,
      args.environmentFiles,
    ].some((value) => value !== undefined);
    if (definitions.length === 0 && !hasGrants) {
      throw new ComponentInputError(
        "containerDefinitions",
        "the container definitions of the task definitions, or explicit repositories, logGroups, secrets, parameters, kmsKeys or environmentFiles",
      );
    }
    // Definitions known now are checked now, so a mistake fails at construction with the input named.
    const plain = definitions.filter((definition): definition is string => typeof definition === "string");
    needsOfExecutionRole(plain, {}, region, ANY_ACCOUNT);
    const { partition } = partitionForRegion(region);
    // The account is known at preview (an invoke), so the documents below are known then too
    // whenever the names they are built from are.
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    this.role = new aws.iam.Role(
      `${name}`,
      {
        assumeRolePolicy: accountId.apply((account) =>
          JSON.stringify(executionRoleTrustPolicy(region, account, partition)),
        ),
        description:
          "ECS task execution role (fargate-preflight): pulls the image, reads secrets and parameters, writes logs",
        path: args.path,
        permissionsBoundary: args.permissionsBoundary,
        tags: args.tags,
      },
      { parent: this },
    );
    const names = (value: Names | undefined) => pulumi.output(value ?? []) as pulumi.Output<string[]>;
    this.policyDocument = pulumi
      .all([
        pulumi.all(definitions.map((definition) => pulumi.output(definition))),
        accountId,
        names(args.repositories),
        names(args.logGroups),
        names(args.secrets),
        names(args.parameters),
        names(args.kmsKeys),
        names(args.environmentFiles),
      ])
      .apply(([resolved, account, repositories, logGroups, secrets, parameters, kmsKeys, environmentFiles]) =>
        JSON.stringify(
          executionRolePolicy(
            needsOfExecutionRole(
              resolved,
              {
                repositories,
                logGroups,
                secrets,
                parameters,
                kmsKeys,
                environmentFiles,
                createLogGroups: args.createLogGroups,
              },
              region,
              account,
            ),
          ),
        ),
      );
    new aws.iam.RolePolicy(`${name}-start-up`, { role: this.role.id, policy: this.policyDocument }, { parent: this });
    (args.managedPolicyArns ?? []).forEach((policyArn, index) => {
      new aws.iam.RolePolicyAttachment(
        `${name}-attached-${index}`,
        { role: this.role.name, policyArn },
        { parent: this },
      );
    });
    this.roleArn = this.role.arn;
    this.registerOutputs({ role: this.role, roleArn: this.roleArn, policyDocument: this.policyDocument });
  }
}
