/**
 * What the analysis takes from the user besides the stack: the part of the pack's configuration
 * (policies/config/pack-config.ts reads and checks the whole of it) that changes a verdict.
 */

export interface Assumption {
  /** A VPC, or a subnet, outside what the pack can see (given by id). */
  vpcId?: string;
  subnetId?: string;
  /** AWS service keys (`secretsmanager`, `ecr.api`, ...), `internet`, or `*` for everything. */
  needs: string[];
  /** Why it holds (a hub endpoint, transit gateway egress...): mandatory, shown in reports. */
  reason: string;
}

/**
 * A service control policy of the stack's account, stated in config: SCPs live in AWS
 * Organizations, outside any stack, so the pack sees only those written here.
 */
export interface StatedServiceControlPolicy {
  name: string;
  /** The SCP document, as JSON text or an object. */
  policy: unknown;
  /** Where it comes from (OU, account): shown in reports. */
  reason: string;
}

export interface AnalysisSettings {
  region?: string;
  accountId?: string;
  assumeReachable: Assumption[];
  serviceControlPolicies: StatedServiceControlPolicy[];
  /** Ids of the region's S3 prefix list (com.amazonaws.<region>.s3), for ids the stack names as literals. */
  s3PrefixListIds: string[];
}
