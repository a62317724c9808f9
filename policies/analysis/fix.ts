/**
 * A fix is data: what to change, as a discriminated union that the analysis and the rules
 * produce, rendered to text here and nowhere else. Reports that need the fix apart from the
 * message (JSON, Markdown) read this data; nothing parses a fix back out of text.
 *
 * Adding a kind: add a member to `Fix` (kebab-case verb first, fields for what varies) and
 * its sentence to `FIX_TEXT`; the compiler refuses a kind without a sentence. The sentence is
 * lower case with no final full stop: a finding writes `Fix: <text>.`, and several fixes are
 * joined with "; ". See docs/adding-a-rule.md.
 */
import { AWS_SERVICES, AwsServiceKey, RoleKind, servicesEntryFor } from "../../model";
import { STARTUP_FIX_TEXT, StartupFix } from "./startup-fixes";

/**
 * A FargateEndpointSet input that makes the change. `set` names the set that manages the
 * resource to change; without it the text says what a set would take, since editing a resource
 * no set manages is the fix either way.
 */
export interface EndpointSetInput {
  input: "routeTableIds" | "taskSecurityGroupIds";
  set?: string;
}

/** One action on one resource to allow (the least-privilege resource pattern). */
export interface Grant {
  action: string;
  resource: string;
}

export type Fix =
  // Network: endpoints.
  | {
      kind: "add-endpoint";
      service: AwsServiceKey;
      /** The endpoint service name (com.amazonaws.<region>.<service>). */
      serviceName: string;
      /** The FargateEndpointSet that serves the task's VPC: the fix is one more entry of its `services`. */
      servedBy?: string;
      /** Neither an endpoint nor an internet path exists: a NAT gateway route would do too. */
      orNatRoute?: boolean;
    }
  | { kind: "allow-in-endpoint-policy"; grant: Grant }
  /** A call on a resource AWS owns (the ECR layer bucket) that an endpoint policy limits to the customer's account. */
  | { kind: "allow-aws-owned-in-endpoint-policy"; grant: Grant; endpoint: string }
  | { kind: "set-private-dns" }
  | { kind: "endpoint-subnets" }
  | { kind: "associate-route-table" }
  | { kind: "add-route-table-to-gateway"; table: string; via: EndpointSetInput }
  // Network: VPC, routes and gateways.
  | { kind: "set-vpc-flag"; property: "enableDnsSupport" | "enableDnsHostnames" }
  | { kind: "nat-route" }
  /** A blackhole route on the path: to an endpoint's interface, to the internet, or in a NAT gateway's subnet. */
  | { kind: "blackhole-route"; on: "endpoint-path" | "internet-path" | "nat-subnet" }
  /** An internet gateway not attached to the VPC of the NAT gateway's subnet, or of the task's subnet. */
  | { kind: "attach-internet-gateway"; vpc: "nat-vpc" | "task-vpc" }
  | { kind: "public-nat" }
  | { kind: "nat-in-public-subnet" }
  | { kind: "assign-public-ip" }
  // Network: security groups, network ACLs, EFS.
  | { kind: "allow-endpoint-ingress"; port: number; via: EndpointSetInput }
  | { kind: "allow-mount-target-ingress"; port: number }
  | { kind: "allow-task-egress"; port: number; to: string }
  | { kind: "allow-nacl"; side: "client" | "server"; port: number; peer: string }
  | { kind: "add-mount-target" }
  // IAM.
  | {
      kind: "grant";
      role: RoleKind;
      grants: readonly Grant[];
      /** An explicit Deny stands in the way too. */
      denied?: boolean;
      /** The FargateExecutionRole whose input grants them: its name, the input, and what to list. */
      component?: { role: string; input: string; value: string };
    }
  /** A key policy that neither names the role nor delegates to the account: no grant on the role helps. */
  | { kind: "allow-in-key-policy"; keyPolicy: string; actions: readonly string[]; roleArn: string; accountRoot: string }
  | { kind: "set-execution-role" }
  | { kind: "trust-ecs-tasks" }
  | { kind: "valid-policy-statements" }
  // Task definitions and references.
  | { kind: "correct-field"; field: string }
  | { kind: "use-secret-arn" }
  | { kind: "use-parameter-arn" }
  | { kind: "share-endpoint"; extra: string }
  // Outside facts and the pack's own configuration.
  | { kind: "refresh-export" }
  | { kind: "renew-acknowledgement" }
  | { kind: "correct-pack-config" }
  // What the start-up rules beyond network and IAM ask for.
  | StartupFix;

