/**
 * Network variants of the fixture stacks for the network analysis tests: each takes a stack
 * from test/fixtures and adds or changes one network link, the same way in both forms.
 */
import { Handle, out, StackBuilder, StackForm } from "../fixtures/builder";
import { natStack, naclStack, referenceStack, REGION } from "../fixtures/stacks";
import { findingsOf, pairs } from "../support/findings";

export const FORMS: StackForm[] = ["preview", "deployed"];

/**
 * The (rule, resource) pairs of a stack's findings, less those the unchanged reference stack
 * of the same form already has (at a first preview: the computed container definitions).
 */
export function findingsBeyondReference(b: StackBuilder, config: Record<string, unknown> = {}): string[] {
  const baseline = new Set(pairs(findingsOf(referenceStack(b.form).resources)));
  return pairs(findingsOf(b.resources, config)).filter((pair) => !baseline.has(pair));
}

/** A handle on a resource already in the stack, with its deployed outputs (id and the given ones). */
export function handle(b: StackBuilder, name: string, outputs: Record<string, string> = {}): Handle {
  const resource = b.find(name);
  const known: Record<string, string> = { ...outputs };
  for (const [key, value] of Object.entries(resource.properties)) if (typeof value === "string") known[key] ??= value;
  if (b.form === "deployed") Object.assign(resource.properties, outputs);
  return { type: resource.type, name, urn: resource.urn, outputs: known };
}

let counter = 0;
const id = (prefix: string) => `${prefix}-${(0xa0000 + ++counter).toString(16).padStart(8, "0")}`;

/** The S3 gateway endpoint of the reference stack, with the prefix list id AWS gives it. */
export const S3_PREFIX_LIST = "pl-6da54004";
export const DYNAMODB_PREFIX_LIST = "pl-6fa54006";

/** A DynamoDB gateway endpoint on the same route table: its prefix list is DynamoDB's, not S3's. */
export function withDynamoDbEndpoint(b: StackBuilder): Handle {
  return b.add(
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "dynamodb-endpoint",
    {
      vpcId: out(handle(b, "vpc")),
      serviceName: `com.amazonaws.${REGION}.dynamodb`,
      vpcEndpointType: "Gateway",
      routeTableIds: [out(handle(b, "private-rt"))],
    },
    { id: id("vpce"), prefixListId: DYNAMODB_PREFIX_LIST },
  );
}

/** Task egress: TCP 443 to the VPC (the endpoints) and to the given prefix lists only. */
export function taskEgressToPrefixLists(b: StackBuilder, prefixListIds: unknown[]): StackBuilder {
  const builder = b;
  // Rebuild the task group's egress through a separate rule, so outputs in it resolve per form.
  builder.patch("task-sg", (properties) => {
    properties.egress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }];
  });
  builder.add(
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "task-egress-prefix-lists",
    {
      type: "egress",
      securityGroupId: out(handle(b, "task-sg")),
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListIds,
    },
    { id: id("sgrule") },
  );
  return builder;
}

/** The reference stack with its S3 gateway endpoint's prefix list output. */
export function referenceWithPrefixList(form: StackForm): { b: StackBuilder; s3Endpoint: Handle } {
  const b = referenceStack(form);
  return { b, s3Endpoint: handle(b, "s3-endpoint", { prefixListId: S3_PREFIX_LIST }) };
}

/** A route added to the private route table of a stack. */
export function addRoute(b: StackBuilder, name: string, route: Record<string, unknown>): Handle {
  return b.add("aws:ec2/route:Route", name, { routeTableId: out(handle(b, "private-rt")), ...route }, { id: id("r") });
}

/** A network ACL rule added to the task subnets' ACL of naclStack. */
export function addAclRule(
  b: StackBuilder,
  name: string,
  rule: { ruleNumber: number; egress: boolean; action: "allow" | "deny"; cidrBlock: string; ports: [number, number] },
): Handle {
  return b.add(
    "aws:ec2/networkAclRule:NetworkAclRule",
    name,
    {
      networkAclId: out(handle(b, "tasks-acl")),
      ruleNumber: rule.ruleNumber,
      egress: rule.egress,
      protocol: "tcp",
      ruleAction: rule.action,
      cidrBlock: rule.cidrBlock,
      fromPort: rule.ports[0],
      toPort: rule.ports[1],
    },
    { id: id("aclrule") },
  );
}

/** Tasks only in subnet private-a; the endpoints keep an interface in private-a and private-b. */
export function tasksInSubnetA(b: StackBuilder): StackBuilder {
  const subnetA = handle(b, "private-a");
  const service = b.find("api-service");
  const urnB = b.find("private-b").urn;
  const dependencies = service.propertyDependencies ?? {};
  dependencies.networkConfiguration = (dependencies.networkConfiguration ?? []).filter((urn) => urn !== urnB);
  return b.patch("api-service", (properties) => {
    const network = properties.networkConfiguration as Record<string, unknown>;
    network.subnets = [b.form === "deployed" ? subnetA.outputs.id : (network.subnets as unknown[])[0]];
  });
}

/** A network ACL on the endpoints' second subnet (private-b) only, with the given inbound rules. */
export function aclOnSubnetB(
  b: StackBuilder,
  ingress: { ruleNumber: number; action: "allow" | "deny"; cidrBlock: string; ports: [number, number] }[],
): Handle {
  return b.add(
    "aws:ec2/networkAcl:NetworkAcl",
    "endpoints-b-acl",
    {
      vpcId: out(handle(b, "vpc")),
      subnetIds: [out(handle(b, "private-b"))],
      ingress: ingress.map((rule) => ({
        ruleNo: rule.ruleNumber,
        action: rule.action,
        protocol: "tcp",
        cidrBlock: rule.cidrBlock,
        fromPort: rule.ports[0],
        toPort: rule.ports[1],
      })),
      egress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }],
    },
    { id: id("acl") },
  );
}

export { natStack, naclStack, referenceStack };
