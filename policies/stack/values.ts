/** Typed reads of raw property values, keeping "not known yet" apart from "absent". */
import { isUnknown } from "../../model";
import type { Properties } from "./resources";
import { SIGNATURE_KEY } from "../../model/unknown";

/** A property value that the engine marked as not known yet. */
export const UNKNOWN_VALUE = Symbol("unknown");
export type Unknown = typeof UNKNOWN_VALUE;
export type Fact<T> = T | Unknown;

export function known<T>(fact: Fact<T> | undefined): fact is T {
  return fact !== undefined && fact !== UNKNOWN_VALUE;
}

/** Secrets arrive wrapped as `{ <sig>: <secret sig>, value }`; their value is what matters here. */
function unwrapSecret(value: unknown): unknown {
  if (typeof value === "object" && value !== null && SIGNATURE_KEY in value) {
    return (value as { value?: unknown }).value;
  }
  return value;
}

export function readValue(props: Properties, key: string): unknown {
  const value = unwrapSecret(props[key]);
  return isUnknown(value) ? UNKNOWN_VALUE : value;
}

export function readString(props: Properties, key: string): Fact<string> | undefined {
  const value = readValue(props, key);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

export function readBoolean(props: Properties, key: string): Fact<boolean> | undefined {
  const value = readValue(props, key);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

export function readNumber(props: Properties, key: string): Fact<number> | undefined {
  const value = readValue(props, key);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** An array property; each element may itself be unknown. */
export function readArray(props: Properties, key: string): Fact<unknown[]> | undefined {
  const value = readValue(props, key);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (!Array.isArray(value)) return undefined;
  return value.map((element) => (isUnknown(unwrapSecret(element)) ? UNKNOWN_VALUE : unwrapSecret(element)));
}

export function readObject(props: Properties, key: string): Fact<Properties> | undefined {
  const value = readValue(props, key);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Properties;
  return undefined;
}

/** Objects of an array property (blocks such as `ingress`); non-objects are skipped. */
export function readBlocks(props: Properties, key: string): Fact<Properties[]> | undefined {
  const array = readArray(props, key);
  if (!known(array)) return array;
  if (array.some((element) => element === UNKNOWN_VALUE)) return UNKNOWN_VALUE;
  return array.filter((element): element is Properties => typeof element === "object" && element !== null);
}

/** Strings of an array property (ids, CIDRs); unknown elements stay unknown. */
export function readStrings(props: Properties, key: string): Fact<Fact<string>[]> | undefined {
  const array = readArray(props, key);
  if (!known(array)) return array;
  return array.filter(
    (element): element is string | Unknown =>
      element === UNKNOWN_VALUE || (typeof element === "string" && element !== ""),
  );
}