export type FixKind = Fix["kind"];
export type FixOf<K extends FixKind> = Extract<Fix, { kind: K }>;

const OR_NAT_ROUTE = "; or give the subnet a NAT gateway route";

function setInputText({ input, set }: EndpointSetInput): string {
  return set ? `FargateEndpointSet ${set}'s \`${input}\` input` : `with a FargateEndpointSet, its \`${input}\` input`;
}

function grantsText(grants: readonly Grant[]): string {
  return grants.map((grant) => `${grant.action} on ${grant.resource}`).join(", ");
}

/** The sentence of each kind: one entry per kind, so a new kind does not compile without its text. */
const FIX_TEXT: { [K in FixKind]: (fix: FixOf<K>) => string } = {
  "add-endpoint": (fix) => {
    const nat = fix.orNatRoute ? OR_NAT_ROUTE : "";
    if (fix.servedBy)
      return (
        `add "${servicesEntryFor(fix.service)}" to FargateEndpointSet ${fix.servedBy}'s \`services\` input` +
        (fix.service === "ssmmessages" ? " (or set its enableExecuteCommand: true)" : "") +
        nat
      );
    if (AWS_SERVICES[fix.service].endpointType === "Gateway")
      return `add an S3 gateway endpoint on the task subnets' route tables (${setInputText({ input: "routeTableIds" })})${nat}`;
    return `add an interface endpoint for ${fix.serviceName} (FargateEndpointSet creates it)${nat}`;
  },
  "allow-in-endpoint-policy": (fix) => `allow ${grantsText([fix.grant])} in the endpoint policy`,
  "allow-aws-owned-in-endpoint-policy": (fix) =>
    `add a statement to the policy of ${fix.endpoint} that allows ${grantsText([fix.grant])} with no account condition (the bucket belongs to AWS; a FargateEndpointSet's S3 gateway policy always has it)`,
  "set-private-dns": () => "set privateDnsEnabled: true on the endpoint",
  "endpoint-subnets": () => "give the endpoint one subnet per Availability Zone the tasks use",
  "associate-route-table": () =>
    "associate the subnet with a route table and add it to the S3 gateway endpoint's routeTableIds",
  "add-route-table-to-gateway": (fix) =>
    `add route table ${fix.table} to the endpoint's routeTableIds (${setInputText(fix.via)})`,
  "set-vpc-flag": (fix) => `set ${fix.property}: true on the VPC`,
  "nat-route": () =>
    "add a NAT gateway route (or, for AWS services only, VPC endpoints: no endpoint serves a registry outside AWS)",
  "blackhole-route": (fix) =>
    fix.on === "endpoint-path"
      ? "delete the blackhole route"
      : fix.on === "internet-path"
        ? "delete the blackhole route, or point it at a NAT gateway or internet gateway that exists"
        : "replace the blackhole route with a route to an internet gateway",
  "attach-internet-gateway": (fix) =>
    `attach the internet gateway to ${fix.vpc === "task-vpc" ? "the task's VPC" : "the VPC"}`,
  "public-nat": () => 'use connectivityType "public"',
  "nat-in-public-subnet": () =>
    "place the NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to an internet gateway)",
  "assign-public-ip": () =>
    "set networkConfiguration.assignPublicIp: true, or use private subnets with a NAT gateway or VPC endpoints (FargateEndpointSet)",
  "allow-endpoint-ingress": (fix) =>
    `allow ingress TCP ${fix.port} from the task security group on the endpoint's security group (${setInputText(fix.via)})`,
  "allow-mount-target-ingress": (fix) =>
    `allow ingress TCP ${fix.port} from the task security group on the mount target`,
  "allow-task-egress": (fix) => `add an egress rule for TCP ${fix.port} to ${fix.to} on the task security group`,
  "allow-nacl": (fix) =>
    `${fix.side === "client" ? `allow outbound TCP ${fix.port} and inbound TCP 1024-65535` : `allow inbound TCP ${fix.port} and outbound TCP 1024-65535`} for ${fix.peer}, numbered before any rule that denies them`,
  "add-mount-target": () => "add a mount target in every Availability Zone the tasks use",
  "allow-in-key-policy": (fix) =>
    `add a statement to the ${fix.keyPolicy} that allows ${fix.actions.join(", ")} to the execution role (Principal {"AWS": "${fix.roleArn}"}), ` +
    `or the statement that lets the account's IAM policies decide (Principal {"AWS": "${fix.accountRoot}"}, Action "kms:*") beside a grant on the role: ` +
    "a grant on the role alone does not count while the key policy allows neither",
  grant: (fix) =>
    fix.component
      ? `add ${fix.component.value} to FargateExecutionRole ${fix.component.role}'s \`${fix.component.input}\` input, or give it the task definition's container definitions in \`containerDefinitions\` (it then allows ${grantsText(fix.grants)})`
      : `allow ${grantsText(fix.grants)} on the ${fix.role} role` +
        // FargateExecutionRole makes execution roles only; a task role's grants are the application's own.
        (fix.role === "execution"
          ? " (FargateExecutionRole grants exactly these when given the container definitions)"
          : "") +
        (fix.denied ? ", and remove the Deny" : ""),
  "set-execution-role": () =>
    "set executionRoleArn to a role trusting ecs-tasks.amazonaws.com (new FargateExecutionRole(...).role.arn)",
  "trust-ecs-tasks": () => 'allow { "Service": "ecs-tasks.amazonaws.com" } to call sts:AssumeRole in assumeRolePolicy',
  "valid-policy-statements": () =>
    'write each statement with "Effect": "Allow" or "Deny" (exactly), one of Action/NotAction, one of Resource/NotResource, and only the elements IAM knows',
  "correct-field": (fix) => `correct ${fix.field}`,
  "use-secret-arn": () => "use the secret's arn output in the container definitions instead of a literal ARN",
  "use-parameter-arn": () =>
    "a parameter in another region must be referenced by its full ARN (parameter.arn), and the task needs an internet path to that region",
  "share-endpoint": (fix) =>
    `remove ${fix.extra} and share the first (FargateEndpointSet existingEndpoints), or set privateDnsEnabled: false on it`,
  "refresh-export": () =>
    "export the network stack again after `pulumi refresh`, and check that the app stack reads the right stack, account and region",
  "renew-acknowledgement": () => "fix the finding, or renew the acknowledgement with a new expiry date",
  "correct-pack-config": () =>
    "correct the policy pack config (pulumi preview --policy-pack-config, or the policy group's config); `npx fargate-preflight check --config <file>` checks it offline",
  ...STARTUP_FIX_TEXT,
};

