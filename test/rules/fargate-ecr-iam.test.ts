import { out } from "../fixtures/builder";
import { ACCOUNT, referenceStack } from "../fixtures/stacks";
import {
  dropStatementsMentioning,
  withContainers,
  withExecutionStatements,
  unknownProperty,
} from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const OTHER_ACCOUNT_IMAGE = "444455556666.dkr.ecr.eu-west-1.amazonaws.com/shared/base:1.0";

/** A boundary policy of the stack set on the execution role. */
const withBoundary =
  (...Statement: Record<string, unknown>[]) =>
  (b: ReturnType<typeof referenceStack>) => {
    const boundary = b.add(
      "aws:iam/policy:Policy",
      "exec-boundary",
      { policy: JSON.stringify({ Version: "2012-10-17", Statement }) },
      { arn: `arn:aws:iam::${ACCOUNT}:policy/exec-boundary` },
    );
    return b.set("exec-role", { permissionsBoundary: out(boundary, "arn") });
  };

describeRule("FARGATE-ECR-IAM", {
  failing: [
    {
      title: "seed 002: no ECR statements",
      stack: () => withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("ecr:")),
      expected: ["FARGATE-ECR-IAM exec-role"],
    },
    {
      title: "an explicit Deny on ecr:BatchGetImage wins",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), (s) => [
          ...s,
          { Effect: "Deny", Action: "ecr:BatchGetImage", Resource: "*" },
        ]),
      expected: ["FARGATE-ECR-IAM exec-role"],
    },
    {
      title: "a permissions boundary that allows only logs and secrets",
      stack: () =>
        withBoundary({ Effect: "Allow", Action: ["logs:*", "secretsmanager:*", "ssm:*"], Resource: "*" })(
          referenceStack("deployed"),
        ),
      expected: ["FARGATE-ECR-IAM exec-role"],
    },
    {
      title: "the repository policy denies the role",
      stack: () => {
        const b = referenceStack("deployed");
        b.add("aws:ecr/repositoryPolicy:RepositoryPolicy", "api-repo-policy", {
          repository: out(b.handle("api-repo"), "name"),
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Principal: "*", Action: "ecr:BatchGetImage" }],
          }),
        });
        return b;
      },
      expected: ["FARGATE-ECR-IAM exec-role"],
    },
  ],
  passing: [
    {
      title: "a permissions boundary that allows ECR too",
      stack: () => withBoundary({ Effect: "Allow", Action: "*", Resource: "*" })(referenceStack("deployed")),
    },
    { title: "least-privilege statements", stack: () => referenceStack("deployed") },
    {
      title: "seed 002's fix: AmazonEC2ContainerRegistryReadOnly attached",
      stack: () =>
        withExecutionStatements(referenceStack("deployed"), dropStatementsMentioning("ecr:")).patch(
          "exec-role",
          (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"]),
        ),
    },
  ],
  notApplicable: [
    {
      title: "image from Docker Hub",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), (c) => (c[0].image = "nginx:1")),
          dropStatementsMentioning("ecr:"),
        ),
    },
  ],
  unknown: [
    {
      title: "policy document computed at preview",
      stack: () => unknownProperty(referenceStack("preview"), "exec-policy", "policy"),
      names: /ecr:GetAuthorizationToken on \*.*the policy document is not known at preview/,
    },
    {
      title: "image from another account's repository (its repository policy is outside the stack)",
      stack: () =>
        withExecutionStatements(
          withContainers(referenceStack("deployed"), (c) => (c[0].image = OTHER_ACCOUNT_IMAGE)),
          (s) => [...s, { Effect: "Allow", Action: "ecr:*", Resource: "*" }],
        ),
      names: /ecr:BatchGetImage on arn:aws:ecr:eu-west-1:444455556666:repository\/shared\/base.*repository policy/,
    },
  ],
});
