import { strict as assert } from "assert";
import { out } from "../fixtures/builder";
import type { StackForm } from "../fixtures/builder";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { literalStack } from "../fixtures/startup-stacks";
import { withExecutionStatements } from "../fixtures/variants";
import { findingsOf, pairs } from "../support/findings";
import { describeStartupRule } from "./startup-cases";

const registry = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

/** The reference pulling `repository` (built from the stack's names by `name`); the execution role may pull any repository. */
function pulling(form: StackForm, repository: (b: ReturnType<typeof literalStack>) => unknown) {
  const b = literalStack(form, (containers, b) => (containers[0].image = repository(b)));
  return withExecutionStatements(b, (statements) => [
    ...statements,
    {
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: "*",
    },
  ]);
}

/** An image in a repository named after an autonamed cluster of the stack (known at preview). */
function clusterNamedRepository(form: StackForm) {
  return pulling(form, (b) => {
    const cluster = b.add(
      "aws:ecs/cluster:Cluster",
      "shop-cluster",
      {},
      { id: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-cluster-x" },
    );
    return out(cluster, "name", (name) => `${registry}/${name}/api:1.0.0`);
  });
}

describeStartupRule("FARGATE-ECR-REPOSITORY", {
  failing: [
    {
      title: "a repository named after the cluster this preview creates",
      stack: clusterNamedRepository,
      forms: ["preview"],
      expected: ["FARGATE-ECR-REPOSITORY api-task"],
      says: /cannot exist yet: its name is built from shop-cluster-[0-9a-f]{7}/,
    },
  ],
  passing: [{ title: "the repository the stack creates", stack: (form) => literalStack(form) }],
  unknown: [
    {
      title: "a literal repository the stack does not create",
      stack: (form) => pulling(form, () => `${registry}/shared/base:2.1`),
      names: /whether repository shared\/base \(eu-west-1\) of container "api" exists cannot be known/,
    },
    {
      title: "the cluster-named repository once the cluster exists",
      stack: clusterNamedRepository,
      forms: ["deployed"],
      names: /whether repository shop-cluster-[0-9a-f]{7}\/api .* exists cannot be known/,
    },
  ],
});

describe("FARGATE-ECR-REPOSITORY and pull-through caches", () => {
  // ECR creates a cache repository on the first pull: the repository need not exist. (What the
  // cache needs of the role and the network is other rules' concern, so only this rule is asserted.)
  for (const form of ["preview", "deployed"] as const) {
    it(`a repository under a pull-through cache rule of the stack is not reported (${form})`, () => {
      const b = pulling(form, () => `${registry}/ecr-public/nginx/nginx:1.27`);
      b.add(
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
        "public-cache",
        { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" },
        { id: "ecr-public" },
      );
      const findings = findingsOf(b.resources);
      assert.deepEqual(pairs(findings, "FARGATE-ECR-REPOSITORY"), []);
      assert.ok(!findings.some((finding) => /repository ecr-public\/nginx\/nginx .* exists/.test(finding.message)));
    });
  }
});
