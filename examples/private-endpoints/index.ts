// Private subnets without NAT: FargateEndpointSet serves ECR, S3, logs, Secrets Manager and
// SSM; FargateExecutionRole grants exactly what the task reads. Passes the pack.
import { referenceStack } from "../shared/reference";

const stack = referenceStack("shop");

export const endpointIds = stack.endpoints!.endpoints;
export const endpointsMonthlyCostUsd = stack.endpoints!.monthlyCostUsd;
export const natGatewaysMonthlyCostUsd = stack.endpoints!.natGatewaysMonthlyCostUsd;
export const executionRoleArn = stack.role.roleArn;
