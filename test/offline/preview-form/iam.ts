/** Preview-form cases of IAM roles, policies and attachments (global: no region): see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { AUTONAME, Case, POLICY, previewCase, TRUST } from "./common";

export const IAM_CASES: Case[] = [
  previewCase({
    type: "aws:iam/role:Role",
    register: (name) => new aws.iam.Role(name, { assumeRolePolicy: TRUST }),
    inputs: {
      assumeRolePolicy: TRUST,
      path: "/",
      forceDetachPolicies: false,
      maxSessionDuration: 3600,
      name: AUTONAME,
    },
    unknown: ["inlinePolicies", "managedPolicyArns", "id", "arn", "uniqueId", "createDate"],
    global: true,
  }),
  previewCase({
    type: "aws:iam/rolePolicy:RolePolicy",
    register: (name) => new aws.iam.RolePolicy(name, { role: "shop-execution", policy: POLICY }),
    inputs: { role: "shop-execution", policy: POLICY, name: AUTONAME },
    unknown: ["id"],
    global: true,
  }),
  previewCase({
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    register: (name) =>
      new aws.iam.RolePolicyAttachment(name, {
        role: "shop-execution",
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      }),
    inputs: {
      role: "shop-execution",
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    },
    unknown: ["id"],
    global: true,
  }),
  previewCase({
    type: "aws:iam/policy:Policy",
    register: (name) => new aws.iam.Policy(name, { policy: POLICY }),
    inputs: { policy: POLICY, path: "/", name: AUTONAME },
    unknown: ["id", "arn", "policyId", "attachmentCount"],
    global: true,
  }),
  previewCase({
    type: "aws:iam/policyAttachment:PolicyAttachment",
    register: (name) =>
      new aws.iam.PolicyAttachment(name, {
        name: "logs",
        roles: ["shop-execution"],
        policyArn: "arn:aws:iam::123456789012:policy/logs",
      }),
    inputs: { name: "logs", roles: ["shop-execution"], policyArn: "arn:aws:iam::123456789012:policy/logs" },
    unknown: ["id"],
    global: true,
  }),
  previewCase({
    type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    register: (name) => new aws.iam.ServiceLinkedRole(name, { awsServiceName: "ecs.amazonaws.com" }),
    inputs: { awsServiceName: "ecs.amazonaws.com" },
    unknown: ["id", "arn", "name", "path", "createDate", "uniqueId"],
    global: true,
  }),
];
