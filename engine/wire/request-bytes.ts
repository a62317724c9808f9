/**
 * The engine's Analyzer requests read from their bytes (protobuf-wire.ts) rather than through
 * google-protobuf's message objects and @pulumi/policy's deserialisation, giving what the
 * pack would otherwise read (test/engine/request-bytes.test.ts holds them equal):
 *
 * - `AnalyzeStack`: each resource as `fromPolicyResource` makes it of the resource
 *   @pulumi/policy's server builds (server.js makeAnalyzeStackRpcFun, deserialize.js):
 *   properties as `Struct.toJavaScript()` gives them with secrets unwrapped at any depth;
 *   `parent`, `dependencies` and `propertyDependencies` kept only where they name a resource of
 *   the request (@pulumi/policy links them to its resource objects and drops the rest), every
 *   property-dependency key kept.
 * - `Analyze`: the type, the URN and only the inputs the capture keeps (analyze-inputs.ts), as
 *   `recordRequest` reads them from the decoded request; the other inputs are stepped over.
 *
 * Departure, on purpose: assets and archives stay the plain signature objects they are on the
 * wire (@pulumi/policy builds @pulumi/pulumi asset objects); no reader of the model reads them.
 * A special value @pulumi/policy refuses (an unknown signature, a secret without a value), or a
 * resource without properties or options, throws `WireFormatError`, and the caller leaves the
 * well-formed request to google-protobuf and @pulumi/policy as before. Bytes that are not the
 * wire format throw `MalformedWireError`, and the call fails (analyze-requests.ts).
 */
import { droppedKey } from "../../model/own";
import { ARCHIVE_SIGNATURE, ASSET_SIGNATURE, SECRET_SIGNATURE, SIGNATURE_KEY } from "../../model/unknown";
import {
  endAt,
  expectWireType,
  forEachOccurrence,
  LENGTH_DELIMITED,
  NestedStruct,
  readMapEntry,
  readStruct,
  stringField,
  WireFormatError,
  WireReader,
} from "./protobuf-wire";
import type { Properties, StackResource } from "../stack-resource";

/**
 * Secrets read as their value (each pushed to `secrets`: the pack must never print their text);
 * assets and archives as sent; other signatures are refused as @pulumi/policy refuses them.
 */
function specialValue(secrets: unknown[]): NestedStruct {
  return (record) => {
    const signature = record[SIGNATURE_KEY];
    // @pulumi/policy tests the signature for truth, so an empty one is a plain key.
    if (!signature) return record;
    if (signature === SECRET_SIGNATURE) {
      if (record.value === undefined) throw new WireFormatError("a secret without a value");
      secrets.push(record.value);
      return record.value;
    }
    if (signature === ASSET_SIGNATURE || signature === ARCHIVE_SIGNATURE) return record;
    throw new WireFormatError(`unrecognised signature ${String(signature)}`);
  };
}

// pulumirpc.AnalyzeStackRequest and pulumirpc.AnalyzerResource (pulumi/pulumi proto/pulumi/analyzer.proto).
const STACK_RESOURCES = 1;
const RESOURCE_TYPE = 1;
const RESOURCE_PROPERTIES = 2;
const RESOURCE_URN = 3;
const RESOURCE_NAME = 4;
const RESOURCE_OPTIONS = 5;
const RESOURCE_PARENT = 7;
const RESOURCE_DEPENDENCIES = 8;
const RESOURCE_PROPERTY_DEPENDENCIES = 9;

/** A resource as sent, before its links are checked against the request's URNs. */
interface SentResource {
  type: string;
  urn: string;
  name: string;
  properties: Properties;
  hasOptions: boolean;
  parent: string;
  dependencies: string[];
  propertyDependencies: Map<string, string[]>;
  secrets: unknown[];
}

/** One entry of the `propertyDependencies` map into `into` (the last of a repeated key wins; no value: no URNs). */
function readPropertyDependency(reader: WireReader, end: number, into: Map<string, string[]>): void {
  const entry = readMapEntry(reader, end);
  const urns: string[] = [];
  if (entry.valueStart >= 0) {
    reader.pos = entry.valueStart;
    forEachOccurrence(reader, entry.valueEnd, 1, (urnEnd) => urns.push(reader.text(urnEnd)));
  }
  reader.pos = end;
  // google-protobuf's map drops the key (model/own.ts); a record would take it as its prototype.
  if (!droppedKey(entry.key)) into.set(entry.key, urns);
}

/** Stands for properties not sent, until the resource's fields are read. */
const NO_PROPERTIES: Properties = Object.freeze({});

