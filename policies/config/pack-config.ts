/** The pack's configuration: what a user may set, with the defaults the pack uses without it. */
import { AWS_SERVICE_KEYS, isRecord, REGION_PATTERN } from "../../model";
import type { StackConfig } from "../analysis/providers";
import type { AnalysisSettings, Assumption, StatedServiceControlPolicy } from "../analysis/settings";
import { Level, LEVELS } from "../rules/rule";

export interface Acknowledgement {
  rule: string;
  /** URN, or the resource's logical name. */
  resource: string;
  reason: string;
  /** ISO date; after it the finding is reported again, plus a FARGATE-ACK-EXPIRED violation. */
  expires?: string;
}

/**
 * Facts from outside the stack, each opt-in: without them a service whose subnets or
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

/**
 * What resource tags `fargate-preflight:ack:<RULE-ID>` may do. Anyone who can change the
 * program can write one; acknowledgements in the pack config are the organisation's own.
 */
export type TagAcknowledgements = "allowed" | "require-expiry" | "refused";
export const TAG_ACKNOWLEDGEMENTS: readonly TagAcknowledgements[] = ["allowed", "require-expiry", "refused"];

/** The whole pack configuration: what changes a verdict (AnalysisSettings) and what changes how it is reported. */
export interface PackConfig extends AnalysisSettings {
  /** Enforcement level per rule id. */
  levels: Record<string, Level>;
  /** Level of findings about facts that cannot be known at preview. */
  unknownLevel: Level;
  acknowledgements: Acknowledgement[];
  /** Whether resource tags acknowledge findings: allowed (default), only with an expiry, or refused. */
  tagAcknowledgements: TagAcknowledgements;
  context: ContextConfig;
}

export const DEFAULT_CONFIG: PackConfig = {
  levels: {},
  unknownLevel: "advisory",
  assumeReachable: [],
  acknowledgements: [],
  tagAcknowledgements: "allowed",
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
    tagAcknowledgements: TAG_ACKNOWLEDGEMENTS.includes(raw.tagAcknowledgements as TagAcknowledgements)
      ? (raw.tagAcknowledgements as TagAcknowledgements)
      : DEFAULT_CONFIG.tagAcknowledgements,
    serviceControlPolicies: Array.isArray(raw.serviceControlPolicies)
      ? (raw.serviceControlPolicies as StatedServiceControlPolicy[])
      : [],
    context: readContextConfig(raw.context),
    s3PrefixListIds: Array.isArray(raw.s3PrefixListIds)
      ? raw.s3PrefixListIds.filter((id): id is string => typeof id === "string")
      : [],
  };
}

/** The offline command's stand-in account (config key it sets when the stack's account is not given). */
export const STAND_IN_ACCOUNT_KEY = "fargate-preflight:standInAccountId";

/**
 * What a stack config (`namespace:key` → value, values of lists and objects as JSON text, as
 * the engine passes `PULUMI_CONFIG`) tells the analysis: the region, the default AWS
 * provider's settings, and the offline command's stand-in account.
 */
export function stackConfigOf(config: Readonly<Record<string, unknown>>): StackConfig {
  const awsProvider: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (key.startsWith("aws:")) awsProvider[key.slice(4)] = value;
  const standIn = config[STAND_IN_ACCOUNT_KEY];
  return {
    region: typeof config["aws:region"] === "string" ? config["aws:region"] : undefined,
    awsProvider,
    standInAccountId: typeof standIn === "string" ? standIn : undefined,
  };
}

/** The engine's stack config (`PULUMI_CONFIG`) as the analysis reads it; empty when there is none. */
export function stackConfigDefaults(env: NodeJS.ProcessEnv = process.env): StackConfig {
  let found: StackConfig | undefined;
  for (const variable of ["PULUMI_CONFIG", "PULUMI_NODEJS_CONFIG"]) {
    const text = env[variable];
    if (!text) continue;
    try {
      const config = JSON.parse(text) as unknown;
      if (!isRecord(config)) continue;
      // The first that names a region; else the first there is.
      if (typeof config["aws:region"] === "string") return stackConfigOf(config);
      found ??= stackConfigOf(config);
    } catch {
      // Not JSON: nothing to learn from it.
    }
  }
  return found ?? {};
}

/**
 * The shapes of the config's AWS identifiers, as JSON Schema patterns (the engine checks them
 * too): region names as model/partition.ts reads them, 12-digit accounts, EC2 ids.
 */
export const PATTERNS = {
  region: REGION_PATTERN.source,
  accountId: "^[0-9]{12}$",
  vpcId: "^vpc-[0-9a-f]+$",
  subnetId: "^subnet-[0-9a-f]+$",
  prefixListId: "^pl-[0-9a-f]+$",
} as const;

/** What an assumeReachable entry may serve: every need ("*"), the internet, or an AWS service's endpoint. */
export const ASSUMABLE_NEEDS: readonly string[] = ["*", "internet", ...AWS_SERVICE_KEYS];

export const CONFIG_SCHEMA = {
  properties: {
    region: {
      type: "string",
      pattern: PATTERNS.region,
      description: "AWS region of the stack when neither aws:region nor the resources tell it.",
    },
    accountId: {
      type: "string",
      pattern: PATTERNS.accountId,
      description: "AWS account id of the stack, for ARNs built from names at preview.",
    },
    levels: {
      type: "object",
      description: 'Enforcement level per rule id, e.g. { "FARGATE-EXEC-NETWORK": "mandatory" }.',
      additionalProperties: { type: "string", enum: LEVELS },
    },
    unknownLevel: {
      type: "string",
      enum: LEVELS,
      default: "advisory",
      description: "Level of findings about facts that cannot be known at preview.",
    },
    assumeReachable: {
      type: "array",
      description: "Paths outside the stack the pack cannot see (shared endpoints, transit gateway egress).",
      items: {
        type: "object",
        properties: {
          vpcId: { type: "string", pattern: PATTERNS.vpcId },
          subnetId: { type: "string", pattern: PATTERNS.subnetId },
          needs: { type: "array", items: { type: "string", enum: ASSUMABLE_NEEDS } },
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
      items: { type: "string", pattern: PATTERNS.prefixListId },
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
    tagAcknowledgements: {
      type: "string",
      enum: TAG_ACKNOWLEDGEMENTS,
      default: "allowed",
      description:
        "Whether a resource tag fargate-preflight:ack:<RULE-ID> acknowledges a finding: allowed, require-expiry (only with expires=YYYY-MM-DD), or refused (only acknowledgements in this config count). Anyone who can change the program can write a tag.",
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
