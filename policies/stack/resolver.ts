/** Links references between resources: by known id / ARN / name, else by propertyDependencies. */
import { isUnknown } from "../../model";
import type { Ref } from "./model";
import type { StackResource } from "../../engine/stack-resource";
import { identifiersOf } from "../../engine/provider-facts";
import { Fact, known } from "./values";

/** Looks resources up by any known identifier (id, ARN, name), per type. */
export class Index {
  private readonly byKey = new Map<string, string[]>();

  add(type: string, key: unknown, urn: string): void {
    if (typeof key !== "string" || key === "" || isUnknown(key)) return;
    const indexKey = `${type}\u0000${key}`;
    const urns = this.byKey.get(indexKey);
    if (urns) urns.push(urn);
    else this.byKey.set(indexKey, [urn]);
  }

  find(types: readonly string[], key: string): string | undefined {
    for (const type of types) {
      const urns = this.byKey.get(`${type}\u0000${key}`);
      if (urns) return urns[0];
    }
    return undefined;
  }
}

export class Resolver {
  readonly index = new Index();
  constructor(readonly resources: Map<string, StackResource>) {
    for (const resource of resources.values()) {
      // The attributes the provider-fact table says identify a resource of its type (id, ARN, name...).
      for (const attribute of identifiersOf(resource.type))
        this.index.add(resource.type, resource.properties[attribute], resource.urn);
    }
  }

  private dependenciesOfType(resource: StackResource, property: string, types: readonly string[]): string[] {
    return (resource.propertyDependencies[property] ?? []).filter((urn) => {
      const type = this.resources.get(urn)?.type;
      return type !== undefined && types.includes(type);
    });
  }

  /**
   * A single reference: by its known value, else by the property's dependencies.
   * `property` is the top-level property whose dependencies to follow (nested values share it).
   */
  one(
    resource: StackResource,
    property: string,
    value: Fact<string> | undefined,
    types: readonly string[],
  ): Ref | undefined {
    if (value === undefined) return undefined;
    if (known(value)) {
      const urn = this.index.find(types, value) ?? this.index.find(types, value.replace(/:\d+$/, ""));
      return { urn, value };
    }
    const candidates = this.dependenciesOfType(resource, property, types);
    return candidates.length === 1 ? { urn: candidates[0] } : {};
  }

  /** A list of references; unknown elements are matched to the property's dependencies not matched by id. */
  many(
    resource: StackResource,
    property: string,
    values: Fact<Fact<string>[]> | undefined,
    types: readonly string[],
  ): { refs: Ref[]; unknown: boolean } {
    if (values === undefined) return { refs: [], unknown: false };
    const candidates = this.dependenciesOfType(resource, property, types);
    if (!known(values)) {
      return candidates.length > 0
        ? { refs: candidates.map((urn) => ({ urn })), unknown: false }
        : { refs: [], unknown: true };
    }
    const refs: Ref[] = [];
    let unknownCount = 0;
    for (const value of values) {
      if (known(value)) refs.push({ urn: this.index.find(types, value), value });
      else unknownCount++;
    }
    const matched = new Set(refs.map((ref) => ref.urn));
    const unmatched = candidates.filter((urn) => !matched.has(urn));
    refs.push(...unmatched.slice(0, unknownCount).map((urn) => ({ urn })));
    return { refs, unknown: unknownCount > unmatched.length };
  }
}
