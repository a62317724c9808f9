/**
 * How the Pulumi engine encodes values that are not known yet (computed outputs at a
 * first preview): one sentinel string per type. Kept here, not imported from
 * @pulumi/policy's internals, so the model stays dependency-free.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  UNKNOWN, // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
  return UNKNOWN_SENTINELS.has(value);
}

/**
 * Special values (secrets, assets, resource references) are objects whose SIGNATURE_KEY holds
 * the kind: `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value }` is a secret (pulumi/pulumi
 * sdk/go/common/resource/sig/sig.go; the same encoding in state files and gRPC Structs).
 */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIGNATURE = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIGNATURE = "0def7320c3a5731c473e5ecbe6d01bc7";
/** An output value: `{ [SIGNATURE_KEY]: OUTPUT_VALUE_SIGNATURE, value?, secret?, dependencies? }`, unknown without `value`. */
export const OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * A property value as @pulumi/policy hands it to policies: secrets unwrapped at any depth,
 * everything else as sent. Each secret-marked value, unwrapped, is also pushed to `secrets`.
 */
export function unwrapSecrets(value: unknown, secrets?: unknown[]): unknown {
  if (Array.isArray(value)) return value.map((item) => unwrapSecrets(item, secrets));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    const revealed = unwrapSecrets(record.value, secrets);
    secrets?.push(revealed);
    return revealed;
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item, secrets)]));
}
