/**
 * Whether bytes are protobuf's wire format for an Analyzer request, checked before
 * google-protobuf decodes them. google-protobuf reads a nested message whose length prefix
 * runs past the end of the buffer one byte at a time up to that length: a 14-byte
 * AnalyzeStackRequest with a prefix of 2^31 held the pack's event loop for 14 s, longer prefixes
 * for minutes (issue 21). So no bytes reach it before every message in them, at every depth,
 * has been walked here: tags, wire types of known fields, lengths within their message.
 *
 * The schema is data: the fields of each message that google-protobuf decodes as a nested
 * message, or with a fixed wire type, as the stubs of @pulumi/pulumi 3.270
 * (proto/analyzer_pb.js, from pulumi/pulumi proto/pulumi/analyzer.proto) and google-protobuf's
 * struct_pb.js (google/protobuf/struct.proto) read them. Fields not listed are stepped over as
 * google-protobuf steps over unknown fields (strings and bytes need no more than their length).
 */
import { FIXED64, LENGTH_DELIMITED, MalformedWireError, VARINT, WireFormatError, WireReader } from "./protobuf-wire";

type MessageName =
  | "Empty"
  | "AnalyzeRequest"
  | "AnalyzeStackRequest"
  | "AnalyzerResource"
  | "AnalyzerResourceOptions"
  | "CustomTimeouts"
  | "AnalyzerProviderResource"
  | "AnalyzerPropertyDependencies"
  | "PropertyDependenciesEntry"
  | "ConfigureAnalyzerRequest"
  | "PolicyConfigEntry"
  | "PolicyConfig"
  | "AnalyzerHandshakeRequest"
  | "AnalyzerStackConfigureRequest"
  | "StringMapEntry"
  | "Struct"
  | "StructEntry"
  | "Value"
  | "ListValue";

/** A field's wire type when it is a scalar; the message's name when it is a nested message. */
type FieldKind = typeof VARINT | typeof FIXED64 | typeof LENGTH_DELIMITED | MessageName;

const STRING = LENGTH_DELIMITED;

const SCHEMA: Readonly<Record<MessageName, Readonly<Record<number, FieldKind>>>> = {
  Empty: {},
  // type, properties, urn, name, options, provider
  AnalyzeRequest: {
    1: STRING,
    2: "Struct",
    3: STRING,
    4: STRING,
    5: "AnalyzerResourceOptions",
    6: "AnalyzerProviderResource",
  },
  AnalyzeStackRequest: { 1: "AnalyzerResource" },
  // as AnalyzeRequest, then parent, dependencies, propertyDependencies (a map: repeated entries)
  AnalyzerResource: {
    1: STRING,
    2: "Struct",
    3: STRING,
    4: STRING,
    5: "AnalyzerResourceOptions",
    6: "AnalyzerProviderResource",
    7: STRING,
    8: STRING,
    9: "PropertyDependenciesEntry",
  },
  // protect, ignoreChanges, deleteBeforeReplace, deleteBeforeReplaceDefined, additionalSecretOutputs, aliases, customTimeouts, parent
  AnalyzerResourceOptions: {
    1: VARINT,
    2: STRING,
    3: VARINT,
    4: VARINT,
    5: STRING,
    6: STRING,
    7: "CustomTimeouts",
    8: STRING,
  },
  CustomTimeouts: { 1: FIXED64, 2: FIXED64, 3: FIXED64, 4: FIXED64 },
  AnalyzerProviderResource: { 1: STRING, 2: "Struct", 3: STRING, 4: STRING },
  AnalyzerPropertyDependencies: { 1: STRING },
  PropertyDependenciesEntry: { 1: STRING, 2: "AnalyzerPropertyDependencies" },
  ConfigureAnalyzerRequest: { 1: "PolicyConfigEntry" },
  PolicyConfigEntry: { 1: STRING, 2: "PolicyConfig" },
  PolicyConfig: { 1: VARINT, 2: "Struct" },
  AnalyzerHandshakeRequest: { 1: STRING, 2: STRING, 3: STRING },
  // stack, project, organization, dryRun, configSecretKeys, config and tags (maps of strings)
  AnalyzerStackConfigureRequest: {
    1: STRING,
    2: STRING,
    3: STRING,
    4: VARINT,
    6: STRING,
    7: "StringMapEntry",
    8: "StringMapEntry",
  },
  StringMapEntry: { 1: STRING, 2: STRING },
  Struct: { 1: "StructEntry" },
  StructEntry: { 1: STRING, 2: "Value" },
  // null_value (an enum), number_value, string_value, bool_value, struct_value, list_value
  Value: { 1: VARINT, 2: FIXED64, 3: STRING, 4: VARINT, 5: "Struct", 6: "ListValue" },
  ListValue: { 1: "Value" },
};

/** The request message of each Analyzer method whose bytes are checked, by the method's gRPC path. */
export const REQUEST_MESSAGE: ReadonlyMap<string, MessageName> = new Map<string, MessageName>([
  ["/pulumirpc.Analyzer/Analyze", "AnalyzeRequest"],
  ["/pulumirpc.Analyzer/AnalyzeStack", "AnalyzeStackRequest"],
  ["/pulumirpc.Analyzer/Remediate", "AnalyzeRequest"],
  ["/pulumirpc.Analyzer/GetAnalyzerInfo", "Empty"],
  ["/pulumirpc.Analyzer/GetPluginInfo", "Empty"],
  ["/pulumirpc.Analyzer/Configure", "ConfigureAnalyzerRequest"],
  ["/pulumirpc.Analyzer/Handshake", "AnalyzerHandshakeRequest"],
  ["/pulumirpc.Analyzer/ConfigureStack", "AnalyzerStackConfigureRequest"],
  ["/pulumirpc.Analyzer/Cancel", "Empty"],
]);

export type RequestMessage = MessageName;

/**
 * Throws `MalformedWireError` unless `bytes` are well-formed as `message`, at every depth.
 * Iterative, so a deeply nested value costs memory in proportion to its bytes, never the stack.
 */
export function checkWireFormat(bytes: Uint8Array, message: MessageName): void {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new WireReader(buffer);
  const open: { fields: Readonly<Record<number, FieldKind>>; end: number }[] = [
    { fields: SCHEMA[message], end: buffer.length },
  ];
  while (open.length > 0) {
    const current = open[open.length - 1];
    if (reader.pos >= current.end) {
      if (reader.pos > current.end)
        throw new MalformedWireError(`a field runs past the end of its message at byte ${current.end}`);
      open.pop();
      continue;
    }
    const tag = reader.tag();
    const kind = current.fields[tag >>> 3];
    if (kind === undefined) {
      reader.skip(tag);
    } else if (typeof kind === "string") {
      if ((tag & 7) !== LENGTH_DELIMITED)
        throw new MalformedWireError(`field ${tag >>> 3} has wire type ${tag & 7}, not a message`);
      const end = reader.delimitedEnd();
      if (end > current.end)
        throw new MalformedWireError(`a message runs past the end of its own at byte ${reader.pos}`);
      open.push({ fields: SCHEMA[kind], end });
    } else {
      if ((tag & 7) !== kind) throw new MalformedWireError(`field ${tag >>> 3} has wire type ${tag & 7}, not ${kind}`);
      reader.skip(tag);
    }
  }
}

/** The problem `checkWireFormat` finds, or undefined when the bytes are well-formed. */
export function wireFormatProblem(bytes: Uint8Array, message: MessageName): string | undefined {
  try {
    checkWireFormat(bytes, message);
    return undefined;
  } catch (error) {
    if (error instanceof WireFormatError) return error.message;
    throw error;
  }
}
