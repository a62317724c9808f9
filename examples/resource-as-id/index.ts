// Public subnets (as in public-subnets), but the execution role is written by hand: its policies
// get the role object itself (`role: executionRole`), and the grants come from getPolicyDocument.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applicationResources, fargateService } from "../shared/application";
import { network } from "../shared/network";

const net = network("shop", { publicTasks: true });
const app = applicationResources("shop");
const caller = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

const executionRole = new aws.iam.Role("shop-execution", {
  assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
    statements: [
      { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] },
    ],
  }).json,
});
new aws.iam.RolePolicyAttachment("shop-execution-ecs", {
  role: executionRole,
  policyArn: aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy,
});
// Names are known at preview, so these ARNs (and the policy) are too.
new aws.iam.RolePolicy("shop-execution-secrets", {
  role: executionRole,
  policy: aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        actions: ["secretsmanager:GetSecretValue"],
        resources: [
          pulumi.interpolate`arn:aws:secretsmanager:${region.name}:${caller.accountId}:secret:${app.secret.name}-??????`,
        ],
      },
      {
        actions: ["ssm:GetParameters"],
        resources: [pulumi.interpolate`arn:aws:ssm:${region.name}:${caller.accountId}:parameter${app.parameter.name}`],
      },
    ],
  }).json,
});

fargateService("shop", net, app, executionRole.arn, { assignPublicIp: true });
