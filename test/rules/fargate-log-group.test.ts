import { out } from "../fixtures/builder";
import type { StackForm } from "../fixtures/builder";
import { literalStack } from "../fixtures/startup-stacks";
import { withExecutionStatements } from "../fixtures/variants";
import { describeStartupRule } from "./startup-cases";

/** The reference, its awslogs group named after an autonamed cluster of the stack (known at preview). */
function clusterNamedGroup(form: StackForm, options: Record<string, unknown> = {}) {
  const b = literalStack(form, (containers, b) => {
    const cluster = b.add(
      "aws:ecs/cluster:Cluster",
      "shop-cluster",
      {},
      { id: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-cluster-x" },
    );
    const log = containers[0].logConfiguration as { options: Record<string, unknown> };
    log.options = { ...log.options, "awslogs-group": out(cluster, "name", (name) => `/ecs/${name}`), ...options };
  });
  // The execution role may write (and create) any group under /ecs: IAM is not what this tests.
  return withExecutionStatements(b, (statements) => [
    ...statements,
    {
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/*",
    },
  ]);
}

function literalGroup(form: StackForm, group: string) {
  return literalStack(form, (containers) => {
    const log = containers[0].logConfiguration as { options: Record<string, unknown> };
    log.options = { ...log.options, "awslogs-group": group };
  });
}

describeStartupRule("FARGATE-LOG-GROUP", {
  failing: [
    {
      title: "a group named after the cluster this preview creates",
      stack: (form) => clusterNamedGroup(form),
      forms: ["preview"],
      expected: ["FARGATE-LOG-GROUP api-task"],
      says: /cannot exist yet: its name is built from shop-cluster-[0-9a-f]{7}/,
    },
  ],
  passing: [
    { title: "the group the stack creates", stack: (form) => literalStack(form) },
    {
      title: "awslogs-create-group set",
      stack: (form) => clusterNamedGroup(form, { "awslogs-create-group": "true" }),
    },
  ],
  unknown: [
    {
      title: "a literal name the stack does not create (another stack may)",
      stack: (form) => literalGroup(form, "/ecs/shared"),
      names: /whether log group \/ecs\/shared \(eu-west-1\) of container "api" exists cannot be known/,
    },
    {
      title: "the cluster-named group once the cluster exists",
      stack: (form) => clusterNamedGroup(form),
      forms: ["deployed"],
      names: /whether log group \/ecs\/shop-cluster-[0-9a-f]{7} .* exists cannot be known/,
    },
  ],
});
