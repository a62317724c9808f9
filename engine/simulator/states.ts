/**
 * What the bridged AWS provider answers for one resource, rendered from the provider-fact
 * table: the inputs after its Check, the planned state of a create (a first preview) and the
 * state after create (a deployed stack). docs/ARCHITECTURE.md, "The engine imitation", lists
 * the facts and their sources.
 */
import { UNKNOWN, isRecord } from "../../model";
import { SIGNATURE_KEY } from "../../model/unknown";
import { factsOf, isRegional, optionalComputedOf, type ResourceFacts } from "../provider-facts";
import type { Properties } from "../stack-resource";
import { assignContext, autoName, hexOf, type SimulationSettings, type StackForm } from "./names";

/**
 * The inputs after the provider's Check: Terraform defaults filled in where the program left
 * them unset (`a.b`: in every instance of block `a` the program wrote, a list of blocks
 * included) and the autoname. A type the table does not describe keeps its inputs.
 */
export function checkInputs(
  type: string,
  name: string,
  inputs: Properties,
  facts: ResourceFacts | undefined = factsOf(type),
): Properties {
  if (!facts) return inputs;
  const checked: Properties = { ...inputs };
  for (const [path, value] of Object.entries(facts.defaults)) {
    const [block, attribute] = path.split(".");
    if (attribute === undefined) {
      if (checked[block] === undefined) checked[block] = value;
      continue;
    }
    const fill = (instance: unknown) =>
      isRecord(instance) && instance[attribute] === undefined ? { ...instance, [attribute]: value } : instance;
    const current = checked[block];
    if (Array.isArray(current)) checked[block] = current.map(fill);
    // A secret block is one value to Check: its inside is not filled in.
    else if (isRecord(current) && current[SIGNATURE_KEY] === undefined) checked[block] = fill(current);
  }
  if (facts.autoName && checked[facts.autoName] === undefined) checked[facts.autoName] = autoName(name);
  return checked;
}

/**
 * The provider's planned state of a create (a first preview): the inputs after Check, with the
 * id, every provider-only output and every Optional+Computed attribute the program left unset
 * unknown. A type the table does not describe: its inputs, id unknown.
 */
export function plannedState(type: string, checked: Properties): Properties {
  const state: Properties = { ...checked, id: UNKNOWN };
  for (const output of factsOf(type)?.outputs ?? []) if (state[output] === undefined) state[output] = UNKNOWN;
  for (const [attribute] of optionalComputedOf(type)) if (checked[attribute] === undefined) state[attribute] = UNKNOWN;
  return state;
}

/**
 * The state after create: the inputs after Check; each unset Optional+Computed attribute at its
 * create-time value, or, where AWS picks it, at the value `assigned` gives (left out without
 * one); then whatever else `assigned` holds (ids, ARNs, URLs) where the inputs hold nothing.
 * `assigned` is what AWS gave this resource: the offline command makes it up (`assignedByAws`),
 * a test fixture states it.
 */
export function deployedState(type: string, checked: Properties, assigned: Properties): Properties {
  const state: Properties = { ...checked };
  for (const [attribute, computed] of optionalComputedOf(type)) {
    if (checked[attribute] !== undefined) continue;
    let value = assigned[attribute];
    if (value === undefined) {
      const created = computed.whenUnset(checked);
      if (created.known) value = created.value;
    }
    if (value !== undefined) state[attribute] = value;
  }
  for (const key of Object.keys(assigned)) if (state[key] === undefined) state[key] = assigned[key];
  return state;
}

/**
 * What AWS assigns a resource at create, made up stably from its name: the attributes AWS
 * picks (a zone, a default security group) and the deployed outputs of the table (the id, ARNs,
 * URLs); a type without deployed outputs gets an id of its prefix (`sg-0a1b…`).
 */
