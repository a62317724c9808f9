/** Preview-form cases of secrets, parameters, KMS keys and aliases, log groups, ECR repositories, resource policies: see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { Case, previewCase, RESOURCE_POLICY, secret } from "./common";

export const DATA_STORE_CASES: Case[] = [
  previewCase({
    type: "aws:secretsmanager/secret:Secret",
    register: (name) => new aws.secretsmanager.Secret(name, { name: "shop/db-password" }),
    inputs: { name: "shop/db-password", recoveryWindowInDays: 30, forceOverwriteReplicaSecret: false },
    // Optional+Computed: no resource policy unless a SecretPolicy adds one (settled by the pack).
    unknown: ["policy", "id", "arn"],
  }),
  previewCase({
    type: "aws:secretsmanager/secretPolicy:SecretPolicy",
    register: (name) =>
      new aws.secretsmanager.SecretPolicy(name, {
        secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-password-AbCdEf",
        policy: RESOURCE_POLICY,
      }),
    inputs: {
      secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-password-AbCdEf",
      policy: RESOURCE_POLICY,
    },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ssm/parameter:Parameter",
    register: (name) =>
      new aws.ssm.Parameter(name, { name: "/shop/api-token", type: "SecureString", value: "change-me" }),
    // The provider's schema marks value secret: the SDK sends it wrapped, and the engine keeps it so.
    inputs: { name: "/shop/api-token", type: "SecureString", value: secret("change-me") },
    unknown: ["keyId", "id", "arn", "version"],
  }),
  previewCase({
    type: "aws:kms/key:Key",
    register: (name) => new aws.kms.Key(name, { description: "parameters" }),
    inputs: { description: "parameters", isEnabled: true },
    // policy is Optional+Computed: AWS's default key policy when unset (settled by the pack).
    unknown: ["id", "arn", "keyId", "policy"],
  }),
  previewCase({
    type: "aws:kms/keyPolicy:KeyPolicy",
    register: (name) =>
      new aws.kms.KeyPolicy(name, { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: RESOURCE_POLICY }),
    inputs: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: RESOURCE_POLICY },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    register: (name) => new aws.ecr.RepositoryPolicy(name, { repository: "shop/api", policy: RESOURCE_POLICY }),
    inputs: { repository: "shop/api", policy: RESOURCE_POLICY },
    unknown: ["id", "registryId"],
  }),
  previewCase({
    type: "aws:kms/alias:Alias",
    register: (name) =>
      new aws.kms.Alias(name, { name: "alias/shop", targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
    inputs: { name: "alias/shop", targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
    unknown: ["id", "arn", "targetKeyArn"],
  }),
  previewCase({
    type: "aws:cloudwatch/logGroup:LogGroup",
    register: (name) => new aws.cloudwatch.LogGroup(name, { name: "/ecs/shop/api" }),
    inputs: { name: "/ecs/shop/api", retentionInDays: 0, skipDestroy: false },
    unknown: ["id", "arn"],
  }),
  previewCase({
    type: "aws:ecr/repository:Repository",
    register: (name) => new aws.ecr.Repository(name, { name: "shop/api" }),
    inputs: { name: "shop/api", imageTagMutability: "MUTABLE" },
    unknown: ["id", "arn", "registryId", "repositoryUrl"],
  }),
  previewCase({
    type: "aws:secretsmanager/secretVersion:SecretVersion",
    register: (name) =>
      new aws.secretsmanager.SecretVersion(name, {
        secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbC123",
        secretString: "not-json",
      }),
    inputs: {
      secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbC123",
      secretString: secret("not-json"),
    },
    unknown: ["versionStages", "id", "arn", "versionId", "hasSecretStringWo"],
  }),
  previewCase({
    type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
    register: (name) =>
      new aws.ecr.PullThroughCacheRule(name, {
        ecrRepositoryPrefix: "ecr-public",
        upstreamRegistryUrl: "public.ecr.aws",
      }),
    inputs: { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" },
    unknown: ["id", "registryId"],
  }),
];
