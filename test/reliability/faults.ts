/**
 * Single faults: every link the services of a fixture stack depend on, removed or broken one
 * at a time, with what it must do: the exact mandatory findings (rule and resource) when it
 * breaks a start-up need, none when another path or grant still covers it.
 */
import type { StackBuilder, StackForm } from "../fixtures/builder";
import { naclStack, natStack, publicStack, redundantStack, referenceStack } from "../fixtures/stacks";

type Json = Record<string, unknown>;

export interface Fault {
  stack: string;
  link: string;
  build: (form: StackForm) => StackBuilder;
  /** `RULE resource-name` pairs of the mandatory findings it must cause; empty when redundant. */
  expected: string[];
  /** When the deployed form differs (a fact AWS's state may settle otherwise there): its expected pairs. */
  expectedDeployed?: string[];
  /** The forms it holds in, when not all (a fact only a first preview, or only a deployed stack, shows). */
  forms?: readonly StackForm[];
}

const NETWORK_RULE: Record<string, string> = {
  "ecr.api": "FARGATE-ECR-NETWORK",
  "ecr.dkr": "FARGATE-ECR-NETWORK",
  logs: "FARGATE-LOGS-NETWORK",
  secretsmanager: "FARGATE-SECRETS-NETWORK",
  ssm: "FARGATE-SSM-NETWORK",
};
const INTERFACE = Object.keys(NETWORK_RULE);
const INTERFACE_RULES = [
  "FARGATE-ECR-NETWORK",
  "FARGATE-LOGS-NETWORK",
  "FARGATE-SECRETS-NETWORK",
  "FARGATE-SSM-NETWORK",
];
const ALL_NETWORK_RULES = [...INTERFACE_RULES, "FARGATE-S3-NETWORK"];
const on = (rules: string[], resource: string) => rules.map((rule) => `${rule} ${resource}`);

/** The inline statements of the fixture role, in order, with the rule that misses each. */
const STATEMENTS: [string, string[]][] = [
  ["FARGATE-ECR-IAM", ["ecr:GetAuthorizationToken"]],
  ["FARGATE-ECR-IAM", ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]],
  ["FARGATE-LOGS-IAM", ["logs:CreateLogStream", "logs:PutLogEvents"]],
  ["FARGATE-SECRETS-IAM", ["secretsmanager:GetSecretValue"]],
  ["FARGATE-SSM-IAM", ["ssm:GetParameters"]],
];

function editPolicy(b: StackBuilder, edit: (statements: Json[]) => Json[]): StackBuilder {
  return b.patch("exec-policy", (properties) => {
    const document = JSON.parse(String(properties.policy)) as { Statement: Json[] };
    document.Statement = edit(document.Statement);
    properties.policy = JSON.stringify(document);
  });
}

/** Faults of the execution role: each statement, each action, the role reference and the trust. */
function iamFaults(stack: string, make: (form: StackForm) => StackBuilder, redundant: boolean): Fault[] {
  const faults: Fault[] = [];
  STATEMENTS.forEach(([rule, actions], index) => {
    faults.push({
      stack,
      link: `statement ${index + 1} (${actions.join(", ")})`,
      build: (form) => editPolicy(make(form), (statements) => statements.filter((_, i) => i !== index)),
      expected: redundant ? [] : [`${rule} exec-role`],
    });
    if (actions.length > 1) {
      for (const action of actions) {
        faults.push({
          stack,
          link: `action ${action}`,
          build: (form) =>
            editPolicy(make(form), (statements) =>
              statements.map((statement, i) =>
                i === index ? { ...statement, Action: actions.filter((a) => a !== action) } : statement,
              ),
            ),
          expected: redundant ? [] : [`${rule} exec-role`],
        });
      }
    }
  });
  faults.push({
    stack,
    link: "executionRoleArn of the task definition",
    build: (form) => make(form).patch("api-task", (properties) => delete properties.executionRoleArn),
    expected: ["FARGATE-EXECUTION-ROLE api-task"],
  });
  faults.push({
    stack,
    link: "trust policy principal",
    build: (form) =>
      make(form).patch("exec-role", (properties) => {
        properties.assumeRolePolicy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
      }),
    expected: ["FARGATE-EXECUTION-ROLE exec-role"],
  });
  return faults;
}

function endpointFaults(stack: string, make: (form: StackForm) => StackBuilder, redundant: boolean): Fault[] {
  const faults: Fault[] = [];
  for (const service of INTERFACE) {
    const rule = NETWORK_RULE[service];
    faults.push({
      stack,
      link: `${service} endpoint`,
      build: (form) => make(form).remove(`${service}-endpoint`),
      expected: redundant ? [] : [`${rule} api-service`],
    });
    faults.push({
      stack,
      link: `private DNS of the ${service} endpoint`,
      build: (form) => make(form).patch(`${service}-endpoint`, (properties) => (properties.privateDnsEnabled = false)),
      expected: redundant ? [] : [`${rule} ${service}-endpoint`],
    });
    faults.push({
      stack,
      link: `subnets of the ${service} endpoint`,
      build: (form) => make(form).patch(`${service}-endpoint`, (properties) => (properties.subnetIds = [])),
      expected: redundant ? [] : [`${rule} ${service}-endpoint`],
    });
  }
  faults.push({
    stack,
    link: "S3 gateway endpoint",
    build: (form) => make(form).remove("s3-endpoint"),
    expected: redundant ? [] : ["FARGATE-S3-NETWORK api-service"],
  });
  faults.push({
    stack,
    link: "route tables of the S3 gateway",
    build: (form) => make(form).patch("s3-endpoint", (properties) => (properties.routeTableIds = [])),
    expected: redundant ? [] : ["FARGATE-S3-NETWORK s3-endpoint"],
  });
  faults.push({
    stack,
    link: "ingress of the endpoint security group",
    build: (form) => make(form).patch("endpoint-sg", (properties) => (properties.ingress = [])),
    // Not redundant even beside a NAT gateway: private DNS answers the service's name with the
    // endpoint's addresses, so the tasks connect there and never take the NAT path.
    expected: on(INTERFACE_RULES, "endpoint-sg"),
  });
  faults.push({
    stack,
    link: "port of the endpoint security group's ingress",
    build: (form) =>
      make(form).patch(
        "endpoint-sg",
        (properties) =>
          ((properties.ingress as Json[])[0] = { ...(properties.ingress as Json[])[0], fromPort: 80, toPort: 80 }),
      ),
    expected: on(INTERFACE_RULES, "endpoint-sg"),
  });
  faults.push({
    stack,
    link: "DNS hostnames of the VPC",
    build: (form) => make(form).patch("vpc", (properties) => (properties.enableDnsHostnames = false)),
    expected: redundant ? [] : on(INTERFACE_RULES, "vpc"),
  });
  return faults;
}

