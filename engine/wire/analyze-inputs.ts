/**
 * The `Analyze` inputs the engine shows the pack before `AnalyzeStack`, kept so that the
 * stack analysis can tell an attribute the program left unset (its create-time value is
 * certain) from one the program set to a value not known yet. Both calls reach the same pack
 * process (docs/ARCHITECTURE.md, "The engine imitation"). Runs once per resource on every
 * preview, so it keeps only the few inputs settling reads, only for the types that have any,
 * and at most `limit` resources: beyond that, settling falls back to `propertyDependencies`.
 */
import { SETTLING_INPUTS } from "../provider-facts";
import type { Properties, StackResource } from "../stack-resource";

export const DEFAULT_CAPTURE_LIMIT = 250_000;

export class AnalyzeInputs {
  private readonly byUrn = new Map<string, Properties>();
  /** The secret-marked values among the kept inputs, by URN (only resources that have any). */
  private readonly secretsByUrn = new Map<string, unknown[]>();

  constructor(private readonly limit = DEFAULT_CAPTURE_LIMIT) {}

  get size(): number {
    return this.byUrn.size;
  }

  /** The inputs kept for resources of this type (undefined: none). */
  keysFor(type: string): readonly string[] | undefined {
    return SETTLING_INPUTS.get(type);
  }

  /** `secrets`: the secret-marked values among `inputs` (their markers removed). */
  record(type: string, urn: string, inputs: Properties, secrets: readonly unknown[] = []): void {
    this.recordFrom(type, urn, (key) => inputs[key], secrets);
  }

  /**
   * Records the inputs settling reads of one resource, reading only those (`input(key)`,
   * undefined when unset); `secrets` (filled by `input` as it reads, if it likes) are the
   * secret-marked values among them.
   */
  recordFrom(type: string, urn: string, input: (key: string) => unknown, secrets: readonly unknown[] = []): void {
    const keys = SETTLING_INPUTS.get(type);
    if (keys === undefined || (this.byUrn.size >= this.limit && !this.byUrn.has(urn))) return;
    const kept: Properties = {};
    for (const key of keys) {
      const value = input(key);
      if (value !== undefined) kept[key] = value;
    }
    this.byUrn.set(urn, kept);
    if (secrets.length > 0) this.secretsByUrn.set(urn, [...secrets]);
    else this.secretsByUrn.delete(urn);
  }

  /** The resource with the inputs `Analyze` showed for it (and their secret-marked values), when there were any. */
  attach(resource: StackResource): StackResource {
    const inputs = this.byUrn.get(resource.urn);
    if (inputs === undefined) return resource;
    const secrets = this.secretsByUrn.get(resource.urn);
    return secrets
      ? { ...resource, inputs, secrets: [...(resource.secrets ?? []), ...secrets] }
      : { ...resource, inputs };
  }

  clear(): void {
    this.byUrn.clear();
    this.secretsByUrn.clear();
  }
}
