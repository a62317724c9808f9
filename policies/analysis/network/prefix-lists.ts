/**
 * Prefix lists: what the addresses behind a prefix list id are. Only the region's S3 prefix
 * list (com.amazonaws.<region>.s3) names S3's addresses, and so opens the path to the S3
 * gateway endpoint; an in-stack managed prefix list stands for the CIDRs it holds; an id the
 * pack cannot identify stands for addresses it cannot know.
 *
 * Sources of identity, in the order they are tried:
 * - the `prefixListId` output of a gateway endpoint of the stack (its service names the list);
 * - a managed prefix list of the stack, or one read with `ManagedPrefixList.get`, whose name
 *   is an AWS service's (`com.amazonaws.<region>.<service>`);
 * - the pack config `s3PrefixListIds` (for an id looked up with `aws.ec2.getPrefixList`, which
 *   reaches the pack as a bare literal);
 * - the table of AWS-managed S3 and DynamoDB prefix lists by region and id (model/aws-prefix-lists.ts),
 *   for an id written as a literal.
 * AWS-managed prefix list names: https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 */
import { awsManagedPrefixList, Ipv4Range, parseCidr } from "../../../model";
import type { Ref, SecurityGroupRule, StackModel } from "../../stack/model";
import { known } from "../../stack/values";
import { label } from "../label";

export type PrefixListContents =
  | { kind: "s3"; name: string }
  | { kind: "aws-service"; name: string; service: string }
  | { kind: "cidrs"; name: string; ranges: Ipv4Range[] }
  | { kind: "unknown"; name: string; why: string };

export interface PrefixLists {
  /** The region the lists are read in: an AWS-managed list's id means a list of that region only. */
  region: string;
  /** By prefix list id (pl-...) and by the URN of the resource that defines it. */
  byKey: Map<string, PrefixListContents>;
}

const AWS_SERVICE_LIST = /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9.-]+)$/;

/** What a name like `com.amazonaws.eu-west-1.dynamodb` says about the list, in `region`. */
function fromName(name: string, region: string, display: string): PrefixListContents | undefined {
  const match = AWS_SERVICE_LIST.exec(name);
  if (!match) return undefined;
  if (match[2] === "s3" && match[1] === region) return { kind: "s3", name: display };
  return { kind: "aws-service", name: display, service: `${match[2]} (${match[1]})` };
}

export function prefixListsOf(model: StackModel, region: string, s3PrefixListIds: readonly string[]): PrefixLists {
  const byKey = new Map<string, PrefixListContents>();
  for (const id of s3PrefixListIds) byKey.set(id, { kind: "s3", name: `${id} (S3, from the pack config)` });
  for (const endpoint of model.endpoints.values()) {
    if (!known(endpoint.serviceName) || endpoint.type !== "Gateway") continue;
    const display = `of gateway endpoint ${label(model, endpoint.urn)} (${endpoint.serviceName})`;
    const contents = fromName(endpoint.serviceName, region, display);
    if (!contents) continue;
    byKey.set(endpoint.urn, contents);
    if (known(endpoint.prefixListId) && !byKey.has(endpoint.prefixListId)) byKey.set(endpoint.prefixListId, contents);
  }
  for (const list of model.prefixLists.values()) {
    const display = `${label(model, list.urn)}`;
    let contents: PrefixListContents | undefined = known(list.name) ? fromName(list.name, region, display) : undefined;
    if (!contents) {
      const ranges = list.cidrs.filter(known).map((cidr) => parseCidr(cidr));
      if (list.entriesUnknown || list.cidrs.some((cidr) => !known(cidr)))
        contents = { kind: "unknown", name: display, why: `the entries of ${display} are computed at preview` };
      else
        contents = {
          kind: "cidrs",
          name: display,
          ranges: ranges.filter((range): range is Ipv4Range => range !== undefined),
        };
    }
    byKey.set(list.urn, contents);
    if (list.id && !byKey.has(list.id)) byKey.set(list.id, contents);
  }
  return { region, byKey };
}

export function resolvePrefixList(lists: PrefixLists, ref: Ref): PrefixListContents {
  const found = (ref.urn && lists.byKey.get(ref.urn)) || (ref.value && lists.byKey.get(ref.value));
  if (found) return found;
  if (ref.value) {
    const managed = awsManagedPrefixList(lists.region, ref.value);
    if (managed === "s3")
      return { kind: "s3", name: `${ref.value} (the AWS-managed S3 prefix list of ${lists.region})` };
    if (managed)
      return {
        kind: "aws-service",
        name: `${ref.value} (the AWS-managed ${managed} prefix list of ${lists.region})`,
        service: `${managed} (${lists.region})`,
      };
    return {
      kind: "unknown",
      name: ref.value,
      why: `it is neither a gateway endpoint's nor a managed prefix list of this stack, nor an AWS-managed S3 or DynamoDB list fargate-preflight knows in ${lists.region}; if it is the region's S3 prefix list, list it in the pack config s3PrefixListIds`,
    };
  }
  return {
    kind: "unknown",
    name: "(computed)",
    why: "its id is computed at preview and comes from no gateway endpoint or prefix list of this stack",
  };
}

export function prefixListsOfRule(lists: PrefixLists, rule: SecurityGroupRule): PrefixListContents[] {
  return rule.prefixLists.map((ref) => resolvePrefixList(lists, ref));
}
