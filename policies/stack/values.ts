/** Typed reads of raw property values, keeping "not known yet" apart from "absent". */
import { isUnknown } from "../../model";
import type { Properties } from "../../engine/stack-resource";
import { SIGNATURE_KEY } from "../../model/unknown";

/**
 * A fact the analysis cannot know yet: what a property holding the engine's sentinel (model
 * UNKNOWN and its siblings, strings on the wire) reads as, so no sentinel string is ever taken
 * for a value.
 */
export const UNKNOWN_FACT = Symbol("unknown");
export type UnknownFact = typeof UNKNOWN_FACT;
export type Fact<T> = T | UnknownFact;

export function known<T>(fact: Fact<T> | undefined): fact is T {
  return fact !== undefined && fact !== UNKNOWN_FACT;
}

/** Secrets arrive wrapped as `{ <sig>: <secret sig>, value }`; their value is what matters here. */
function unwrapSecret(value: unknown): unknown {
  if (typeof value === "object" && value !== null && SIGNATURE_KEY in value) {
    return (value as { value?: unknown }).value;
  }
  return value;
}

export function readValue(properties: Properties, key: string): unknown {
  const value = unwrapSecret(properties[key]);
  return isUnknown(value) ? UNKNOWN_FACT : value;
}

export function readString(properties: Properties, key: string): Fact<string> | undefined {
  const value = readValue(properties, key);
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

export function readBoolean(properties: Properties, key: string): Fact<boolean> | undefined {
  const value = readValue(properties, key);
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

export function readNumber(properties: Properties, key: string): Fact<number> | undefined {
  const value = readValue(properties, key);
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** An array property; each element may itself be unknown. */
export function readArray(properties: Properties, key: string): Fact<unknown[]> | undefined {
  const value = readValue(properties, key);
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (!Array.isArray(value)) return undefined;
  return value.map((element) => (isUnknown(unwrapSecret(element)) ? UNKNOWN_FACT : unwrapSecret(element)));
}

export function readObject(properties: Properties, key: string): Fact<Properties> | undefined {
  const value = readValue(properties, key);
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Properties;
  return undefined;
}

/** Objects of an array property (blocks such as `ingress`); non-objects are skipped. */
export function readBlocks(properties: Properties, key: string): Fact<Properties[]> | undefined {
  const array = readArray(properties, key);
  if (!known(array)) return array;
  if (array.some((element) => element === UNKNOWN_FACT)) return UNKNOWN_FACT;
  return array.filter((element): element is Properties => typeof element === "object" && element !== null);
}

/** Strings of an array property (ids, CIDRs); unknown elements stay unknown. */
export function readStrings(properties: Properties, key: string): Fact<Fact<string>[]> | undefined {
  const array = readArray(properties, key);
  if (!known(array)) return array;
  return array.filter(
    (element): element is string | UnknownFact =>
      element === UNKNOWN_FACT || (typeof element === "string" && element !== ""),
  );
}
