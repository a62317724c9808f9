/** What every reader of the stack model gets, and the small reads they share. */
import { isUnknown, parsePolicyDocument, PolicyDocument, UNKNOWN } from "../../../model";
import type { StackModel, Ref, Tags } from "../model";
import type { Resolver } from "../resolver";
import type { Properties, StackResource } from "../../../engine/stack-resource";
import type { SettledResource } from "../settle";
import { Fact, known, readNumber, readObject, readString, readValue, UNKNOWN_FACT } from "../values";

/** What every reader shares while one model is built. */
export interface BuildState {
  model: StackModel;
  resolver: Resolver;
  resources: Map<string, StackResource>;
  /** Resources that add to others (routes, rules, attachments) run after every owner exists. */
  later: (() => void)[];
  vpcRef: (resource: StackResource) => Ref | undefined;
}

/** Reads one resource of a type into the model. */
export type Reader = (resource: SettledResource, state: BuildState) => void;
export type ReaderTable = Readonly<Record<string, Reader>>;

export function idOf(properties: Properties): string | undefined {
  const id = readString(properties, "id");
  return known(id) ? id : undefined;
}

export function arnOf(properties: Properties): string | undefined {
  const arn = readString(properties, "arn");
  return known(arn) ? arn : undefined;
}

export function regionOf(properties: Properties): string | undefined {
  const region = readString(properties, "region");
  return known(region) ? region : undefined;
}

export function policyDocument(value: unknown): Fact<PolicyDocument> | undefined {
  if (value === UNKNOWN_FACT) return UNKNOWN_FACT;
  if (value === undefined || value === null || value === "") return undefined;
  // A document built with pulumi.jsonStringify from unknown ARNs arrives as one unknown string;
  // a document object may hold unknowns inside: those statements are then unknown.
  if (typeof value === "string" && isUnknown(value)) return UNKNOWN_FACT;
  const document = parsePolicyDocument(value);
  if (!document) return undefined;
  return JSON.stringify(document).includes(UNKNOWN) ? UNKNOWN_FACT : document;
}

/**
 * The reader of a resource that replaces the policy of the one it names (its `property`, one of
 * `types`): the named resource's policy becomes this one's document (unknown when it cannot be
 * read), declared by this resource. It runs once every owner exists.
 */
export function policyReplacement<Target extends { policy?: Fact<PolicyDocument>; policyDeclaredBy?: string }>(
  property: string,
  types: readonly string[],
  targets: (model: StackModel) => Map<string, Target>,
): Reader {
  return (r, { model, resolver, later }) => {
    later.push(() => {
      const ref = resolver.one(r, property, readString(r.properties, property), types);
      const target = ref?.urn ? targets(model).get(ref.urn) : undefined;
      if (!target) return;
      target.policy = policyDocument(readValue(r.properties, "policy")) ?? UNKNOWN_FACT;
      target.policyDeclaredBy = r.urn;
    });
  };
}

export function portOf(properties: Properties, key: string, fallback: number): number | undefined {
  const port = readNumber(properties, key);
  if (port === undefined) return fallback;
  return known(port) ? port : undefined;
}

/**
 * True when the program left an Optional+Computed attribute unset and its create-time value is
 * AWS's to pick: settling (../settle.ts) lists it as unsettled. A rule that knows what AWS does
 * with "unset" (LATEST, bridge) reads it as unset rather than as unknown.
 */
export function unsetByProgram(resource: SettledResource, property: string): boolean {
  return resource.unsettled?.some((fact) => fact.property === property) === true;
}

/** A resource's `tags` and `tagsAll`, as far as they are known. */
export function tagsOf(properties: Properties): Tags {
  const given = readObject(properties, "tags");
  const all = readObject(properties, "tagsAll");
  const values = (record: Properties): Record<string, Fact<string>> =>
    Object.fromEntries(
      Object.entries(record).map(([key, value]) => [
        key,
        typeof value === "string" && !isUnknown(value) ? value : UNKNOWN_FACT,
      ]),
    );
  const allValues = known(all) && all !== undefined ? values(all) : undefined;
  return {
    given: given === UNKNOWN_FACT ? UNKNOWN_FACT : given === undefined ? undefined : values(given),
    all: allValues && Object.values(allValues).every(known) ? (allValues as Record<string, string>) : undefined,
  };
}
