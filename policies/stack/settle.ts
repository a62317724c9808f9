/**
 * Settling a planned state: at a first preview the bridged provider plans every unset
 * Optional+Computed attribute as unknown, though its value after create is often certain
 * (engine/provider-facts/ says which). The stack model is built from the settled state.
 */
import { isUnknown } from "../../model";
import { optionalComputedOf } from "../../engine/provider-facts";
import type { Properties, StackResource } from "../../engine/stack-resource";

/**
 * Which inputs the program set, from what the engine showed the pack: the `Analyze` inputs
 * (after Check) when the pack saw them, else the keys of `propertyDependencies`. The engine
 * sends a key there only for a property that depends on at least one resource (it skips empty
 * lists: pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, AnalyzeStack). A
 * planned value the program set can only be unknown when it was built from another resource's
 * output, which is such a dependency; so, without `Analyze`, an unknown Optional+Computed
 * attribute with no key was not set by the program.
 */
export type ProgramInputs =
  | { from: "analyze"; inputs: Properties }
  | { from: "propertyDependencies"; keys: ReadonlySet<string> };

/** A fact the planned state left unknown and that only deployment can tell. */
export interface UnsettledAttribute {
  property: string;
  settleWith: string;
}

/** A resource as it will be after create, as far as that is certain. */
export interface SettledResource extends StackResource {
  /** Facts the planned state left unknown that only deployment tells, with the input that would settle each. */
  unsettled?: UnsettledAttribute[];
}

export interface SettledState {
  properties: Properties;
  /** Properties whose create-time value replaced an unknown. */
  settled: string[];
  unsettled: UnsettledAttribute[];
}

/**
 * Settles the unknowns of a planned state that the program did not cause: an unset
 * Optional+Computed attribute takes its create-time value; a set one whose planned value is
 * unknown takes the program's input (its value after create), which keeps any unknowns inside.
 */
export function settlePlannedState(
  type: string,
  properties: Properties,
  program: ProgramInputs | undefined,
): SettledState {
  const result: SettledState = { properties, settled: [], unsettled: [] };
  if (program === undefined) return result;
  let copy: Properties | undefined;
  // A list made once per type by the table: settling runs for every resource of a stack.
  for (const [property, attribute] of optionalComputedOf(type)) {
    if (!isUnknown(properties[property])) continue;
    const input = program.from === "analyze" ? program.inputs[property] : undefined;
    const setByProgram = program.from === "analyze" ? input !== undefined : program.keys.has(property);
    if (setByProgram) {
      if (input !== undefined && !isUnknown(input)) {
        copy ??= { ...properties };
        copy[property] = input;
        result.settled.push(property);
      }
      continue;
    }
    const inputs = program.from === "analyze" ? program.inputs : properties;
    const createValue = attribute.whenUnset(inputs);
    if (createValue.known) {
      copy ??= { ...properties };
      if (createValue.value === undefined) delete copy[property];
      else copy[property] = createValue.value;
      result.settled.push(property);
    } else {
      result.unsettled.push({ property, settleWith: createValue.settleWith });
    }
  }
  if (copy) result.properties = copy;
  return result;
}

/** What the engine showed of the program's inputs: Analyze inputs, else the keys of propertyDependencies. */
export function programInputsOf(resource: StackResource): ProgramInputs {
  if (resource.inputs !== undefined) return { from: "analyze", inputs: resource.inputs };
  return { from: "propertyDependencies", keys: new Set(Object.keys(resource.propertyDependencies)) };
}

/** The resource as it will be after create, as far as that is certain; unknowable facts are listed. */
export function settleResource(resource: StackResource): SettledResource {
  if (optionalComputedOf(resource.type).length === 0) return resource;
  const settled = settlePlannedState(resource.type, resource.properties, programInputsOf(resource));
  if (settled.settled.length === 0 && settled.unsettled.length === 0) return resource;
  return { ...resource, properties: settled.properties, unsettled: settled.unsettled };
}
