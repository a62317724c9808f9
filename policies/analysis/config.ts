/** The pack's configuration: what a user may set, with the defaults the pack uses without it. */

export type Level = "mandatory" | "advisory" | "disabled";

export interface Assumption {
  /** A VPC, or a subnet, outside what the pack can see (given by id). */
  vpcId?: string;
  subnetId?: string;
  /** AWS service keys (`secretsmanager`, `ecr.api`, ...), `internet`, or `*` for everything. */
  needs: string[];
  /** Why it holds (a hub endpoint, transit gateway egress...): mandatory, shown in reports. */
  reason: string;
}

export interface Acknowledgement {
  rule: string;
  /** URN, or the resource's logical name. */
  resource: string;
  reason: string;
  /** ISO date; after it the finding is reported again, plus a FARGATE-ACK-EXPIRED violation. */
  expires?: string;
}

/**
 * A service control policy of the stack's account, stated in config: SCPs live in AWS
 * Organizations, outside any stack, so the pack sees only those written here.
 */
export interface StatedServiceControlPolicy {
  name: string;
  /** The SCP document, as JSON text or an object. */
  policy: unknown;
  /** Where it comes from (OU, account): shown in reports. */
  reason: string;
}

/**
 * Facts from outside the stack (issue 15), each opt-in: without them a service whose subnets or
 * security groups live in another stack can only be "unknown".
 */
export interface ContextConfig {
  /** Files written by `pulumi stack export` (absolute, or relative to the pack's working directory). */
  stackExports: string[];
  /**
   * Stacks to obtain with `pulumi stack export --stack <name>` from the CLI on PATH: a list of
   * names, or true for the `pulumi:pulumi:StackReference` resources the pack is sent.
   */
  stackReferences: boolean | string[];
  /** Describe the services' subnets and their VPCs' network live with the AWS SDK (optional peer @aws-sdk/client-ec2). */
  aws: boolean;
  /** Time limit of one `pulumi stack export`, and of the whole live description, in seconds. */
  timeoutSeconds: number;
}

export const DEFAULT_CONTEXT: ContextConfig = {
  stackExports: [],
  stackReferences: false,
  aws: false,
  timeoutSeconds: 30,
};

export interface PackConfig {
  region?: string;
  accountId?: string;
  /** Enforcement level per rule id. */
  levels: Record<string, Level>;
  /** Level of findings about facts that cannot be known at preview. */
  unknownLevel: Level;
  assumeReachable: Assumption[];
  acknowledgements: Acknowledgement[];
  serviceControlPolicies: StatedServiceControlPolicy[];
  context: ContextConfig;
  /** Ids of the region's S3 prefix list (com.amazonaws.<region>.s3), for ids the stack names as literals. */
  s3PrefixListIds: string[];
}

export const DEFAULT_CONFIG: PackConfig = {
  levels: {},
  unknownLevel: "advisory",
  assumeReachable: [],
  acknowledgements: [],
  serviceControlPolicies: [],
  context: DEFAULT_CONTEXT,
  s3PrefixListIds: [],
};

/** Whether any source of outside facts is turned on. */
export function contextConfigured(config: PackConfig): boolean {
  return config.context.stackExports.length > 0 || config.context.stackReferences !== false || config.context.aws;
}

