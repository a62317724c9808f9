import type { Policies } from "@pulumi/policy";

/**
 * The fargate-preflight policies, for `new PolicyPack(...)`. An organisation can publish its
 * own pack from these, as with @pulumi/awsguard.
 */
export function fargatePreflightPolicies(): Policies {
  return [];
}
