/**
 * Reading protobuf's wire format (https://protobuf.dev/programming-guides/encoding/) straight
 * into plain values, for the engine's Analyzer requests (request-bytes.ts). For `AnalyzeStack`,
 * google-protobuf first builds a message object for every resource, property and list element
 * of the stack (2.6 s of a 50,000-resource preview on this machine, most of @pulumi/policy's
 * own time) and @pulumi/policy then walks them again; this reads each byte once.
 *
 * Values come out as google-protobuf's `Struct.toJavaScript()` makes them, so the two agree
 * exactly (test/stack/request-bytes.test.ts): object keys in sorted order (its maps iterate
 * sorted keys), the last of repeated map keys and oneof members wins, and a `Value` with no
 * kind is refused. Anything this reader does not expect throws `WireFormatError`; the caller
 * then hands the bytes to google-protobuf, so odd input gets exactly the old behaviour.
 */

export class WireFormatError extends Error {}

/** Wire types (the low three bits of a field's tag). */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

/** A cursor over `bytes[pos, end)`. */
export class WireReader {
  constructor(
    readonly bytes: Buffer,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  more(): boolean {
    return this.pos < this.end;
  }

  /** An unsigned varint up to 2^53 (tags, lengths, enums and bools are far below it). */
  varint(): number {
    const bytes = this.bytes;
    let result = 0;
    let scale = 1;
    for (let read = 0; read < 10; read++) {
      if (this.pos >= this.end) throw new WireFormatError("varint runs past the end");
      const byte = bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new WireFormatError("varint longer than 10 bytes");
  }

  /** The end of a length-delimited field whose length is next; the cursor is left at its start. */
  delimitedEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw new WireFormatError("length-delimited field runs past the end");
    return end;
  }

  /** A length-delimited string: its length is next. */
  string(): string {
    return this.text(this.delimitedEnd());
  }

  /** The text from the cursor to `end` (a string whose length was read). */
  text(end: number): string {
    const text = this.bytes.toString("utf8", this.pos, end);
    this.pos = end;
    return text;
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WireFormatError("double runs past the end");
    const value = this.bytes.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Steps over one field's value of this wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.pos += 8;
        break;
      case LENGTH_DELIMITED:
        this.pos = this.delimitedEnd();
        return;
      case FIXED32:
        this.pos += 4;
        break;
      default:
        throw new WireFormatError(`wire type ${wireType} is not read here`);
    }
    if (this.pos > this.end) throw new WireFormatError("field runs past the end");
  }
}

/** Throws unless a field has the wire type its schema gives it. */
export function expectWireType(tag: number, wireType: number): void {
  if ((tag & 7) !== wireType) throw new WireFormatError(`field ${tag >>> 3} has wire type ${tag & 7}, not ${wireType}`);
}

/** The string value of a field whose tag was just read. */
export function stringField(reader: WireReader, tag: number): string {
  expectWireType(tag, LENGTH_DELIMITED);
  return reader.string();
}

/**
 * Calls `each` with the end of every occurrence of the length-delimited field `field` before
 * `end`, the cursor at its start (each may leave it anywhere inside), stepping over other fields.
 */
export function forEachOccurrence(reader: WireReader, end: number, field: number, each: (end: number) => void): void {
  while (reader.pos < end) {
    const tag = reader.varint();
    if (tag >>> 3 !== field) {
      reader.skip(tag & 7);
      continue;
    }
    expectWireType(tag, LENGTH_DELIMITED);
    const occurrenceEnd = reader.delimitedEnd();
    each(occurrenceEnd);
    reader.pos = occurrenceEnd;
  }
  reader.pos = end;
}

/** A map entry (`key` = 1, `value` = 2, a message); `valueStart` is -1 when the entry has no value. */
export interface MapEntry {
  key: string;
  valueStart: number;
  valueEnd: number;
}

/** The map entry ending at `end`; the cursor is left at `end`. */
export function readMapEntry(reader: WireReader, end: number): MapEntry {
  const entry: MapEntry = { key: "", valueStart: -1, valueEnd: -1 };
  while (reader.pos < end) {
    const tag = reader.varint();
    const field = tag >>> 3;
    if (field === 1) entry.key = stringField(reader, tag);
    else if (field === 2) {
      expectWireType(tag, LENGTH_DELIMITED);
      entry.valueEnd = reader.delimitedEnd();
      entry.valueStart = reader.pos;
      reader.pos = entry.valueEnd;
    } else reader.skip(tag & 7);
  }
  reader.pos = end;
  return entry;
}

