/**
 * Documents of the AWS managed policies teams attach to task execution roles, so the pack can
 * evaluate them without calling IAM. Reduced to the statements that matter for start-up
 * (as published by AWS; checked 2026-11). Keyed by the part of the ARN after `:policy/`.
 */
import type { PolicyDocument } from "./iam";

const allow = (Action: string | string[], Resource: string | string[] = "*"): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource }],
});

export const MANAGED_POLICIES: Readonly<Record<string, PolicyDocument>> = {
  "service-role/AmazonECSTaskExecutionRolePolicy": allow([
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
  ]),
  // awsx.classic attaches it to every execution role it creates, beside the policy above (classic/ecs/taskDefinition.ts).
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
  "service-role/AWSLambdaBasicExecutionRole": allow([
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
  ]),
  AmazonEC2ContainerRegistryReadOnly: allow([
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:GetRepositoryPolicy",
    "ecr:DescribeRepositories",
    "ecr:ListImages",
    "ecr:DescribeImages",
    "ecr:BatchGetImage",
    "ecr:GetLifecyclePolicy",
    "ecr:GetLifecyclePolicyPreview",
    "ecr:ListTagsForResource",
    "ecr:DescribeImageScanFindings",
  ]),
  AmazonEC2ContainerRegistryPullOnly: allow([
    "ecr:GetAuthorizationToken",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchImportUpstreamImage",
  ]),
  AmazonEC2ContainerRegistryPowerUser: allow([
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "ecr:DescribeRepositories",
    "ecr:ListImages",
    "ecr:DescribeImages",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
  ]),
  AmazonSSMReadOnlyAccess: allow(["ssm:Describe*", "ssm:Get*", "ssm:List*"]),
  SecretsManagerReadWrite: allow(["secretsmanager:*", "kms:DescribeKey", "kms:ListAliases", "kms:ListKeys"]),
  CloudWatchLogsFullAccess: allow(["logs:*", "cloudwatch:GenerateQuery"]),
  AmazonS3ReadOnlyAccess: allow([
    "s3:Get*",
    "s3:List*",
    "s3:Describe*",
    "s3-object-lambda:Get*",
    "s3-object-lambda:List*",
  ]),
  AdministratorAccess: allow("*"),
  PowerUserAccess: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
      {
        Effect: "Allow",
        Action: [
          "iam:CreateServiceLinkedRole",
          "iam:DeleteServiceLinkedRole",
          "iam:ListRoles",
          "organizations:DescribeOrganization",
        ],
        Resource: "*",
      },
    ],
  },
};

/** Looked up in a map: on the object, `policy/constructor` found Object's constructor and counted as shipped (issue 21). */
const SHIPPED: ReadonlyMap<string, PolicyDocument> = new Map(Object.entries(MANAGED_POLICIES));

/** The shipped document of an AWS managed policy ARN (any partition), or undefined. */
export function managedPolicyDocument(policyArn: string): PolicyDocument | undefined {
  const match = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/.exec(policyArn);
  return match ? SHIPPED.get(match[1]) : undefined;
}

export function isAwsManagedPolicyArn(policyArn: string): boolean {
  return /^arn:[a-z-]+:iam::aws:policy\//.test(policyArn);
}

/**
 * The key policy KMS gives a key created without one: the account may use the key through
 * IAM policies ("Enable IAM User Permissions").
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function defaultKeyPolicy(partition: string, account: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}
