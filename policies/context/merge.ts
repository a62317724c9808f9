/**
 * One model: context resources join the stack's own as deployed facts. The stack's own facts
 * win (a resource the stack manages is never replaced by an older copy from an export); two
 * sources that disagree about what a resource is (a subnet id in two VPCs) are a finding, and
 * the disputed resource is used from neither context source.
 */
import { isUnknown } from "../../model";
import type { StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { ownEntry } from "../../model/own";
import type { ContextLoad } from "./sources";
import type { ContextReport } from "../analysis/context-report";

export type { ContextConflict, ContextReport } from "../analysis/context-report";

/** What makes a resource the resource it is: two sources that disagree on these contradict each other. */
const IDENTITY: Record<string, readonly string[]> = {
  [T.vpc]: ["cidrBlock"],
  [T.subnet]: ["vpcId", "cidrBlock", "availabilityZone"],
  [T.routeTable]: ["vpcId"],
  [T.securityGroup]: ["vpcId"],
  [T.networkAcl]: ["vpcId"],
  [T.vpcEndpoint]: ["vpcId", "serviceName", "vpcEndpointType"],
  [T.natGateway]: ["subnetId"],
  [T.role]: ["arn"],
};

const KIND: Record<string, string> = {
  [T.vpc]: "VPC",
  [T.subnet]: "subnet",
  [T.routeTable]: "route table",
  [T.securityGroup]: "security group",
  [T.networkAcl]: "network ACL",
  [T.vpcEndpoint]: "VPC endpoint",
  [T.natGateway]: "NAT gateway",
  [T.role]: "IAM role",
};

function knownString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

function identityKey(resource: StackResource): string | undefined {
  const id = knownString(resource.properties.id);
  return id ? `${resource.type}\u0000${id}` : undefined;
}

function whereOf(resource: StackResource): string {
  return resource.origin ?? "this stack";
}

/** The first property on which two copies of one resource disagree, as a sentence. */
function contradiction(a: StackResource, b: StackResource): string | undefined {
  for (const property of ownEntry(IDENTITY, a.type) ?? []) {
    const left = knownString(a.properties[property]);
    const right = knownString(b.properties[property]);
    if (left && right && left !== right) {
      const kind = ownEntry(KIND, a.type) ?? a.type;
      return `${kind} ${knownString(a.properties.id)} has ${property} ${left} in ${whereOf(a)} but ${right} in ${whereOf(b)}`;
    }
  }
  return undefined;
}

export function mergeContext(
  stackResources: readonly StackResource[],
  load: ContextLoad,
): { resources: StackResource[]; report: ContextReport } {
  const report: ContextReport = { sources: [], notes: [...load.notes], conflicts: [], configured: load.configured };
  if (load.sources.length === 0) return { resources: [...stackResources], report };
  const stackUrns = new Set(stackResources.map((resource) => resource.urn));
  const stackByKey = new Map<string, StackResource>();
  for (const resource of stackResources) {
    const key = identityKey(resource);
    if (key) stackByKey.set(key, resource);
  }
  const contextByKey = new Map<string, StackResource>();
  const disputed = new Set<string>();
  const seenUrns = new Set<string>();
  const added: StackResource[] = [];
  for (const source of load.sources) {
    for (const resource of source.export.resources) {
      // The stack itself, or the same export given twice.
      if (stackUrns.has(resource.urn) || seenUrns.has(resource.urn)) continue;
      seenUrns.add(resource.urn);
      const key = identityKey(resource);
      const own = key ? stackByKey.get(key) : undefined;
      if (own) {
        const why = contradiction(own, resource);
        if (why) report.conflicts.push({ urn: own.urn, message: `${why}; this stack's facts are used` });
        continue;
      }
      const earlier = key ? contextByKey.get(key) : undefined;
      if (earlier) {
        const why = contradiction(earlier, resource);
        if (why && !disputed.has(key!)) {
          disputed.add(key!);
          report.conflicts.push({
            urn: earlier.urn,
            message: `${why}; neither is used, so what depends on it stays unknown`,
          });
        }
        continue;
      }
      if (key) contextByKey.set(key, resource);
      added.push(resource);
    }
    report.sources.push({ origin: source.origin, used: 0 });
  }
  const kept = disputed.size === 0 ? added : added.filter((resource) => !disputed.has(identityKey(resource) ?? ""));
  // Count what each source contributed after disputed resources were set aside.
  for (const source of report.sources)
    source.used = kept.filter((resource) => resource.origin === source.origin).length;
  return { resources: [...stackResources, ...kept], report };
}