// google.protobuf.Value's oneof `kind` (struct.proto).
const NULL_VALUE = 1;
const NUMBER_VALUE = 2;
const STRING_VALUE = 3;
const BOOL_VALUE = 4;
const STRUCT_VALUE = 5;
const LIST_VALUE = 6;

/**
 * What becomes of a Struct nested in a value (not the outermost): Pulumi's special values
 * (secrets, assets) are Structs with a signature key, and the caller decides what they read as.
 */
export type NestedStruct = (record: Record<string, unknown>) => unknown;

const asRead: NestedStruct = (record) => record;

/** A google.protobuf.Value ending at `end`, as `Value.toJavaScript()` gives it (then `nested` on each Struct in it). */
export function readValue(reader: WireReader, end: number, nested: NestedStruct = asRead): unknown {
  let value: unknown;
  let kindSet = false;
  while (reader.pos < end) {
    const tag = reader.varint();
    switch (tag >>> 3) {
      case NULL_VALUE:
        expectWireType(tag, VARINT);
        reader.varint();
        value = null;
        break;
      case NUMBER_VALUE:
        expectWireType(tag, FIXED64);
        value = reader.double();
        break;
      case STRING_VALUE:
        value = stringField(reader, tag);
        break;
      case BOOL_VALUE:
        expectWireType(tag, VARINT);
        value = reader.varint() !== 0;
        break;
      case STRUCT_VALUE:
        expectWireType(tag, LENGTH_DELIMITED);
        value = nested(readStruct(reader, reader.delimitedEnd(), nested));
        break;
      case LIST_VALUE:
        expectWireType(tag, LENGTH_DELIMITED);
        value = readList(reader, reader.delimitedEnd(), nested);
        break;
      default:
        reader.skip(tag & 7);
        continue;
    }
    kindSet = true;
  }
  if (!kindSet) throw new WireFormatError("a Value with no kind");
  reader.pos = end;
  return value;
}

/** A google.protobuf.ListValue ending at `end`. */
function readList(reader: WireReader, end: number, nested: NestedStruct): unknown[] {
  const values: unknown[] = [];
  forEachOccurrence(reader, end, 1, (valueEnd) => values.push(readValue(reader, valueEnd, nested)));
  return values;
}

/**
 * A google.protobuf.Struct ending at `end`: its map entries, keys in sorted order (`nested`
 * applies to Structs inside); with `only`, the entries of those keys alone, the others stepped over.
 */
export function readStruct(
  reader: WireReader,
  end: number,
  nested: NestedStruct = asRead,
  only?: readonly string[],
): Record<string, unknown> {
  const keys: string[] = [];
  const values: unknown[] = [];
  // Strictly increasing keys (google-protobuf's own encoding) are assigned as read; others
  // (Go's encoder writes map entries in random order) are sorted, the last of a repeated key winning.
  let increasing = true;
  forEachOccurrence(reader, end, 1, (entryEnd) => {
    const entry = readMapEntry(reader, entryEnd);
    if (entry.valueStart < 0) throw new WireFormatError(`the entry "${entry.key}" has no value`);
    if (only && !only.includes(entry.key)) return;
    reader.pos = entry.valueStart;
    const value = readValue(reader, entry.valueEnd, nested);
    if (keys.length > 0 && !(keys[keys.length - 1] < entry.key)) increasing = false;
    keys.push(entry.key);
    values.push(value);
  });
  // Assigned as toJavaScript assigns, so even odd keys ("__proto__", "10") come out alike.
  const record: Record<string, unknown> = {};
  if (increasing) {
    for (let i = 0; i < keys.length; i++) record[keys[i]] = values[i];
    return record;
  }
  const lastOf = new Map<string, unknown>();
  for (let i = 0; i < keys.length; i++) lastOf.set(keys[i], values[i]);
  for (const key of [...lastOf.keys()].sort()) record[key] = lastOf.get(key);
  return record;
}