export function assignedByAws(
  type: string,
  name: string,
  checked: Properties,
  settings: SimulationSettings,
): Properties {
  const facts = factsOf(type);
  const state: Properties = { ...checked };
  const context = assignContext(name, state, settings);
  const assigned: Properties = {};
  for (const [attribute, computed] of optionalComputedOf(type)) {
    if (checked[attribute] !== undefined) continue;
    const created = computed.whenUnset(checked);
    if (created.known) {
      if (created.value !== undefined) state[attribute] = created.value;
      continue;
    }
    // An unknowable attribute without a pick in the table stays unknown, even deployed.
    const picked = computed.pickedByAws ? computed.pickedByAws.value(context) : UNKNOWN;
    if (picked !== undefined) state[attribute] = assigned[attribute] = picked;
  }
  const outputs = facts?.deployed?.assign(context) ?? {};
  const prefix = facts?.idPrefix ?? type.slice(type.lastIndexOf(":") + 1).toLowerCase();
  return { ...assigned, id: `${prefix}-${hexOf(`${type}${name}`, 17)}`, ...outputs };
}

/**
 * A regional resource's `region` attribute: set at plan to its provider's region when the
 * program does not set it (provider-facts GLOBAL_MODULES says which resources have one).
 */
export function withProviderRegion(type: string, state: Properties, region: string): Properties {
  if (state.region !== undefined || !isRegional(type)) return state;
  return { ...state, region };
}

/** The state the engine holds for a custom resource of the program: planned or deployed, with its region. */
export function providerState(
  type: string,
  name: string,
  checked: Properties,
  settings: SimulationSettings,
): Properties {
  const state =
    settings.form === "preview"
      ? plannedState(type, checked)
      : deployedState(type, checked, assignedByAws(type, name, checked, settings));
  return withProviderRegion(type, state, settings.region);
}

/**
 * After the inputs of a resource changed: each Optional+Computed attribute they leave unset is
 * planned unknown (preview) or takes its create-time value, removed when AWS would pick it.
 */
export function resetUnsetComputed(form: StackForm, type: string, inputs: Properties, state: Properties): void {
  for (const [attribute, computed] of optionalComputedOf(type)) {
    if (inputs[attribute] !== undefined) continue;
    const created = computed.whenUnset(inputs);
    if (form === "preview") state[attribute] = UNKNOWN;
    else if (created.known && created.value !== undefined) state[attribute] = created.value;
    else delete state[attribute];
  }
}

/**
 * Whether the deployed state the simulator gives a resource may lack outputs its real state
 * holds: for a type the table does not describe, only the inputs and an id are known. The SDK
 * resolves an output missing from a registration's answer as undefined outside a preview, so
 * a program reading one (`cluster.cacheNodes[0].address`) would fail where it works against
 * AWS; the recording answers such registrations as unknown (RegisterResourceResponse.unknown:
 * "SDKs should resolve outputs as unknown", pulumi/pulumi proto/pulumi/resource.proto), which
 * keeps what is known and makes the rest unknown, as at a preview. The engine's own resources
 * (`pulumi:providers:*`, a StackReference) are answered in full.
 */
export function deployedOutputsIncomplete(type: string, form: StackForm): boolean {
  return form === "deployed" && !type.startsWith("pulumi:") && factsOf(type) === undefined;
}

/** The first @pulumi/pulumi that resolves the outputs of an answer marked unknown as unknown (resource.js). */
export const SDK_RESOLVING_UNKNOWN_ANSWERS = "3.256.0";

/**
 * With an older SDK the outputs `deployedOutputsIncomplete` marks resolve as undefined still:
 * which registered resources of a deployed run have outputs the program may find undefined.
 */
export function outputsUndefinedWith(
  sdkVersion: string,
  form: StackForm,
  resources: readonly { type: string; name: string }[],
): { type: string; name: string }[] {
  const [major, minor] = sdkVersion.split(".").map(Number);
  const [wantMajor, wantMinor] = SDK_RESOLVING_UNKNOWN_ANSWERS.split(".").map(Number);
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return [];
  return resources.filter((resource) => deployedOutputsIncomplete(resource.type, form));
}
