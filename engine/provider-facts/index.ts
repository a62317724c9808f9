/**
 * The provider-fact table: for each resource type the pack reads, what the bridged AWS
 * provider plans at a first preview (outputs unknown, Check defaults, autonames, unset
 * Optional+Computed attributes unknown), what each unset attribute is after create (certain,
 * or picked by AWS), what AWS assigns (ids, ARNs, URLs), and which attributes identify the
 * resource. One file per family; every fact names its source.
 *
 * Its users: the pack settles a planned state with it (policies/stack/settle.ts) and takes
 * the readers' defaults from it (`unsetValue`); the engine simulator (engine/simulator/) renders
 * the Analyze inputs, the planned and the deployed state from it for the offline command and
 * every test fixture. docs/ARCHITECTURE.md, "The engine imitation", says how the engine carries
 * these states to a pack.
 *
 * Lookups are a property read or a Map get: settling runs for every resource of a stack.
 */
import { DATA_STORE_FACTS } from "./data-stores";
import { ECS_FACTS } from "./ecs";
import { ENDPOINT_FACTS } from "./endpoints";
import { IAM_FACTS } from "./iam";
import { NETWORK_FACTS } from "./network";
import { SECURITY_FACTS } from "./security";
import type { ComputedAttribute, FactTable, ResourceFacts } from "./types";

export { DEFAULT_ENDPOINT_POLICY } from "./endpoints";
export type {
  AssignContext,
  ComputedAttribute,
  CreateValue,
  DeployedOutputs,
  FactTable,
  PickedByAws,
  ResourceFacts,
} from "./types";

export const PROVIDER_FACTS: FactTable = {
  ...NETWORK_FACTS,
  ...ENDPOINT_FACTS,
  ...SECURITY_FACTS,
  ...IAM_FACTS,
  ...ECS_FACTS,
  ...DATA_STORE_FACTS,
};

/** The facts of a type, or undefined for a type the table does not describe. */
export function factsOf(type: string): ResourceFacts | undefined {
  return Object.prototype.hasOwnProperty.call(PROVIDER_FACTS, type) ? PROVIDER_FACTS[type] : undefined;
}

/** Per type, its Optional+Computed attributes as a list, made once. */
const OPTIONAL_COMPUTED_LISTS: ReadonlyMap<string, readonly [string, ComputedAttribute][]> = new Map(
  Object.entries(PROVIDER_FACTS).map(([type, facts]) => [type, Object.entries(facts.optionalComputed)]),
);

/** The Optional+Computed attributes of a type (empty for a type the table does not describe). */
export function optionalComputedOf(type: string): readonly [string, ComputedAttribute][] {
  return OPTIONAL_COMPUTED_LISTS.get(type) ?? [];
}

/** Per type, the inputs settling reads: the Optional+Computed attributes and what their create values depend on. */
export const SETTLING_INPUTS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(PROVIDER_FACTS)
    .filter(([, facts]) => Object.keys(facts.optionalComputed).length > 0)
    .map(([type, facts]) => [
      type,
      [
        ...new Set(
          Object.entries(facts.optionalComputed).flatMap(([property, attribute]) => [
            property,
            ...(attribute.reads ?? []),
          ]),
        ),
      ],
    ]),
);

/** Attributes that identify a resource besides `id`: `arn`, and the type's own identifiers. */
const IDENTIFIER_LISTS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(PROVIDER_FACTS).map(([type, facts]) => [type, ["id", "arn", ...(facts.identifiers ?? [])]]),
);
const ID_AND_ARN: readonly string[] = ["id", "arn"];

/** The attributes another resource's input may hold to name a resource of this type. */
export function identifiersOf(type: string): readonly string[] {
  return IDENTIFIER_LISTS.get(type) ?? ID_AND_ARN;
}

/**
 * Modules of @pulumi/aws whose resources are global and so have no `region` attribute; every
 * other resource of the AWS provider 7 (Terraform AWS provider 6) has one, set at plan to the
 * provider's region when the program does not set it (terraform-provider-aws
 * internal/provider/sdkv2/region.go defaultRegion, a CustomizeDiff; "Enhanced Region Support",
 * https://hashicorp.github.io/terraform-provider-aws/enhanced-region-support). The list is the
 * modules of @pulumi/aws 7.48 none of whose resources declares a `region` output.
 */
export const GLOBAL_MODULES: ReadonlySet<string> = new Set([
  "account",
  "billing",
  "budgets",
  "cloudfront",
  "costexplorer",
  "costoptimizationhub",
  "cur",
  "globalaccelerator",
  "iam",
  "networkmanager",
  "organizations",
  "route53domains",
  "route53recoverycontrol",
  "route53recoveryreadiness",
  "shield",
  "waf",
]);

/** Whether resources of the type have a `region` attribute (an `aws:<module>/…` type outside GLOBAL_MODULES). */
export function isRegional(type: string): boolean {
  if (!type.startsWith("aws:")) return false;
  const module = type.slice(4, type.indexOf("/"));
  return !GLOBAL_MODULES.has(module);
}

/**
 * The value the provider gives an attribute the program leaves unset, known before create: a
 * Check default (`a.b` in each block `a`) or a create-time value that does not depend on other
 * inputs. Readers take their fallbacks from it, once, when they load; a type or attribute the
 * table does not give a value for is an error of the reader, thrown then.
 */
export function unsetValue(type: string, attribute: string): unknown {
  const facts = factsOf(type);
  if (facts && Object.prototype.hasOwnProperty.call(facts.defaults, attribute)) return facts.defaults[attribute];
  const computed = facts?.optionalComputed[attribute];
  const created = computed?.reads === undefined ? computed?.whenUnset({}) : undefined;
  if (created?.known) return created.value;
  throw new Error(`the provider-fact table gives ${type} no value for an unset ${attribute}`);
}

export function unsetBoolean(type: string, attribute: string): boolean {
  const found = unsetValue(type, attribute);
  if (typeof found !== "boolean") throw new Error(`${type} ${attribute}: the table's value is not a boolean`);
  return found;
}

export function unsetNumber(type: string, attribute: string): number {
  const found = unsetValue(type, attribute);
  if (typeof found !== "number") throw new Error(`${type} ${attribute}: the table's value is not a number`);
  return found;
}

export function unsetStrings(type: string, attribute: string): string[] {
  const found = unsetValue(type, attribute);
  if (!Array.isArray(found) || !found.every((item) => typeof item === "string"))
    throw new Error(`${type} ${attribute}: the table's value is not a list of strings`);
  return found as string[];
}

export function unsetString(type: string, attribute: string): string {
  const found = unsetValue(type, attribute);
  if (typeof found !== "string") throw new Error(`${type} ${attribute}: the table's value is not a string`);
  return found;
}
