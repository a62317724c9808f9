/**
 * The application the examples deploy: an ECR image, a Secrets Manager secret, an SSM
 * SecureString parameter and awslogs, in one Fargate service.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Network } from "./network";

export interface ApplicationResources {
  repository: aws.ecr.Repository;
  logGroup: aws.cloudwatch.LogGroup;
  secret: aws.secretsmanager.Secret;
  parameter: aws.ssm.Parameter;
  /** The customer managed key of the parameter, when asked for. */
  key?: aws.kms.Key;
  containerDefinitions: pulumi.Output<string>;
}

export function applicationResources(
  name: string,
  options: { customerManagedKey?: boolean } = {},
): ApplicationResources {
  const repository = new aws.ecr.Repository(`${name}-api`, { name: `${name}/api` });
  const logGroup = new aws.cloudwatch.LogGroup(`${name}-api`, { name: `/ecs/${name}/api`, retentionInDays: 14 });
  const secret = new aws.secretsmanager.Secret(`${name}-db`, { name: `${name}/db-password` });
  const key = options.customerManagedKey
    ? new aws.kms.Key(`${name}-parameters`, { description: "SecureString parameters" })
    : undefined;
  const parameter = new aws.ssm.Parameter(`${name}-token`, {
    name: `/${name}/api-token`,
    type: "SecureString",
    value: "change-me",
    keyId: key?.arn,
  });
  const containerDefinitions = pulumi.jsonStringify([
    {
      name: "api",
      image: pulumi.interpolate`${repository.repositoryUrl}:1.0.0`,
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      secrets: [
        { name: "DB_PASSWORD", valueFrom: secret.arn },
        { name: "API_TOKEN", valueFrom: parameter.name },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": logGroup.name,
          "awslogs-region": aws.config.region!,
          "awslogs-stream-prefix": "api",
        },
      },
    },
  ]);
  return { repository, logGroup, secret, parameter, key, containerDefinitions };
}

export function fargateService(
  name: string,
  net: Network,
  app: ApplicationResources,
  executionRoleArn: pulumi.Input<string> | undefined,
  options: { assignPublicIp?: boolean } = {},
): aws.ecs.Service {
  const cluster = new aws.ecs.Cluster(`${name}-cluster`);
  const taskDefinition = new aws.ecs.TaskDefinition(`${name}-api`, {
    family: `${name}-api`,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    executionRoleArn,
    containerDefinitions: app.containerDefinitions,
  });
  return new aws.ecs.Service(`${name}-api`, {
    cluster: cluster.arn,
    launchType: "FARGATE",
    desiredCount: 2,
    taskDefinition: taskDefinition.arn,
    networkConfiguration: {
      subnets: net.taskSubnets.map((subnet) => subnet.id),
      securityGroups: [net.taskSecurityGroup.id],
      assignPublicIp: options.assignPublicIp ?? false,
    },
  });
}