function readContextConfig(raw: unknown): ContextConfig {
  if (!isRecord(raw)) return DEFAULT_CONTEXT;
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item !== "") : [];
  const references = raw.stackReferences;
  const timeout = raw.timeoutSeconds;
  return {
    stackExports: strings(raw.stackExports),
    stackReferences: Array.isArray(references) ? strings(references) : references === true,
    aws: raw.aws === true,
    timeoutSeconds:
      typeof timeout === "number" && timeout > 0 && timeout <= 600 ? timeout : DEFAULT_CONTEXT.timeoutSeconds,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads config as the engine passes it (already checked against the schema), with defaults. */
export function readPackConfig(raw: unknown): PackConfig {
  if (!isRecord(raw)) return { ...DEFAULT_CONFIG };
  const levels = isRecord(raw.levels) ? (raw.levels as Record<string, Level>) : {};
  return {
    region: typeof raw.region === "string" ? raw.region : undefined,
    accountId: typeof raw.accountId === "string" ? raw.accountId : undefined,
    levels,
    unknownLevel: (raw.unknownLevel as Level) ?? DEFAULT_CONFIG.unknownLevel,
    assumeReachable: Array.isArray(raw.assumeReachable) ? (raw.assumeReachable as Assumption[]) : [],
    acknowledgements: Array.isArray(raw.acknowledgements) ? (raw.acknowledgements as Acknowledgement[]) : [],
    serviceControlPolicies: Array.isArray(raw.serviceControlPolicies)
      ? (raw.serviceControlPolicies as StatedServiceControlPolicy[])
      : [],
    context: readContextConfig(raw.context),
    s3PrefixListIds: Array.isArray(raw.s3PrefixListIds)
      ? raw.s3PrefixListIds.filter((id): id is string => typeof id === "string")
      : [],
  };
}

/** Region and account from the engine's stack config (`PULUMI_CONFIG`), when the pack config has none. */
export function stackConfigDefaults(env: NodeJS.ProcessEnv = process.env): { region?: string } {
  for (const variable of ["PULUMI_CONFIG", "PULUMI_NODEJS_CONFIG"]) {
    const text = env[variable];
    if (!text) continue;
    try {
      const config = JSON.parse(text) as Record<string, unknown>;
      if (typeof config["aws:region"] === "string") return { region: config["aws:region"] };
    } catch {
      // Not JSON: nothing to learn from it.
    }
  }
  return {};
}

const LEVEL_NAMES = ["mandatory", "advisory", "disabled"];

export const CONFIG_SCHEMA = {
  properties: {
    region: {
      type: "string",
      description: "AWS region of the stack when neither aws:region nor the resources tell it.",
    },
    accountId: { type: "string", description: "AWS account id of the stack, for ARNs built from names at preview." },
    levels: {
      type: "object",
      description: 'Enforcement level per rule id, e.g. { "FARGATE-EXEC-NETWORK": "mandatory" }.',
      additionalProperties: { type: "string", enum: LEVEL_NAMES },
    },
    unknownLevel: {
      type: "string",
      enum: LEVEL_NAMES,
      default: "advisory",
      description: "Level of findings about facts that cannot be known at preview.",
    },
    assumeReachable: {
      type: "array",
      description: "Paths outside the stack the pack cannot see (shared endpoints, transit gateway egress).",
      items: {
        type: "object",
        properties: {
          vpcId: { type: "string" },
          subnetId: { type: "string" },
          needs: { type: "array", items: { type: "string" } },
          reason: { type: "string", minLength: 10 },
        },
        required: ["needs", "reason"],
      },
    },
    serviceControlPolicies: {
      type: "array",
      description:
        "Service control policies that apply to the stack's account (they live in AWS Organizations, outside the stack): each must allow, and none deny, every start-up call.",
      items: {
        type: "object",
        properties: {
          name: { type: "string" },
          policy: { type: ["object", "string"] },
          reason: { type: "string", minLength: 10 },
        },
        required: ["name", "policy", "reason"],
      },
    },
    s3PrefixListIds: {
      type: "array",
      description:
        "Ids of the region's S3 prefix list (com.amazonaws.<region>.s3, e.g. from aws.ec2.getPrefixList), so security group rules naming it are recognised as allowing S3.",
      items: { type: "string", pattern: "^pl-[0-9a-f]+$" },
    },
    acknowledgements: {
      type: "array",
      description: "Findings accepted on purpose, each with a reason and an optional expiry date.",
      items: {
        type: "object",
        properties: {
          rule: { type: "string" },
          resource: { type: "string" },
          reason: { type: "string", minLength: 10 },
          expires: { type: "string" },
        },
        required: ["rule", "resource", "reason"],
      },
    },
    context: {
      type: "object",
      description:
        "Facts from outside the stack (the network stack the services run in); each source is off unless set here.",
      properties: {
        stackExports: {
          type: "array",
          description:
            "Files written by `pulumi stack export` (absolute paths, or relative to the policy pack directory).",
          items: { type: "string" },
        },
        stackReferences: {
          type: ["boolean", "array"],
          description:
            "Stacks to read with `pulumi stack export --stack <name>` from the Pulumi CLI on PATH: their names, or true for the StackReference resources the pack is sent.",
          items: { type: "string" },
        },
        aws: {
          type: "boolean",
          default: false,
          description:
            "Describe the services' subnets and their VPCs (route tables, endpoints, security groups, network ACLs, NAT and internet gateways) live with the AWS SDK and the preview's credentials; needs @aws-sdk/client-ec2 installed.",
        },
        timeoutSeconds: {
          type: "number",
          minimum: 1,
          maximum: 600,
          default: 30,
          description: "Time limit of one `pulumi stack export`, and of the live AWS description.",
        },
      },
      additionalProperties: false,
    },
  },
} as const;

/** An ISO date (YYYY-MM-DD, optionally with a time) that is a real day. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!match) return false;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${match[1]}-${match[2]}-${match[3]}`);
}

/** When an acknowledgement's `expires` ends it: a date lasts to the end of that day (UTC); undefined when not an ISO date. */
export function expiryTime(text: string): number | undefined {
  if (!isIsoDate(text)) return undefined;
  return text.length === 10 ? new Date(`${text}T23:59:59.999Z`).getTime() : new Date(text).getTime();
}
