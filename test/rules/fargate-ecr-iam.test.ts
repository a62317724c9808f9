import { referenceStack } from "../fixtures/stacks";
import {
  dropStatementsMentioning,
  withContainers,
  withExecutionStatements,
  unknownProperty,
} from "../fixtures/variants";
import { describeRule } from "./rule-cases";

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
  ],
  passing: [
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
  ],
});
