/** Preview-form cases of ECS clusters (and their capacity providers), task definitions and services, EFS file systems, policies and mount targets: see ../preview-form.test.ts. */
import * as aws from "@pulumi/aws";
import { AUTONAME, Case, CONTAINERS, previewCase } from "./common";

export const ECS_CASES: Case[] = [
  previewCase({
    type: "aws:ecs/cluster:Cluster",
    register: (name) => new aws.ecs.Cluster(name),
    inputs: { name: AUTONAME },
    unknown: ["id", "arn"],
  }),
  previewCase({
    type: "aws:ecs/taskDefinition:TaskDefinition",
    register: (name) =>
      new aws.ecs.TaskDefinition(name, {
        family: "shop-api",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        containerDefinitions: CONTAINERS,
      }),
    inputs: {
      family: "shop-api",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: CONTAINERS,
      skipDestroy: false,
      trackLatest: false,
    },
    unknown: ["networkMode", "id", "arn", "arnWithoutRevision", "revision"],
  }),
  previewCase({
    type: "aws:ecs/service:Service",
    register: (name) =>
      new aws.ecs.Service(name, {
        cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
        taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:1",
        desiredCount: 2,
        networkConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60718"], securityGroups: ["sg-0a1b2c3d4e5f60718"] },
      }),
    inputs: {
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-api:1",
      desiredCount: 2,
      networkConfiguration: {
        subnets: ["subnet-0a1b2c3d4e5f60718"],
        securityGroups: ["sg-0a1b2c3d4e5f60718"],
        assignPublicIp: false,
      },
      schedulingStrategy: "REPLICA",
      waitForSteadyState: false,
      enableEcsManagedTags: false,
      enableExecuteCommand: false,
      deploymentMaximumPercent: 200,
      deploymentMinimumHealthyPercent: 100,
      name: AUTONAME,
    },
    unknown: ["launchType", "platformVersion", "id"],
  }),
  previewCase({
    type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    register: (name) =>
      new aws.ecs.ClusterCapacityProviders(name, { clusterName: "shop", capacityProviders: ["FARGATE"] }),
    inputs: { clusterName: "shop", capacityProviders: ["FARGATE"] },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:efs/fileSystem:FileSystem",
    register: (name) => new aws.efs.FileSystem(name, { encrypted: true }),
    inputs: { encrypted: true },
    unknown: ["id", "arn", "dnsName", "ownerId", "numberOfMountTargets", "sizeInBytes"],
  }),
  previewCase({
    type: "aws:efs/fileSystemPolicy:FileSystemPolicy",
    register: (name) => new aws.efs.FileSystemPolicy(name, { fileSystemId: "fs-0a1b2c3d", policy: "{}" }),
    inputs: { fileSystemId: "fs-0a1b2c3d", policy: "{}", bypassPolicyLockoutSafetyCheck: false },
    unknown: ["id"],
  }),
  previewCase({
    type: "aws:efs/mountTarget:MountTarget",
    register: (name) =>
      new aws.efs.MountTarget(name, { fileSystemId: "fs-0a1b2c3d", subnetId: "subnet-0a1b2c3d4e5f60718" }),
    inputs: { fileSystemId: "fs-0a1b2c3d", subnetId: "subnet-0a1b2c3d4e5f60718" },
    unknown: ["securityGroups", "id", "networkInterfaceId", "dnsName", "mountTargetDnsName", "availabilityZoneName"],
  }),
];
