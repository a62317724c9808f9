/**
 * Faults that only AWS's own decisions reveal (issue 22): the layer bucket AWS owns, AWS-managed
 * prefix lists, a key policy, a resource's tags, a pull-through cache. Each baseline passes; each
 * fault breaks one link, or is covered by a second grant.
 */
import type { StackBuilder, StackForm } from "../fixtures/builder";
import { ACCOUNT, redundantStack, referenceStack } from "../fixtures/stacks";
import {
  CACHE_IMPORT_GRANT,
  KEY_ARN,
  withCmkParameter,
  withExecutionStatements,
  withPullThroughCacheImage,
} from "../fixtures/variants";
import type { Fault } from "./faults";

type Json = Record<string, unknown>;

const policy = (...Statement: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const INTERFACE_RULES = [
  "FARGATE-ECR-NETWORK",
  "FARGATE-LOGS-NETWORK",
  "FARGATE-SECRETS-NETWORK",
  "FARGATE-SSM-NETWORK",
];

/** The reference with a customer managed key on the parameter: the role may decrypt via SSM, the key policy delegates to the account. */
export function keyPolicyStack(form: StackForm): StackBuilder {
  const b = withExecutionStatements(withCmkParameter(referenceStack(form)), (statements) => [
    ...statements,
    {
      Effect: "Allow",
      Action: "kms:Decrypt",
      // The key's id is not known before it exists: the grant names the account's keys.
      Resource: KEY_ARN.replace(/key\/.*$/, "key/*"),
      Condition: { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } },
    },
  ]);
  return b.set("params-key", {
    policy: policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    }),
  });
}

/** The reference whose role reads the secret only while it is tagged app=shop, and it is. */
export function taggedSecretStack(form: StackForm): StackBuilder {
  return withExecutionStatements(referenceStack(form).set("db-secret", { tags: { app: "shop" } }), (statements) => [
    ...statements.filter((statement) => !JSON.stringify(statement).includes("secretsmanager:")),
    {
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/app": "shop" } },
    },
  ]);
}

/** Endpoints and NAT; the task pulls a cached Docker Hub image, and both the role and the registry policy allow the import. */
export function pullThroughCacheStack(form: StackForm): StackBuilder {
  const b = withPullThroughCacheImage(redundantStack(form), [CACHE_IMPORT_GRANT]);
  b.add("aws:ecr/registryPolicy:RegistryPolicy", "registry", {
    policy: policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/exec-role` },
      Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
      Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/docker-hub/*",
    }),
  });
  return b;
}

export function awsDecisionFaults(): Fault[] {
  return [
    {
      stack: "redundant",
      link: "S3 gateway policy limited to the account's own resources (the ECR layer bucket is AWS's; the NAT does not help)",
      build: (form) =>
        redundantStack(form).set("s3-endpoint", {
          policy: policy({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } },
          }),
        }),
      expected: ["FARGATE-S3-NETWORK s3-endpoint"],
    },
    {
      stack: "reference",
      link: "task egress to the region's S3 prefix list only (its literal id)",
      build: (form) =>
        referenceStack(form).patch("task-sg", (properties) => {
          properties.egress = [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-6da54004"] }];
        }),
      expected: INTERFACE_RULES.map((rule) => `${rule} task-sg`),
    },
    {
      stack: "key policy",
      link: "the key policy's delegation to the account",
      build: (form) =>
        keyPolicyStack(form).set("params-key", {
          policy: policy({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
            Action: "kms:*",
            Resource: "*",
          }),
        }),
      expected: ["FARGATE-KMS-IAM params-key"],
    },
    {
      stack: "tagged secret",
      link: "the secret's tag the grant is conditioned on",
      build: (form) => taggedSecretStack(form).set("db-secret", { tags: { app: "billing" } }),
      expected: ["FARGATE-SECRETS-IAM exec-role"],
    },
    {
      stack: "pull-through cache",
      link: "the NAT route the first pull through the cache takes to Docker Hub",
      build: (form) => pullThroughCacheStack(form).remove("private-default"),
      // The endpoints still serve ECR and the NAT route was the cache's only way out; a rule
      // deployed already may hold the tag, so there it is unknown.
      expected: ["FARGATE-INTERNET-IMAGE private-rt"],
      expectedDeployed: [],
    },
    {
      stack: "pull-through cache",
      link: "the registry policy's import grant (the role grants it too)",
      build: (form) => pullThroughCacheStack(form).remove("registry"),
      expected: [],
    },
    {
      stack: "pull-through cache",
      link: "the role's import grant (the registry policy grants it too)",
      build: (form) =>
        withExecutionStatements(pullThroughCacheStack(form), (statements) =>
          statements.filter((statement) => JSON.stringify(statement) !== JSON.stringify(CACHE_IMPORT_GRANT)),
        ),
      expected: [],
    },
    {
      stack: "pull-through cache",
      link: "both import grants",
      build: (form) =>
        withExecutionStatements(pullThroughCacheStack(form).remove("registry"), (statements) =>
          statements.filter((statement) => JSON.stringify(statement) !== JSON.stringify(CACHE_IMPORT_GRANT)),
        ),
      expected: ["FARGATE-ECR-IAM exec-role"],
      expectedDeployed: [],
    },
  ];
}
