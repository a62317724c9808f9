/** What every reader of the stack model gets, and the small reads they share. */
import { isUnknown, parsePolicyDocument, PolicyDocument } from "../../../model";
import type { StackModel, Ref } from "../model";
import type { Resolver } from "../resolver";
import type { Properties, StackResource } from "../resources";
import { Fact, known, readNumber, readString, UNKNOWN_VALUE } from "../values";

export interface ReadContext {
  model: StackModel;
  resolver: Resolver;
  resources: Map<string, StackResource>;
  /** Resources that add to others (routes, rules, attachments) run after every owner exists. */
  later: (() => void)[];
  vpcRef: (resource: StackResource) => Ref | undefined;
}

/** Reads one resource of a type into the model. */
export type Reader = (resource: StackResource, context: ReadContext) => void;
export type ReaderTable = Readonly<Record<string, Reader>>;

export function idOf(props: Properties): string | undefined {
  const id = readString(props, "id");
  return known(id) ? id : undefined;
}

export function arnOf(props: Properties): string | undefined {
  const arn = readString(props, "arn");
  return known(arn) ? arn : undefined;
}

export function regionOf(props: Properties): string | undefined {
  const region = readString(props, "region");
  return known(region) ? region : undefined;
}

export function policyDocument(value: unknown): Fact<PolicyDocument> | undefined {
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (value === undefined || value === null || value === "") return undefined;
  // A document built with pulumi.jsonStringify from unknown ARNs arrives as one unknown string;
  // a document object may hold unknowns inside: those statements are then unknown.
  if (typeof value === "string" && isUnknown(value)) return UNKNOWN_VALUE;
  const document = parsePolicyDocument(value);
  if (!document) return undefined;
  return JSON.stringify(document).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9") ? UNKNOWN_VALUE : document;
}

export function portOf(props: Properties, key: string, fallback: number): number | undefined {
  const port = readNumber(props, key);
  if (port === undefined) return fallback;
  return known(port) ? port : undefined;
}
