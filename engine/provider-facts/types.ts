/**
 * The shape of the provider-fact table: what the bridged AWS provider (@pulumi/aws, built from
 * the Terraform AWS provider) and AWS do with one resource type, from the program's inputs to
 * the state after create. docs/ARCHITECTURE.md ("The engine imitation") says how the engine
 * carries these states to a policy pack.
 */
import type { Properties } from "../stack-resource";

/** The value an unset attribute has after create: known, or picked by AWS and so unknowable before. */
export type CreateValue =
  | { known: true; value: unknown }
  | { known: false; /** The program input that would make the fact known. */ settleWith: string };

/**
 * What the simulator knows of the account and region a resource is created in, to write the
 * values AWS assigns (ids, ARNs, URLs, zones). Built once per resource by the simulator.
 */
export interface AssignContext {
  /** The resource's name in the program (the seed of every generated value). */
  name: string;
  /** The state so far: inputs after Check and the create-time values of unset attributes. */
  state: Properties;
  region: string;
  accountId: string;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>` (the region's partition). */
  arn(service: string, resource: string): string;
  /** An ARN of a global service (IAM): `arn:<partition>:<service>::<account>:<resource>`. */
  globalArn(service: string, resource: string): string;
  /** Host name suffix of the region's endpoints (`amazonaws.com`, `amazonaws.com.cn`). */
  dnsSuffix: string;
  /** Hex digits derived stably from a seed: the same program gets the same ids on every run. */
  hex(seed: string, length: number): string;
  /** A zone of the region that AWS would pick, stably per seed. */
  pickZone(seed: string): string;
  /** The zone id of a zone name, in AWS's form (`euw1-az1`). */
  zoneId(zone: string): string;
}

/** A value AWS picks at create for an attribute whose create-time value is unknowable at preview. */
export interface PickedByAws {
  /** The value a deployed state holds (plausible: the simulator cannot ask AWS). */
  value: (context: AssignContext) => unknown;
  source: string;
}

export interface ComputedAttribute {
  whenUnset: (inputs: Properties) => CreateValue;
  /** Other inputs `whenUnset` reads (kept by the Analyze capture). */
  reads?: readonly string[];
  /** For an attribute `whenUnset` may call unknowable: what AWS picks, for the deployed form. */
  pickedByAws?: PickedByAws;
  source: string;
}

/** The attributes AWS assigns at create (ids, ARNs, URLs), as the deployed state holds them. */
export interface DeployedOutputs {
  /** The id included: each entry says what the id is (a name, an ARN, a generated id). */
  assign: (context: AssignContext) => Properties;
  source: string;
}

export interface ResourceFacts {
  /** The provider's resource file: the schema the outputs, defaults and autoname come from. */
  schema: string;
  /** Attributes only the provider sets (ids, ARNs): unknown at a first preview. */
  outputs: readonly string[];
  /** Attributes with a schema default, filled in by the provider's Check (`a.b` = in each block `a`). */
  defaults: Readonly<Record<string, unknown>>;
  /** The name attribute Check fills in by autonaming when the program gives none. */
  autoName?: string;
  /** Optional+Computed attributes the pack reads: unknown at a first preview when unset. */
  optionalComputed: Readonly<Record<string, ComputedAttribute>>;
  /**
   * Attributes besides `id` and `arn` that identify the resource: another resource's input may
   * hold one of them to name it (a role by name, a key by key id, a task definition by family).
   */
  identifiers?: readonly string[];
  /**
   * The prefix of the ids AWS generates for the type (`vpc` for `vpc-0a1b…`): a deployed
   * resource's id when its deployed outputs do not give one.
   */
  idPrefix?: string;
  /** What AWS assigns at create; without it the deployed state gets only a generated id. */
  deployed?: DeployedOutputs;
}

export type FactTable = Readonly<Record<string, ResourceFacts>>;

/** Where most facts come from: the Terraform AWS provider's resource files (hashicorp/terraform-provider-aws). */
export const TF = "terraform-provider-aws internal/service/";

/** An attribute whose value after create is certain. */
export const value =
  (known: unknown): ComputedAttribute["whenUnset"] =>
  () => ({ known: true, value: known });

/** A list attribute that holds nothing after create (separate resources add to it). */
export const none: ComputedAttribute["whenUnset"] = value([]);

/** An attribute whose value after create AWS picks: unknowable at preview. */
export const unknowable =
  (settleWith: string): ComputedAttribute["whenUnset"] =>
  () => ({ known: false, settleWith });

/** A type that only the provider's id names (associations, attachments, rules): nothing else assigned. */
export const idOnly = (schema: string, outputs: readonly string[] = ["id"]): ResourceFacts => ({
  schema,
  outputs,
  defaults: {},
  optionalComputed: {},
});
