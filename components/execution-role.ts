/**
 * FargateExecutionRole: a task execution role that may make exactly the start-up calls its
 * task definitions need, each on the exact ARN; only ecr:GetAuthorizationToken is on "*".
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ANY_ACCOUNT, EXECUTION_ROLE_TYPE, TaskNeed } from "../model";
import { checkRegionInput, holdsComputed, providerRegionOutput } from "./provider-region";
import { ComponentInputError, containersOfEntry, needsOfDefinition, plainSingleDefinition } from "./inputs";
import { checkedCachePrefixes, executionRolePolicy, executionRoleTrustPolicy, needsForGrants } from "./role-plan";

type Names = pulumi.Input<pulumi.Input<string>[]>;

export interface FargateExecutionRoleArgs {
  /**
   * The container definitions of the task definitions using the role, one entry per task
   * definition, each as aws.ecs.TaskDefinition takes it (a JSON string or an array of container
   * definitions, plain or an Output; one task definition's JSON string may be given without the
   * list): every grant is derived from them.
   */
  // The multi-language provider infers the package schema from this type and refuses unions (a JSON string or a list), so it stays Any; each entry is checked when read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  containerDefinitions?: pulumi.Input<pulumi.Input<any>[]>;
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
  /**
   * The `ecrRepositoryPrefix` of each ECR pull-through cache rule whose images the tasks pull
   * (`rule.ecrRepositoryPrefix`). An image `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/...`
   * then also gets ecr:BatchImportUpstreamImage and ecr:CreateRepository on its repository: a
   * pull of a tag the cache does not hold yet imports it with the role's permissions.
   */
  pullThroughCachePrefixes?: Names;
  /** AWS managed or customer policies to attach as well (none by default). */
  managedPolicyArns?: pulumi.Input<string>[];
  permissionsBoundary?: pulumi.Input<string>;
  path?: pulumi.Input<string>;
  /**
   * The region the tasks run in, for ARNs built from names and the trust condition (default: the
   * region of the role's AWS provider).
   */
  region?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Every need of the given definitions and explicit grants, in the role's account, region and partition. */
export function needsOfExecutionRole(
  definitions: readonly unknown[],
  grants: Parameters<typeof needsForGrants>[0],
  region: string,
  accountId: string,
  partition: string,
): TaskNeed[] {
  const needs = definitions.flatMap((definition, index) => {
    const path = `containerDefinitions[${index}]`;
    const prefixes = grants.pullThroughCachePrefixes ?? [];
    return needsOfDefinition(containersOfEntry(definition, path), path, region, accountId, prefixes);
  });
  return [...needs, ...needsForGrants(grants, region, accountId, partition)];
}

/** Any region works to check a definition's shape; the real one is only known from the provider. */
const SHAPE_CHECK_REGION = "us-east-1";

export class FargateExecutionRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly roleArn: pulumi.Output<string>;
  /** The role's permissions policy as JSON. */
  readonly policyDocument: pulumi.Output<string>;

  constructor(name: string, args: FargateExecutionRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EXECUTION_ROLE_TYPE, name, {}, opts);
    checkRegionInput(args.region);
    const definitions = args.containerDefinitions ?? [];
    const hasGrants = [
      args.repositories,
      args.logGroups,
      args.secrets,
      args.parameters,
      args.kmsKeys,
      args.environmentFiles,
      // An empty list grants nothing (IAM refuses a policy without statements): as if not given.
    ].some((value) => value !== undefined && !(Array.isArray(value) && value.length === 0));
    if (Array.isArray(definitions) && definitions.length === 0 && !hasGrants) {
      throw new ComponentInputError(
        "containerDefinitions",
        "the container definitions of the task definitions, or explicit repositories, logGroups, secrets, parameters, kmsKeys or environmentFiles",
      );
    }
    // Definitions known now are checked now, so a mistake fails at construction with the input named.
    plainSingleDefinition(definitions);
    if (Array.isArray(args.pullThroughCachePrefixes) && !holdsComputed(args.pullThroughCachePrefixes))
      checkedCachePrefixes(args.pullThroughCachePrefixes);
    if (Array.isArray(definitions)) {
      definitions.forEach((definition, index) => {
        if (holdsComputed(definition)) return;
        const path = `containerDefinitions[${index}]`;
        needsOfDefinition(containersOfEntry(definition, path), path, SHAPE_CHECK_REGION, ANY_ACCOUNT);
      });
    }
    // Region, partition and account of the role's own provider: invokes, answered at preview, so
    // the documents below are known then too whenever the names they are built from are.
    const providerRegion = providerRegionOutput(this, args.region);
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    this.role = new aws.iam.Role(
      `${name}`,
      {
        assumeRolePolicy: pulumi
          .all([providerRegion, accountId])
          .apply(([where, account]) =>
            JSON.stringify(executionRoleTrustPolicy(where.region, account, where.partition)),
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
    const grants = pulumi
      .all([
        names(args.repositories),
        names(args.logGroups),
        names(args.secrets),
        names(args.parameters),
        names(args.kmsKeys),
        names(args.environmentFiles),
        names(args.pullThroughCachePrefixes),
      ])
      .apply(([repositories, logGroups, secrets, parameters, kmsKeys, environmentFiles, pullThroughCachePrefixes]) => ({
        repositories,
        logGroups,
        secrets,
        parameters,
        kmsKeys,
        environmentFiles,
        createLogGroups: args.createLogGroups,
        pullThroughCachePrefixes: checkedCachePrefixes(pullThroughCachePrefixes),
      }));
    this.policyDocument = pulumi
      // A single definition given where the list is expected (one JSON string) reads as a list of one.
      .all([
        pulumi.output(definitions).apply((value: unknown) => (Array.isArray(value) ? value : [value])),
        grants,
        providerRegion,
        accountId,
      ])
      .apply(([resolved, given, where, account]) =>
        JSON.stringify(
          executionRolePolicy(needsOfExecutionRole(resolved, given, where.region, account, where.partition)),
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