function readResource(reader: WireReader, end: number): SentResource {
  const resource: SentResource = {
    type: "",
    urn: "",
    name: "",
    properties: NO_PROPERTIES,
    hasOptions: false,
    parent: "",
    dependencies: [],
    propertyDependencies: new Map(),
    secrets: [],
  };
  while (reader.pos < end) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case RESOURCE_TYPE:
        resource.type = stringField(reader, tag);
        break;
      case RESOURCE_PROPERTIES:
        expectWireType(tag, LENGTH_DELIMITED);
        resource.properties = readStruct(reader, reader.delimitedEnd(), specialValue(resource.secrets));
        break;
      case RESOURCE_URN:
        resource.urn = stringField(reader, tag);
        break;
      case RESOURCE_NAME:
        resource.name = stringField(reader, tag);
        break;
      case RESOURCE_OPTIONS:
        resource.hasOptions = true;
        reader.skip(tag);
        break;
      case RESOURCE_PARENT:
        resource.parent = stringField(reader, tag);
        break;
      case RESOURCE_DEPENDENCIES:
        resource.dependencies.push(stringField(reader, tag));
        break;
      case RESOURCE_PROPERTY_DEPENDENCIES:
        expectWireType(tag, LENGTH_DELIMITED);
        readPropertyDependency(reader, reader.delimitedEnd(), resource.propertyDependencies);
        break;
      default:
        // provider and fields added later: not read by the pack.
        reader.skip(tag);
    }
  }
  endAt(reader, end);
  // @pulumi/policy calls toJavaScript on the properties, which fails when there are none, and
  // refuses a resource without options ("A more recent version of the Pulumi CLI is required").
  if (resource.properties === NO_PROPERTIES)
    throw new WireFormatError(`the resource ${resource.urn} has no properties`);
  if (!resource.hasOptions) throw new WireFormatError(`the resource ${resource.urn} has no options`);
  return resource;
}

/** The stack's resources as the policy would get them, links kept only to resources of the request. */
function linked(sent: readonly SentResource[]): StackResource[] {
  const urns = new Set(sent.map((resource) => resource.urn));
  const inRequest = (urn: string) => urns.has(urn);
  return sent.map((resource) => {
    const propertyDependencies: Record<string, string[]> = {};
    // google-protobuf iterates map keys sorted.
    for (const key of [...resource.propertyDependencies.keys()].sort())
      propertyDependencies[key] = resource.propertyDependencies.get(key)!.filter(inRequest);
    return {
      type: resource.type,
      urn: resource.urn,
      name: resource.name,
      properties: resource.properties,
      parent: resource.parent && urns.has(resource.parent) ? resource.parent : undefined,
      dependencies: resource.dependencies.filter(inRequest),
      propertyDependencies,
      ...(resource.secrets.length > 0 ? { secrets: resource.secrets } : {}),
    };
  });
}

export interface SplitStackRequest {
  resources: StackResource[];
  /** The request's other fields, as sent, for google-protobuf to decode: the request without its resources. */
  rest: Buffer;
}

/** Reads an AnalyzeStackRequest's resources; throws `WireFormatError` on anything unexpected (`MalformedWireError`: not the wire format). */
export function splitAnalyzeStackRequest(bytes: Buffer): SplitStackRequest {
  const reader = new WireReader(bytes);
  const sent: SentResource[] = [];
  const rest: Buffer[] = [];
  while (reader.more()) {
    const fieldStart = reader.pos;
    const tag = reader.tag();
    if (tag >>> 3 === STACK_RESOURCES) {
      expectWireType(tag, LENGTH_DELIMITED);
      sent.push(readResource(reader, reader.delimitedEnd()));
    } else {
      reader.skip(tag);
      rest.push(bytes.subarray(fieldStart, reader.pos));
    }
  }
  return { resources: linked(sent), rest: Buffer.concat(rest) };
}

// pulumirpc.AnalyzeRequest: type, properties, urn, name, options and provider as in AnalyzerResource.
const REQUEST_PROVIDER = 6;

export interface ReadAnalyzeRequest {
  type: string;
  urn: string;
  /** The inputs of `keys(type)` the request has; undefined when the type has no keys. */
  inputs: Properties | undefined;
  /** The secret-marked values among those inputs. */
  secrets: unknown[];
  /** The request without its properties and provider, for google-protobuf to decode. */
  rest: Buffer;
}

/** Reads an AnalyzeRequest's type, URN and the inputs of `keys(type)`; throws `WireFormatError` on anything unexpected (`MalformedWireError`: not the wire format). */
export function readAnalyzeRequest(
  bytes: Buffer,
  keys: (type: string) => readonly string[] | undefined,
): ReadAnalyzeRequest {
  const reader = new WireReader(bytes);
  const rest: Buffer[] = [];
  let type = "";
  let urn = "";
  let propertiesStart = -1;
  let propertiesEnd = -1;
  while (reader.more()) {
    const fieldStart = reader.pos;
    const tag = reader.tag();
    switch (tag >>> 3) {
      case RESOURCE_PROPERTIES:
        expectWireType(tag, LENGTH_DELIMITED);
        // A second occurrence would merge into the first: not something the engine sends.
        if (propertiesStart >= 0) throw new WireFormatError("properties sent twice");
        propertiesEnd = reader.delimitedEnd();
        propertiesStart = reader.pos;
        reader.pos = propertiesEnd;
        continue;
      case REQUEST_PROVIDER:
        reader.skip(tag);
        continue;
      case RESOURCE_TYPE:
        type = stringField(reader, tag);
        break;
      case RESOURCE_URN:
        urn = stringField(reader, tag);
        break;
      default:
        reader.skip(tag);
    }
    rest.push(bytes.subarray(fieldStart, reader.pos));
  }
  const wanted = keys(type);
  let inputs: Properties | undefined;
  const secrets: unknown[] = [];
  if (wanted !== undefined) {
    inputs =
      propertiesStart < 0
        ? {}
        : readStruct(
            new WireReader(bytes, propertiesStart, propertiesEnd),
            propertiesEnd,
            specialValue(secrets),
            wanted,
          );
  }
  return { type, urn, inputs, secrets, rest: Buffer.concat(rest) };
}
