/**
 * Provider facts of what tasks read at start-up: Secrets Manager secrets, SSM parameters, KMS
 * keys and aliases, CloudWatch log groups, ECR repositories, and their resource policies.
 * Sources: the Terraform AWS provider's resource files (TF…) and each service's ARN format
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, value } from "./types";

const ARNS = "https://docs.aws.amazon.com/service-authorization/latest/reference/";

/** The resource's name: the program's input, else its name in the program. */
const nameOf = (state: Record<string, unknown>, name: string) => String(state.name ?? name);

export const DATA_STORE_FACTS: FactTable = {
  [T.secret]: {
    schema: `${TF}secretsmanager/secret.go`,
    outputs: ["id", "arn"],
    defaults: { recoveryWindowInDays: 30, forceOverwriteReplicaSecret: false },
    autoName: "name",
    optionalComputed: {
      policy: {
        // Unset: no resource policy, unless an aws.secretsmanager.SecretPolicy adds one.
        whenUnset: value(undefined),
        source: `${TF}secretsmanager/secret.go policy Optional+Computed (deprecated in favour of SecretPolicy)`,
      },
    },
    identifiers: ["name"],
    deployed: {
      // The id is the ARN (secret.go: d.SetId(aws.ToString(output.ARN))), which ends in - and six random characters.
      assign: ({ state, name, arn, hex }) => {
        const secretArn = arn("secretsmanager", `secret:${nameOf(state, name)}-${hex(nameOf(state, name), 6)}`);
        return { id: secretArn, arn: secretArn };
      },
      source: `${TF}secretsmanager/secret.go; https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html (ARN suffix)`,
    },
  },
  [T.secretPolicy]: idOnly(`${TF}secretsmanager/secret_policy.go`),
  [T.parameter]: {
    schema: `${TF}ssm/parameter.go`,
    outputs: ["id", "arn", "version"],
    defaults: {},
    autoName: "name",
    optionalComputed: {
      keyId: {
        // A SecureString without a key is encrypted with the AWS managed key for SSM.
        whenUnset: (inputs) => ({ known: true, value: inputs.type === "SecureString" ? "alias/aws/ssm" : undefined }),
        reads: ["type"],
        source: `${TF}ssm/parameter.go key_id Optional+Computed`,
      },
    },
    identifiers: ["name"],
    deployed: {
      // The id is the name (parameter.go: d.SetId(name)); the ARN holds it with one leading slash.
      assign: ({ state, name, arn }) => {
        const parameter = nameOf(state, name);
        return {
          id: parameter,
          arn: arn("ssm", `parameter${parameter.startsWith("/") ? parameter : `/${parameter}`}`),
          version: 1,
        };
      },
      source: `${TF}ssm/parameter.go; ${ARNS}list_awssystemsmanager.html`,
    },
  },
  [T.kmsKey]: {
    schema: `${TF}kms/key.go`,
    outputs: ["id", "arn", "keyId"],
    defaults: { isEnabled: true },
    optionalComputed: {
      policy: {
        // Unset: AWS gives the default key policy (the analysis builds it, it names the account).
        whenUnset: value(undefined),
        source: `${TF}kms/key.go policy Optional+Computed; https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html`,
      },
    },
    identifiers: ["keyId"],
    deployed: {
      // The id is the key id, a UUID (key.go: d.SetId(aws.ToString(output.KeyMetadata.KeyId))).
      assign: ({ name, arn, hex }) => {
        const keyId = `${hex(name, 8)}-${hex(`${name}1`, 4)}-4${hex(`${name}2`, 3)}-8${hex(`${name}3`, 3)}-${hex(`${name}4`, 12)}`;
        return { id: keyId, keyId, arn: arn("kms", `key/${keyId}`) };
      },
      source: `${TF}kms/key.go; ${ARNS}list_awskeymanagementservice.html`,
    },
  },
  [T.kmsKeyPolicy]: idOnly(`${TF}kms/key_policy.go`),
  [T.kmsAlias]: {
    ...idOnly(`${TF}kms/alias.go`, ["id", "arn", "targetKeyArn"]),
    identifiers: ["name"],
    deployed: {
      // The id is the alias name, `alias/…` (alias.go: d.SetId(name)).
      assign: ({ state, name, arn }) => ({ id: nameOf(state, name), arn: arn("kms", nameOf(state, name)) }),
      source: `${TF}kms/alias.go; ${ARNS}list_awskeymanagementservice.html`,
    },
  },
  [T.logGroup]: {
    schema: `${TF}logs/group.go`,
    outputs: ["id", "arn"],
    defaults: { retentionInDays: 0, skipDestroy: false },
    autoName: "name",
    optionalComputed: {},
    identifiers: ["name"],
    deployed: {
      // The id is the name (group.go: d.SetId(name)).
      assign: ({ state, name, arn }) => ({
        id: nameOf(state, name),
        arn: arn("logs", `log-group:${nameOf(state, name)}`),
      }),
      source: `${TF}logs/group.go; ${ARNS}list_amazoncloudwatchlogs.html`,
    },
  },
  [T.repository]: {
    schema: `${TF}ecr/repository.go`,
    outputs: ["id", "arn", "registryId", "repositoryUrl"],
    defaults: { imageTagMutability: "MUTABLE" },
    autoName: "name",
    optionalComputed: {},
    identifiers: ["name"],
    deployed: {
      // The id is the name (repository.go: d.SetId(name)); the registry is the account's.
      assign: ({ state, name, arn, accountId, region, dnsSuffix }) => ({
        id: nameOf(state, name),
        arn: arn("ecr", `repository/${nameOf(state, name)}`),
        registryId: accountId,
        repositoryUrl: `${accountId}.dkr.ecr.${region}.${dnsSuffix}/${nameOf(state, name)}`,
      }),
      source: `${TF}ecr/repository.go; ${ARNS}list_amazonelasticcontainerregistry.html; https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html`,
    },
  },
  [T.repositoryPolicy]: idOnly(`${TF}ecr/repository_policy.go`, ["id", "registryId"]),
  [T.secretVersion]: {
    schema: `${TF}secretsmanager/secret_version.go`,
    outputs: ["id", "arn", "versionId", "hasSecretStringWo"],
    defaults: {},
    optionalComputed: {
      versionStages: {
        // Secrets Manager moves AWSCURRENT to a version created without staging labels.
        whenUnset: value(["AWSCURRENT"]),
        source: `${TF}secretsmanager/secret_version.go version_stages Optional+Computed; https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html (VersionStages)`,
      },
    },
    deployed: {
      // The id is `<secret ARN>|<version id>` (secret_version.go); version ids are UUIDs Secrets Manager makes.
      assign: ({ state, name, hex }) => {
        const versionId = `${hex(name, 8)}-${hex(`${name}1`, 4)}-4${hex(`${name}2`, 3)}-8${hex(`${name}3`, 3)}-${hex(`${name}4`, 12)}`;
        return { id: `${String(state.secretId)}|${versionId}`, arn: String(state.secretId), versionId };
      },
      source: `${TF}secretsmanager/secret_version.go`,
    },
  },
  [T.pullThroughCacheRule]: {
    ...idOnly(`${TF}ecr/pull_through_cache_rule.go`, ["id", "registryId"]),
    deployed: {
      // The id is the repository prefix (pull_through_cache_rule.go: d.SetId(repositoryPrefix)).
      assign: ({ state, name, accountId }) => ({
        id: String(state.ecrRepositoryPrefix ?? name),
        registryId: accountId,
      }),
      source: `${TF}ecr/pull_through_cache_rule.go`,
    },
  },
};
