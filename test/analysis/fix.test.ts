/**
 * The one renderer of fixes: each kind's sentence (the texts findings have always shown), the
 * component phrasing, and how several fixes read as one sentence.
 */
import { strict as assert } from "assert";
import { Fix, FixKind, FixOf, fixesText, fixText } from "../../policies/analysis/fix";
import { finding, withNote } from "../../policies/rules/rule";
import { STARTUP_FIX_EXAMPLES } from "./startup-fix-examples";

const SECRETS = "com.amazonaws.eu-west-1.secretsmanager";

/** At least one example per kind: the type makes a new kind without an example a compile error. */
const EXAMPLES: { [K in FixKind]: [FixOf<K>, string][] } = {
  "add-endpoint": [
    [
      { kind: "add-endpoint", service: "secretsmanager", serviceName: SECRETS },
      `add an interface endpoint for ${SECRETS} (FargateEndpointSet creates it)`,
    ],
    [
      { kind: "add-endpoint", service: "secretsmanager", serviceName: SECRETS, orNatRoute: true },
      `add an interface endpoint for ${SECRETS} (FargateEndpointSet creates it); or give the subnet a NAT gateway route`,
    ],
    [
      { kind: "add-endpoint", service: "secretsmanager", serviceName: SECRETS, servedBy: "shop-endpoints" },
      'add "secretsmanager" to FargateEndpointSet shop-endpoints\'s `services` input',
    ],
    [
      { kind: "add-endpoint", service: "ecr.dkr", serviceName: "x", servedBy: "eps", orNatRoute: true },
      'add "ecr" to FargateEndpointSet eps\'s `services` input; or give the subnet a NAT gateway route',
    ],
    [
      { kind: "add-endpoint", service: "ssmmessages", serviceName: "x", servedBy: "eps" },
      'add "ssmmessages" to FargateEndpointSet eps\'s `services` input (or set its enableExecuteCommand: true)',
    ],
    [
      { kind: "add-endpoint", service: "s3", serviceName: "com.amazonaws.eu-west-1.s3" },
      "add an S3 gateway endpoint on the task subnets' route tables (with a FargateEndpointSet, its `routeTableIds` input)",
    ],
  ],
  "allow-in-endpoint-policy": [
    [
      { kind: "allow-in-endpoint-policy", grant: { action: "s3:GetObject", resource: "arn:aws:s3:::b/*" } },
      "allow s3:GetObject on arn:aws:s3:::b/* in the endpoint policy",
    ],
  ],
  "allow-aws-owned-in-endpoint-policy": [
    [
      {
        kind: "allow-aws-owned-in-endpoint-policy",
        grant: { action: "s3:GetObject", resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*" },
        endpoint: "endpoint s3-endpoint",
      },
      "add a statement to the policy of endpoint s3-endpoint that allows s3:GetObject on arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/* with no account condition (the bucket belongs to AWS; a FargateEndpointSet's S3 gateway policy always has it)",
    ],
  ],
  "allow-in-key-policy": [
    [
      {
        kind: "allow-in-key-policy",
        keyPolicy: "key policy of params-key",
        actions: ["kms:Decrypt"],
        roleArn: "arn:aws:iam::111122223333:role/exec",
        accountRoot: "arn:aws:iam::111122223333:root",
      },
      'add a statement to the key policy of params-key that allows kms:Decrypt to the execution role (Principal {"AWS": "arn:aws:iam::111122223333:role/exec"}), or the statement that lets the account\'s IAM policies decide (Principal {"AWS": "arn:aws:iam::111122223333:root"}, Action "kms:*") beside a grant on the role: a grant on the role alone does not count while the key policy allows neither',
    ],
  ],
  "set-private-dns": [[{ kind: "set-private-dns" }, "set privateDnsEnabled: true on the endpoint"]],
  "endpoint-subnets": [
    [{ kind: "endpoint-subnets" }, "give the endpoint one subnet per Availability Zone the tasks use"],
  ],
  "associate-route-table": [
    [
      { kind: "associate-route-table" },
      "associate the subnet with a route table and add it to the S3 gateway endpoint's routeTableIds",
    ],
  ],
  "add-route-table-to-gateway": [
    [
      { kind: "add-route-table-to-gateway", table: "rt-a", via: { input: "routeTableIds", set: "eps" } },
      "add route table rt-a to the endpoint's routeTableIds (FargateEndpointSet eps's `routeTableIds` input)",
    ],
    [
      { kind: "add-route-table-to-gateway", table: "rt-a", via: { input: "routeTableIds" } },
      "add route table rt-a to the endpoint's routeTableIds (with a FargateEndpointSet, its `routeTableIds` input)",
    ],
  ],
  "set-vpc-flag": [[{ kind: "set-vpc-flag", property: "enableDnsSupport" }, "set enableDnsSupport: true on the VPC"]],
  "nat-route": [
    [
      { kind: "nat-route" },
      "add a NAT gateway route (or, for AWS services only, VPC endpoints: no endpoint serves a registry outside AWS)",
    ],
  ],
  "blackhole-route": [
    [{ kind: "blackhole-route", on: "endpoint-path" }, "delete the blackhole route"],
    [
      { kind: "blackhole-route", on: "internet-path" },
      "delete the blackhole route, or point it at a NAT gateway or internet gateway that exists",
    ],
    [{ kind: "blackhole-route", on: "nat-subnet" }, "replace the blackhole route with a route to an internet gateway"],
  ],
  "attach-internet-gateway": [
    [{ kind: "attach-internet-gateway", vpc: "nat-vpc" }, "attach the internet gateway to the VPC"],
    [{ kind: "attach-internet-gateway", vpc: "task-vpc" }, "attach the internet gateway to the task's VPC"],
  ],
  "public-nat": [[{ kind: "public-nat" }, 'use connectivityType "public"']],
  "nat-in-public-subnet": [
    [
      { kind: "nat-in-public-subnet" },
      "place the NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to an internet gateway)",
    ],
  ],
  "assign-public-ip": [
    [
      { kind: "assign-public-ip" },
      "set networkConfiguration.assignPublicIp: true, or use private subnets with a NAT gateway or VPC endpoints (FargateEndpointSet)",
    ],
  ],
  "allow-endpoint-ingress": [
    [
      { kind: "allow-endpoint-ingress", port: 443, via: { input: "taskSecurityGroupIds" } },
      "allow ingress TCP 443 from the task security group on the endpoint's security group (with a FargateEndpointSet, its `taskSecurityGroupIds` input)",
    ],
  ],
  "allow-mount-target-ingress": [
    [
      { kind: "allow-mount-target-ingress", port: 2049 },
      "allow ingress TCP 2049 from the task security group on the mount target",
    ],
  ],
  "allow-task-egress": [
    [
      { kind: "allow-task-egress", port: 443, to: "0.0.0.0/0" },
      "add an egress rule for TCP 443 to 0.0.0.0/0 on the task security group",
    ],
  ],
  "allow-nacl": [
    [
      { kind: "allow-nacl", side: "client", port: 443, peer: "10.0.1.0/24" },
      "allow outbound TCP 443 and inbound TCP 1024-65535 for 10.0.1.0/24, numbered before any rule that denies them",
    ],
    [
      { kind: "allow-nacl", side: "server", port: 2049, peer: "10.0.1.0/24" },
      "allow inbound TCP 2049 and outbound TCP 1024-65535 for 10.0.1.0/24, numbered before any rule that denies them",
    ],
  ],
  "add-mount-target": [[{ kind: "add-mount-target" }, "add a mount target in every Availability Zone the tasks use"]],
  grant: [
    [
      { kind: "grant", role: "execution", grants: [{ action: "ssm:GetParameters", resource: "arn:p" }] },
      "allow ssm:GetParameters on arn:p on the execution role (FargateExecutionRole grants exactly these when given the container definitions)",
    ],
    [
      {
        kind: "grant",
        role: "execution",
        grants: [
          { action: "a:B", resource: "r1" },
          { action: "a:C", resource: "r2" },
        ],
        denied: true,
      },
      "allow a:B on r1, a:C on r2 on the execution role (FargateExecutionRole grants exactly these when given the container definitions), and remove the Deny",
    ],
    [
      {
        kind: "grant",
        role: "task",
        grants: [{ action: "elasticfilesystem:ClientMount", resource: "arn:fs" }],
      },
      "allow elasticfilesystem:ClientMount on arn:fs on the task role",
    ],
    [
      {
        kind: "grant",
        role: "execution",
        grants: [{ action: "ssm:GetParameters", resource: "arn:p" }],
        component: { role: "shop-execution", input: "parameters", value: "/shop/db" },
      },
      "add /shop/db to FargateExecutionRole shop-execution's `parameters` input, or give it the task definition's container definitions in `containerDefinitions` (it then allows ssm:GetParameters on arn:p)",
    ],
  ],
  "set-execution-role": [
    [
      { kind: "set-execution-role" },
      "set executionRoleArn to a role trusting ecs-tasks.amazonaws.com (new FargateExecutionRole(...).role.arn)",
    ],
  ],
  "trust-ecs-tasks": [
    [
      { kind: "trust-ecs-tasks" },
      'allow { "Service": "ecs-tasks.amazonaws.com" } to call sts:AssumeRole in assumeRolePolicy',
    ],
  ],
  "valid-policy-statements": [
    [
      { kind: "valid-policy-statements" },
      'write each statement with "Effect": "Allow" or "Deny" (exactly), one of Action/NotAction, one of Resource/NotResource, and only the elements IAM knows',
    ],
  ],
  "correct-field": [[{ kind: "correct-field", field: "containerDefinitions" }, "correct containerDefinitions"]],
  "use-secret-arn": [
    [{ kind: "use-secret-arn" }, "use the secret's arn output in the container definitions instead of a literal ARN"],
  ],
  "use-parameter-arn": [
    [
      { kind: "use-parameter-arn" },
      "a parameter in another region must be referenced by its full ARN (parameter.arn), and the task needs an internet path to that region",
    ],
  ],
  "share-endpoint": [
    [
      { kind: "share-endpoint", extra: "ep-2" },
      "remove ep-2 and share the first (FargateEndpointSet existingEndpoints), or set privateDnsEnabled: false on it",
    ],
  ],
  "refresh-export": [
    [
      { kind: "refresh-export" },
      "export the network stack again after `pulumi refresh`, and check that the app stack reads the right stack, account and region",
    ],
  ],
  "renew-acknowledgement": [
    [{ kind: "renew-acknowledgement" }, "fix the finding, or renew the acknowledgement with a new expiry date"],
  ],
  "correct-pack-config": [
    [
      { kind: "correct-pack-config" },
      "correct the policy pack config (pulumi preview --policy-pack-config, or the policy group's config); `npx fargate-preflight check --config <file>` checks it offline",
    ],
  ],
  ...STARTUP_FIX_EXAMPLES,
};

describe("fixes as data, rendered once", () => {
  for (const [kind, examples] of Object.entries(EXAMPLES) as [FixKind, [Fix, string][]][]) {
    it(`${kind}: its sentence`, () => {
      for (const [fix, text] of examples) assert.equal(fixText(fix), text);
    });
  }

  it("names the missing interface endpoints of one need together, with the NAT alternative once", () => {
    const endpoint = (service: "ecr.api" | "ecr.dkr", orNatRoute: boolean): Fix => ({
      kind: "add-endpoint",
      service,
      serviceName: `com.amazonaws.eu-west-1.${service}`,
      orNatRoute,
    });
    assert.equal(
      fixesText([endpoint("ecr.api", true), endpoint("ecr.dkr", false)]),
      "add interface endpoints for com.amazonaws.eu-west-1.ecr.api and com.amazonaws.eu-west-1.ecr.dkr (FargateEndpointSet creates them); or give the subnet a NAT gateway route",
    );
    assert.equal(
      fixesText([endpoint("ecr.api", false), endpoint("ecr.dkr", false)]),
      "add interface endpoints for com.amazonaws.eu-west-1.ecr.api and com.amazonaws.eu-west-1.ecr.dkr (FargateEndpointSet creates them)",
    );
  });

  it("says each fix once, and joins other fixes with '; '", () => {
    const port: Fix = { kind: "allow-task-egress", port: 443, to: "0.0.0.0/0" };
    assert.equal(fixesText([port, port]), fixText(port));
    assert.equal(fixesText([port, { kind: "nat-route" }]), `${fixText(port)}; ${fixText({ kind: "nat-route" })}`);
    // The set's entry for ecr.api and ecr.dkr is the same "ecr": said once.
    const served = (service: "ecr.api" | "ecr.dkr"): Fix => ({
      kind: "add-endpoint",
      service,
      serviceName: service,
      servedBy: "eps",
    });
    assert.equal(
      fixesText([served("ecr.api"), served("ecr.dkr")]),
      'add "ecr" to FargateEndpointSet eps\'s `services` input',
    );
  });

  it("a finding's message is its parts, one per line, and a note is one more line", () => {
    const found = finding("FARGATE-X", "urn:x", {
      problem: "Something is wrong.",
      consequence: { kind: "tasks-stop", error: "ResourceInitializationError: boom" },
      fixes: [{ kind: "nat-route" }],
    });
    assert.equal(
      found.message,
      "Something is wrong.\nTasks will stop with: ResourceInitializationError: boom\n" +
        `Fix: ${fixText({ kind: "nat-route" })}.`,
    );
    assert.equal(finding("FARGATE-X", "", { problem: "Only this." }).message, "Only this.");
    assert.equal(withNote(found, "(a note)").message, `${found.message}\n(a note)`);
    assert.deepEqual(withNote(found, "(a note)").parts.notes, ["(a note)"]);
  });
});
