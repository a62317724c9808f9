// Public subnets (as in public-subnets), but the execution role is written by hand: its policies
// get the role object itself (`role: executionRole`); its trust policy comes from getPolicyDocument.
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
// Names are known at preview, so these ARNs (and the policy) are too. (A getPolicyDocumentOutput
// fed by resource outputs would be unknown at a first preview: the engine does not run an
// invoke whose inputs depend on resources still to be created.)
new aws.iam.RolePolicy("shop-execution-secrets", {
  role: executionRole,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: pulumi.interpolate`arn:aws:secretsmanager:${region.name}:${caller.accountId}:secret:${app.secret.name}-??????`,
      },
      {
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: pulumi.interpolate`arn:aws:ssm:${region.name}:${caller.accountId}:parameter${app.parameter.name}`,
      },
    ],
  }),
});

fargateService("shop", net, app, executionRole.arn, { assignPublicIp: true });
