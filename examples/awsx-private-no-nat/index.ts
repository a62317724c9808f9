// The awsx way, as Pulumi's templates write it, with the NAT gateways left out to save money:
// private subnets without any route out, and a service pulling its image from ECR and reading a
// secret. The tasks cannot start. The roles are awsx's defaults.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

const vpc = new awsx.ec2.Vpc("shop", { natGateways: { strategy: "None" } });
const repository = new awsx.ecr.Repository("shop-api", { forceDelete: true });
const secret = new aws.secretsmanager.Secret("shop-db", { name: "shop/db-password" });
const cluster = new aws.ecs.Cluster("shop");
const tasks = new aws.ec2.SecurityGroup("shop-tasks", {
  vpcId: vpc.vpcId,
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const service = new awsx.ecs.FargateService("shop-api", {
  cluster: cluster.arn,
  networkConfiguration: { subnets: vpc.privateSubnetIds, securityGroups: [tasks.id] },
  taskDefinitionArgs: {
    container: {
      name: "api",
      image: pulumi.interpolate`${repository.url}:1.0.0`,
      cpu: 256,
      memory: 512,
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      secrets: [{ name: "DB_PASSWORD", valueFrom: secret.arn }],
    },
  },
});

export const serviceName = service.service.name;