function sharedFaults(stack: string, make: (form: StackForm) => StackBuilder): Fault[] {
  return [
    {
      stack,
      link: "egress of the task security group",
      build: (form) => make(form).patch("task-sg", (properties) => (properties.egress = [])),
      expected: on(ALL_NETWORK_RULES, "task-sg"),
    },
    {
      stack,
      link: "DNS resolution of the VPC",
      build: (form) => make(form).patch("vpc", (properties) => (properties.enableDnsSupport = false)),
      expected: on(ALL_NETWORK_RULES, "vpc"),
    },
  ];
}

export function allFaults(): Fault[] {
  const faults: Fault[] = [];
  // Endpoints only.
  faults.push(
    ...endpointFaults("reference", referenceStack, false),
    ...sharedFaults("reference", referenceStack),
    ...iamFaults("reference", referenceStack, false),
  );
  for (const subnet of ["a", "b"]) {
    faults.push({
      stack: "reference",
      link: `route table association of subnet private-${subnet}`,
      build: (form) => referenceStack(form).remove(`private-${subnet}-rta`),
      expected: [`FARGATE-S3-NETWORK private-${subnet}`],
    });
  }
  // Network ACLs, stateless: each rule matters. The endpoints share the task subnets, and a network ACL
  // does not filter traffic inside one subnet: each task still reaches the endpoint interface in its own
  // subnet but not the one in the other, so the interface endpoints are reached only in part (one finding
  // per need), and S3 through the gateway not at all.
  const partly = INTERFACE_RULES.map(() => "FARGATE-ENDPOINT-INTERFACES");
  for (const [rule, expected] of [
    ["acl-out-https", on([...partly, "FARGATE-S3-NETWORK"], "tasks-acl")],
    ["acl-in-return", on([...partly, "FARGATE-S3-NETWORK"], "tasks-acl")],
    ["acl-in-https", on(partly, "tasks-acl")],
    ["acl-out-return", on(partly, "tasks-acl")],
  ] as const) {
    faults.push({
      stack: "nacl",
      link: `network ACL rule ${rule}`,
      build: (form) => naclStack(form).remove(rule),
      expected: [...expected],
    });
  }
  // NAT only.
  faults.push(
    {
      stack: "nat",
      link: "default route to the NAT gateway",
      build: (form) => natStack(form).remove("private-default"),
      expected: on([...ALL_NETWORK_RULES], "api-service"),
    },
    {
      stack: "nat",
      link: "internet gateway route of the NAT's subnet",
      build: (form) => natStack(form).patch("public-rt", (properties) => (properties.routes = [])),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
    {
      stack: "nat",
      link: "route table association of the NAT's subnet",
      build: (form) => natStack(form).remove("public-a-rta"),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
    {
      stack: "nat",
      link: "public connectivity of the NAT gateway",
      build: (form) => natStack(form).patch("nat-a", (properties) => (properties.connectivityType = "private")),
      expected: ["FARGATE-NAT-PLACEMENT nat-a"],
    },
    ...sharedFaults("nat", (form) => natStack(form)),
  );
  // Public subnets.
  faults.push(
    {
      stack: "public",
      link: "assignPublicIp",
      build: (form) =>
        publicStack(form).patch(
          "api-service",
          (properties) => ((properties.networkConfiguration as Json).assignPublicIp = false),
        ),
      expected: ["FARGATE-PUBLIC-IP api-service"],
    },
    {
      stack: "public",
      link: "default route to the internet gateway",
      build: (form) => publicStack(form).remove("public-default"),
      expected: on(ALL_NETWORK_RULES, "api-service"),
    },
    {
      stack: "public",
      link: "attachment of the internet gateway",
      build: (form) => publicStack(form).patch("igw", (properties) => delete properties.vpcId),
      expected: on(ALL_NETWORK_RULES, "igw"),
    },
  );
  // Two paths and two grants for everything: each single removal is redundant.
  faults.push(...endpointFaults("redundant", redundantStack, true), ...iamFaults("redundant", redundantStack, true));
  faults.push(
    {
      stack: "redundant",
      link: "default route to the NAT gateway",
      build: (form) => redundantStack(form).remove("private-default"),
      expected: [],
    },
    {
      stack: "redundant",
      link: "AWS managed policies",
      build: (form) => redundantStack(form).patch("exec-role", (properties) => delete properties.managedPolicyArns),
      expected: [],
    },
  );
  return faults;
}
