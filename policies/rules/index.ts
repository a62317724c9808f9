/** Every rule of the pack, in report order. */
import type { Rule } from "./rule";
import { rule as taskDefinition } from "./fargate-task-definition";
import { rule as executionRole } from "./fargate-execution-role";
import { rule as taskRole } from "./fargate-task-role";
import { rule as taskSize } from "./fargate-task-size";
import { rule as compatibility } from "./fargate-compatibility";
import { rule as platformVersion } from "./fargate-platform-version";
import { rule as firelens } from "./fargate-firelens";
import { rule as imagePlatform } from "./fargate-image-platform";
import { rule as imageReference } from "./fargate-image-reference";
import { rule as logGroup } from "./fargate-log-group";
import { rule as secretValue } from "./fargate-secret-value";
import { rule as registryCredentials } from "./fargate-registry-credentials";
import { rule as subnetAddresses } from "./fargate-subnet-addresses";
import { rule as capacityProvider } from "./fargate-capacity-provider";
import { rule as ecrRepository } from "./fargate-ecr-repository";
import { rule as ecrNetwork } from "./fargate-ecr-network";
import { rule as s3Network } from "./fargate-s3-network";
import { rule as logsNetwork } from "./fargate-logs-network";
import { rule as secretsNetwork } from "./fargate-secrets-network";
import { rule as ssmNetwork } from "./fargate-ssm-network";
import { rule as internetImage } from "./fargate-internet-image";
import { rule as efsNetwork } from "./fargate-efs-network";
import { rule as execNetwork } from "./fargate-exec-network";
import { rule as ecsEndpoints } from "./fargate-ecs-endpoints";
import { rule as endpointInterfaces } from "./fargate-endpoint-interfaces";
import { rule as publicIp } from "./fargate-public-ip";
import { rule as natPlacement } from "./fargate-nat-placement";
import { rule as duplicatePrivateDns } from "./fargate-duplicate-private-dns";
import { rule as reference } from "./fargate-reference";
import { rule as ecrIam } from "./fargate-ecr-iam";
import { rule as logsIam } from "./fargate-logs-iam";
import { rule as secretsIam } from "./fargate-secrets-iam";
import { rule as ssmIam } from "./fargate-ssm-iam";
import { rule as kmsIam } from "./fargate-kms-iam";
import { rule as s3Iam } from "./fargate-s3-iam";
import { rule as efsIam } from "./fargate-efs-iam";
import { rule as execIam } from "./fargate-exec-iam";
import { rule as unknownFacts } from "./fargate-unknown";
import { rule as context } from "./fargate-context";
import { rule as contextConflict } from "./fargate-context-conflict";

export type { Finding, Rule } from "./rule";

export const RULES: readonly Rule[] = [
  taskDefinition,
  executionRole,
  taskRole,
  taskSize,
  compatibility,
  platformVersion,
  firelens,
  imagePlatform,
  imageReference,
  logGroup,
  secretValue,
  registryCredentials,
  subnetAddresses,
  capacityProvider,
  ecrRepository,
  ecrNetwork,
  s3Network,
  logsNetwork,
  secretsNetwork,
  ssmNetwork,
  internetImage,
  efsNetwork,
  execNetwork,
  ecsEndpoints,
  endpointInterfaces,
  publicIp,
  natPlacement,
  duplicatePrivateDns,
  reference,
  ecrIam,
  logsIam,
  secretsIam,
  ssmIam,
  kmsIam,
  s3Iam,
  efsIam,
  execIam,
  unknownFacts,
  context,
  contextConflict,
];

export const RULE_ERROR_ID = "FARGATE-RULE-ERROR";
export const ACK_EXPIRED_ID = "FARGATE-ACK-EXPIRED";
export const CONFIG_PROBLEM_ID = "FARGATE-CONFIG";

/** Findings the evaluation makes itself, not a rule: listed beside the rules, their levels fixed. */
export const EVALUATION_FINDINGS = [
  {
    id: RULE_ERROR_ID,
    level: "the level of the rule that threw",
    description:
      "A rule threw: what it checks is not proven. Reported at that rule's level; the other rules still run.",
  },
  {
    id: ACK_EXPIRED_ID,
    level: "mandatory",
    description:
      "An acknowledgement (pack config `acknowledgements`, or the resource tag `fargate-preflight:ack:<RULE-ID>` = `reason; expires=YYYY-MM-DD`, which pack config `tagAcknowledgements` may refuse or require an expiry of) has expired. Always mandatory.",
  },
  {
    id: CONFIG_PROBLEM_ID,
    level: "mandatory",
    description:
      "The pack config names an unknown rule id or property, or an expiry that is not a date: the engine checks only the JSON schema, so a typo would switch nothing on or off silently. Always mandatory.",
  },
] as const;
