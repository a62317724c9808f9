/**
 * AWS partitions: the ARN partition, the DNS suffix and the prefix of VPC endpoint
 * service names differ between the commercial, China and GovCloud partitions.
 */

export type Partition = "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b";

export interface PartitionInfo {
  partition: Partition;
  /** Suffix of public service host names, e.g. `amazonaws.com`. */
  dnsSuffix: string;
}

export const REGION_PATTERN = /^[a-z]{2}(-iso[a-z]?|-gov)?-[a-z]+-\d+$/;

/** True for strings shaped like an AWS region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`). */
export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

export function partitionForRegion(region: string): PartitionInfo {
  if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
  if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
  if (region.startsWith("us-isob-")) return { partition: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov" };
  if (region.startsWith("us-iso-")) return { partition: "aws-iso", dnsSuffix: "c2s.ic.gov" };
  return { partition: "aws", dnsSuffix: "amazonaws.com" };
}
