// The same service as awsx-private-no-nat, as it works: awsx.ec2.Vpc's default NAT strategy (one
// NAT gateway per zone) gives the private subnets a route out, and the execution role
// (FargateExecutionRole, given to awsx as an existing role) may read the secret.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { FargateExecutionRole } from "../../components";

const vpc = new awsx.ec2.Vpc("shop", { numberOfAvailabilityZones: 2 });
const repository = new awsx.ecr.Repository("shop-api", { forceDelete: true });
const secret = new aws.secretsmanager.Secret("shop-db", { name: "shop/db-password" });
const logs = new aws.cloudwatch.LogGroup("shop-api", { name: "/ecs/shop/api", retentionInDays: 14 });
const executionRole = new FargateExecutionRole("shop-execution", {
  repositories: [repository.repository.name],
  logGroups: [logs.name],
  secrets: [secret.name],
});
const cluster = new aws.ecs.Cluster("shop");
const loadBalancer = new awsx.lb.ApplicationLoadBalancer("shop", { subnetIds: vpc.publicSubnetIds });
const tasks = new aws.ec2.SecurityGroup("shop-tasks", {
  vpcId: vpc.vpcId,
  ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/16"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const service = new awsx.ecs.FargateService("shop-api", {
  cluster: cluster.arn,
  desiredCount: 2,
  networkConfiguration: { subnets: vpc.privateSubnetIds, securityGroups: [tasks.id] },
  taskDefinitionArgs: {
    executionRole: { roleArn: executionRole.roleArn },
    logGroup: { existing: { name: logs.name } },
    container: {
      name: "api",
      image: pulumi.interpolate`${repository.url}:1.0.0`,
      cpu: 256,
      memory: 512,
      essential: true,
      portMappings: [{ containerPort: 8080, targetGroup: loadBalancer.defaultTargetGroup }],
      secrets: [{ name: "DB_PASSWORD", valueFrom: secret.arn }],
    },
  },
});

export const url = pulumi.interpolate`http://${loadBalancer.loadBalancer.dnsName}`;
export const serviceName = service.service.name;
