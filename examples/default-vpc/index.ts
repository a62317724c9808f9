// The quick start most tutorials show: the default VPC and its public subnets, found by lookups.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateExecutionRole } from "../../components";
import { applicationResources } from "../shared/application";

const vpc = aws.ec2.getVpcOutput({ default: true });
const subnets = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] });
const app = applicationResources("shop");
const role = new FargateExecutionRole("shop-execution", {
  repositories: [app.repository.name],
  logGroups: [app.logGroup.name],
  secrets: [app.secret.name],
  parameters: [app.parameter.name],
});
const tasks = new aws.ec2.SecurityGroup("shop-tasks", {
  vpcId: vpc.id,
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
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
new aws.ecs.Service("shop-api", {
  cluster: cluster.arn,
  launchType: "FARGATE",
  desiredCount: 1,
  taskDefinition: taskDefinition.arn,
  networkConfiguration: { subnets: subnets.ids, securityGroups: [tasks.id], assignPublicIp: true },
});
export const vpcId: pulumi.Output<string> = vpc.id;
