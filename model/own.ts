/**
 * Names that come from data (resource types, policy names, object keys) looked up in tables
 * and written into records. A plain object answers `constructor`, `toString` or `__proto__`
 * from Object.prototype, and `record["__proto__"] = value` sets the record's prototype instead
 * of a key: data must do neither (issue 21).
 */

/** The entry of `table` named `key`, only when it is the table's own. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * The one key google-protobuf drops from a Struct: its map keeps entries in a plain object,
 * where `__proto__` sets that object's prototype, so the key never reaches `toJavaScript()`
 * and @pulumi/policy never sees it. The pack's own readers drop it too, so every reading of a
 * request, an export or a state file gives the same verdict.
 */
export function droppedKey(key: string): boolean {
  return key === "__proto__";
}
