// An app stack as most teams write it: the network is another team's stack, read through a
// StackReference; this stack owns only the application (image, secret, parameter, logs, role,
// task definition, service). Checked against the network with --context / context config.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateExecutionRole } from "../../../components";
import { applicationResources } from "../../shared/application";

const config = new pulumi.Config();
const networkStack = new pulumi.StackReference(config.require("networkStack"));
const subnetIds = networkStack.getOutput("privateSubnetIds") as pulumi.Output<string[]>;
const taskSecurityGroupId = networkStack.getOutput("taskSecurityGroupId") as pulumi.Output<string>;

const app = applicationResources("shop");
const role = new FargateExecutionRole("shop-execution", {
  repositories: [app.repository.name],
  logGroups: [app.logGroup.name],
  secrets: [app.secret.name],
  parameters: [app.parameter.name],
});
const cluster = new aws.ecs.Cluster("shop-cluster");
const taskDefinition = new aws.ecs.TaskDefinition("shop-api", {
  family: "shop-api",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "256",
  memory: "512",
  executionRoleArn: role.roleArn,
  containerDefinitions: app.containerDefinitions,
});
export const service = new aws.ecs.Service("shop-api", {
  cluster: cluster.arn,
  launchType: "FARGATE",
  desiredCount: 2,
  taskDefinition: taskDefinition.arn,
  networkConfiguration: {
    subnets: subnetIds,
    securityGroups: [taskSecurityGroupId],
    assignPublicIp: false,
  },
}).name;
