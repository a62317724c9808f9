/**
 * The reference stack: private subnets, FargateEndpointSet and FargateExecutionRole. Each
 * option leaves one thing out, for the examples of what breaks and for the tests.
 */
import { FargateEndpointSet, FargateExecutionRole } from "../../components";
import { applicationResources, fargateService } from "./application";
import { network, NetworkOptions } from "./network";

export interface ReferenceOptions {
  network?: NetworkOptions;
  /** Services of the endpoint set (default: everything the application needs). */
  services?: string[];
  /** The task subnets' route tables given to the endpoint set: all (default), or only the first (one subnet misses S3). */
  routeTables?: "all" | "first";
  /** Give the endpoint set the task security group (default true; else the VPC CIDR is allowed). */
  taskSecurityGroup?: boolean;
  /** Grants of the execution role to leave out. */
  withoutGrants?: ("repositories" | "logGroups" | "secrets" | "parameters" | "kmsKeys")[];
  customerManagedKey?: boolean;
  /** Create the FargateEndpointSet (default true); without it the tasks need NAT or public IPs. */
  endpointSet?: boolean;
  assignPublicIp?: boolean;
}

export const REFERENCE_SERVICES = ["ecr", "logs", "secretsmanager", "ssm"];

export function referenceStack(name: string, options: ReferenceOptions = {}) {
  const net = network(name, options.network);
  const app = applicationResources(name, { customerManagedKey: options.customerManagedKey });
  const without = new Set(options.withoutGrants ?? []);
  const role = new FargateExecutionRole(`${name}-execution`, {
    // Names are known at preview, so the role's policy is too: the pack proves IAM before the first deployment.
    repositories: without.has("repositories") ? [] : [app.repository.name],
    logGroups: without.has("logGroups") ? [] : [app.logGroup.name],
    secrets: without.has("secrets") ? [] : [app.secret.name],
    parameters: without.has("parameters") ? [] : [app.parameter.name],
    kmsKeys: app.key && !without.has("kmsKeys") ? [app.key.arn] : undefined,
  });
  const endpoints =
    options.endpointSet === false
      ? undefined
      : new FargateEndpointSet(`${name}-endpoints`, {
          vpcId: net.vpc.id,
          subnetIds: net.taskSubnets.map((subnet) => subnet.id),
          routeTableIds: net.taskRouteTables
            .slice(0, options.routeTables === "first" ? 1 : undefined)
            .map((table) => table.id),
          taskSecurityGroupIds: options.taskSecurityGroup === false ? undefined : [net.taskSecurityGroup.id],
          vpcCidrBlock: options.taskSecurityGroup === false ? net.vpc.cidrBlock : undefined,
          services: options.services ?? REFERENCE_SERVICES,
        });
  const service = fargateService(name, net, app, role.roleArn, { assignPublicIp: options.assignPublicIp });
  return { net, app, role, endpoints, service };
}
