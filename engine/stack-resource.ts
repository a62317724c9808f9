/**
 * One resource of a stack as the engine sends it to a policy pack (`AnalyzeStack`), with the
 * `Analyze` inputs when the pack saw them: the shape every layer reads, from the wire reader
 * and the offline simulator up to the rules. Unknowns stay the engine's sentinel strings
 * (model/unknown.ts); in the pack, secrets arrive unwrapped, as @pulumi/policy hands them.
 */

export type Properties = Record<string, unknown>;

export interface StackResource {
  type: string;
  urn: string;
  name: string;
  /** Outputs: the state of a deployed resource, or the provider's planned state at a first preview. */
  properties: Properties;
  parent?: string;
  dependencies: string[];
  /** property name → URNs of the resources its value was computed from. */
  propertyDependencies: Record<string, string[]>;
  /** Where a resource outside this stack was learnt from ("stack acme/network/prod"); absent for the stack's own. */
  origin?: string;
  /** The inputs (after the provider's Check) the engine sent to `Analyze`, when the pack saw them. */
  inputs?: Properties;
  /**
   * In the pack, the values of its properties and inputs that the engine or the state marked
   * secret (their markers are gone from `properties`): nothing the pack prints may carry their
   * text (model/secret-text.ts).
   */
  secrets?: unknown[];
}