/** One fix as a sentence. */
export function fixText(fix: Fix): string {
  return (FIX_TEXT[fix.kind] as (fix: Fix) => string)(fix);
}

/** The fixes that read differently, in order: the same change for two subnets is said once. */
export function distinctFixes(fixes: readonly Fix[]): Fix[] {
  const unique = new Map<string, Fix>();
  for (const fix of fixes) {
    const text = fixText(fix);
    if (!unique.has(text)) unique.set(text, fix);
  }
  return [...unique.values()];
}

/** An interface endpoint no FargateEndpointSet serves: several of these read as one sentence. */
function plainInterfaceEndpoint(fix: Fix): fix is FixOf<"add-endpoint"> {
  return fix.kind === "add-endpoint" && !fix.servedBy && AWS_SERVICES[fix.service].endpointType === "Interface";
}

/**
 * Several fixes as one sentence, each said once: the missing interface endpoints of one need
 * (ecr.api and ecr.dkr) named together, with the NAT alternative once; others joined by "; ".
 */
export function fixesText(fixes: readonly Fix[]): string {
  const distinct = distinctFixes(fixes);
  if (distinct.length < 2 || !distinct.every(plainInterfaceEndpoint)) return distinct.map(fixText).join("; ");
  const names = distinct.map((fix) => fix.serviceName);
  const nat = distinct.some((fix) => fix.orNatRoute) ? OR_NAT_ROUTE : "";
  return `add interface endpoints for ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} (FargateEndpointSet creates them)${nat}`;
}
