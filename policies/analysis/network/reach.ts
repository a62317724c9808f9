/**
 * The verdict of one network check, as a discriminated union: a rule switches on `status`
 * (and, for an unreachable path, on `failure`) and the compiler tells it which fields exist.
 */
import type { EcsService, SecurityGroup, Subnet, Vpc } from "../../stack/model";
import type { Fix } from "../fix";
import type { PrefixLists } from "./prefix-lists";

export interface Reachable {
  status: "reachable";
  /** The path taken. */
  path: string;
}

/**
 * Why a path is unreachable:
 * - `broken`: the path exists but a link on it fails (a rule, a policy, DNS);
 * - `absent`: there is no path at all (no endpoint, no route);
 * - `denied`: the path exists and an endpoint policy refuses the call (AccessDenied, not a timeout);
 * - `public-ip`, `nat-placement`: a cause with a rule of its own, reported once per service.
 */
export type Failure = "broken" | "absent" | "denied" | "public-ip" | "nat-placement";

export interface Unreachable {
  status: "unreachable";
  failure: Failure;
  /** The missing link. */
  missing: string;
  /** What to change. */
  fix: Fix;
  /** The resource to change, when it is not the service itself. */
  fixAt?: string;
  /** When neither an endpoint nor an internet path exists: what is missing on the internet side. */
  alternative?: string;
}

/** Some network interfaces of an endpoint are reachable and some are not: tasks fail intermittently. */
export interface PartlyReachable {
  status: "partial";
  /** The interfaces (subnets) that are reachable. */
  reached: string;
  missing: string;
  fix: Fix;
  fixAt?: string;
}

export interface UnknownReach {
  status: "unknown";
  /** The fact that cannot be known before deployment, and which input would make it known. */
  missing: string;
  fixAt?: string;
  /** What settles it, when not an input of `fixAt` (the stack's account). */
  settleWith?: string;
}

export type Reach = Reachable | Unreachable | PartlyReachable | UnknownReach;

export const reachable = (path: string): Reachable => ({ status: "reachable", path });

export const unreachable = (missing: string, fix: Fix, fixAt?: string, failure: Failure = "broken"): Unreachable => ({
  status: "unreachable",
  failure,
  missing,
  fix,
  fixAt,
});

export const unknown = (missing: string, fixAt?: string, settleWith?: string): UnknownReach =>
  settleWith === undefined ? { status: "unknown", missing, fixAt } : { status: "unknown", missing, fixAt, settleWith };

/** A yes / no / cannot-know answer about one link, with the reason when it is not yes. */
export type Verdict = { result: true } | { result: false; why: string } | { result: "unknown"; why: string };

/** Where one task ENI sits: the subnet, its VPC, and the service's security groups. */
export interface Placement {
  service: EcsService;
  subnet: Subnet;
  vpc?: Vpc;
  /** The VPC's id or URN, for matching endpoints also when the VPC is outside the stack. */
  vpcKey?: string;
  taskGroups: SecurityGroup[];
  /** Why the task security groups are not all known (outside the stack, computed). */
  taskGroupsUnknown?: string;
  region: string;
  /** What the pack knows of the prefix lists of the stack and region. */
  prefixLists: PrefixLists;
}
