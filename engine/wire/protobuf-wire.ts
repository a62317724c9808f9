/**
 * Reading protobuf's wire format (https://protobuf.dev/programming-guides/encoding/) straight
 * into plain values, for the engine's Analyzer requests (request-bytes.ts). For `AnalyzeStack`,
 * google-protobuf first builds a message object for every resource, property and list element
 * of the stack (2.6 s of a 50,000-resource preview on this machine, most of @pulumi/policy's
 * own time) and @pulumi/policy then walks them again; this reads each byte once.
 *
 * Values come out as google-protobuf's `Struct.toJavaScript()` makes them, so the two agree
 * exactly (test/engine/request-bytes.test.ts): object keys in sorted order (its maps iterate
 * sorted keys), the last of repeated map keys and oneof members wins, and a `Value` with no
 * kind is refused. Bytes that are not protobuf's wire format throw `MalformedWireError`: the
 * caller fails the call at once (google-protobuf, handed them, may read one byte at a time up to
 * a length prefix of 2^31 or more: minutes on the event loop, issue 21). Well-formed input this
 * reader does not take throws `WireFormatError`; the caller then hands the bytes to
 * google-protobuf, so it gets exactly the old behaviour.
 */

import { droppedKey } from "../../model/own";

export class WireFormatError extends Error {}

/** The bytes are not protobuf's wire format (or not the schema's wire types): no decoder may be handed them. */
export class MalformedWireError extends WireFormatError {}

/** Wire types (the low three bits of a field's tag). */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const START_GROUP = 3;
export const END_GROUP = 4;
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
      if (this.pos >= this.end) throw new MalformedWireError(`varint runs past the end at byte ${this.pos}`);
      const byte = bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new MalformedWireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A field's tag: field numbers run from 1 to 2^29 - 1 (protobuf's encoding guide), so a tag fits 32 bits. */
  tag(): number {
    const at = this.pos;
    const tag = this.varint();
    if (tag >>> 3 === 0 || tag > 0xffffffff) throw new MalformedWireError(`invalid field tag at byte ${at}`);
    return tag;
  }

  /** The end of a length-delimited field whose length is next; the cursor is left at its start. */
  delimitedEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw new MalformedWireError(`length-delimited field runs past the end at byte ${this.pos}`);
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
    if (this.pos + 8 > this.end) throw new MalformedWireError(`double runs past the end at byte ${this.pos}`);
    const value = this.bytes.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Steps over the value of the field whose tag was just read. */
  skip(tag: number): void {
    const wireType = tag & 7;
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
      case START_GROUP:
        this.skipGroup(tag >>> 3);
        return;
      default:
        // END_GROUP without its start, or wire types 6 and 7, which protobuf does not define.
        throw new MalformedWireError(`wire type ${wireType} where a field starts, at byte ${this.pos}`);
    }
    if (this.pos > this.end) throw new MalformedWireError(`fixed-size field runs past the end at byte ${this.end}`);
  }

  /**
   * Steps over a group (a deprecated encoding google-protobuf still skips in unknown fields):
   * fields up to the END_GROUP tag of the same field number, nested groups included, without
   * recursion. Its START_GROUP tag, of field `field`, has been read.
   */
  private skipGroup(field: number): void {
    const open: number[] = [field];
    while (open.length > 0) {
      if (this.pos >= this.end) throw new MalformedWireError(`group without its end at byte ${this.end}`);
      const tag = this.tag();
      if ((tag & 7) === END_GROUP) {
        if (tag >>> 3 !== open.pop())
          throw new MalformedWireError(`group ends with the wrong field at byte ${this.pos}`);
      } else if ((tag & 7) === START_GROUP) open.push(tag >>> 3);
      else this.skip(tag);
    }
  }
}

/** Leaves the cursor at `end`, where a message's fields ended: one that ran past it means a length was wrong. */
export function endAt(reader: WireReader, end: number): void {
  if (reader.pos > end) throw new MalformedWireError(`a field runs past the end of its message at byte ${end}`);
  reader.pos = end;
}

/** Throws unless a field has the wire type its schema gives it. */
export function expectWireType(tag: number, wireType: number): void {
  if ((tag & 7) !== wireType)
    throw new MalformedWireError(`field ${tag >>> 3} has wire type ${tag & 7}, not ${wireType}`);
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
    const tag = reader.tag();
    if (tag >>> 3 !== field) {
      reader.skip(tag);
      continue;
    }
    expectWireType(tag, LENGTH_DELIMITED);
    const occurrenceEnd = reader.delimitedEnd();
    each(occurrenceEnd);
    reader.pos = occurrenceEnd;
  }
  endAt(reader, end);
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
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) entry.key = stringField(reader, tag);
    else if (field === 2) {
      expectWireType(tag, LENGTH_DELIMITED);
      entry.valueEnd = reader.delimitedEnd();
      entry.valueStart = reader.pos;
      reader.pos = entry.valueEnd;
    } else reader.skip(tag);
  }
  endAt(reader, end);
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
    const tag = reader.tag();
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
        reader.skip(tag);
        continue;
    }
    kindSet = true;
  }
  endAt(reader, end);
  if (!kindSet) throw new WireFormatError("a Value with no kind");
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
    // Dropped as google-protobuf drops it (model/own.ts); assigned, it would set the record's
    // prototype and a nested { assignPublicIp: true } would be read through it.
    if (droppedKey(entry.key)) return;
    reader.pos = entry.valueStart;
    const value = readValue(reader, entry.valueEnd, nested);
    if (keys.length > 0 && !(keys[keys.length - 1] < entry.key)) increasing = false;
    keys.push(entry.key);
    values.push(value);
  });
  // Assigned as toJavaScript assigns, so odd keys ("constructor", "10") come out alike.
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
