/**
 * The AWS-managed prefix lists of S3 and DynamoDB (`com.amazonaws.<region>.s3`,
 * `com.amazonaws.<region>.dynamodb`) by region and id: AWS owns them, every account of a region
 * sees the same id, and a program often writes that id as a literal (or gets it from
 * `aws.ec2.getPrefixList`, which reaches a pack as a literal too).
 *
 * An id is unique only within its region: the same text names different lists elsewhere
 * (pl-78a54011 is S3 in ap-south-1 and ap-northeast-2 but DynamoDB in ap-northeast-1), so the
 * table is read by region and id together. Customer-managed lists have long ids
 * (`pl-` and 17 hex digits) and are never in it.
 *
 * Only rows with a source are here; an id that is not is "unknown", never taken for S3.
 * Sources:
 * - `aws ec2 describe-prefix-lists` output for 15 regions, as printed by the AWS CLI:
 *   https://github.com/sharadchhetri/aws/blob/2045a68b51c530e7ae8b7e89bdd7dcd8f6f301bd/README.md
 *   (every row but eu-north-1);
 * - eu-north-1: S3 pl-c3aa4faa in a route table to an S3 gateway endpoint and in S3 maps of
 *   independent projects (a CDK region map, a troposphere mapping, a Terraform egress rule),
 *   DynamoDB pl-adae4bc4 beside it in a cluster runbook's security group rules (public code
 *   on GitHub, each agreeing with the others).
 * What AWS-managed prefix lists are: https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 */

/** The AWS services whose managed prefix lists the table holds. */
export type PrefixListService = "s3" | "dynamodb";

/** region → the ids of its S3 and DynamoDB prefix lists. */
const MANAGED_PREFIX_LISTS: Readonly<Record<string, Readonly<Record<PrefixListService, string>>>> = {
  "us-east-1": { s3: "pl-63a5400a", dynamodb: "pl-02cd2c6b" },
  "us-east-2": { s3: "pl-7ba54012", dynamodb: "pl-4ca54025" },
  "us-west-1": { s3: "pl-6ba54002", dynamodb: "pl-6ea54007" },
  "us-west-2": { s3: "pl-68a54001", dynamodb: "pl-00a54069" },
  "ca-central-1": { s3: "pl-7da54014", dynamodb: "pl-4ea54027" },
  "sa-east-1": { s3: "pl-6aa54003", dynamodb: "pl-60a54009" },
  "eu-west-1": { s3: "pl-6da54004", dynamodb: "pl-6fa54006" },
  "eu-west-2": { s3: "pl-7ca54015", dynamodb: "pl-b3a742da" },
  "eu-west-3": { s3: "pl-23ad484a", dynamodb: "pl-abb451c2" },
  "eu-central-1": { s3: "pl-6ea54007", dynamodb: "pl-66a5400f" },
  "eu-north-1": { s3: "pl-c3aa4faa", dynamodb: "pl-adae4bc4" },
  "ap-south-1": { s3: "pl-78a54011", dynamodb: "pl-66a7420f" },
  "ap-northeast-1": { s3: "pl-61a54008", dynamodb: "pl-78a54011" },
  "ap-northeast-2": { s3: "pl-78a54011", dynamodb: "pl-48a54021" },
  "ap-southeast-1": { s3: "pl-6fa54006", dynamodb: "pl-67a5400e" },
  "ap-southeast-2": { s3: "pl-6ca54005", dynamodb: "pl-62a5400b" },
};

/** Which AWS-managed list `id` is in `region`, or undefined when the table does not know it. */
export function awsManagedPrefixList(region: string, id: string): PrefixListService | undefined {
  const lists = MANAGED_PREFIX_LISTS[region];
  if (!lists) return undefined;
  if (lists.s3 === id) return "s3";
  if (lists.dynamodb === id) return "dynamodb";
  return undefined;
}

/** The regions the table has rows for (for messages and tests). */
export const REGIONS_WITH_MANAGED_PREFIX_LISTS: readonly string[] = Object.keys(MANAGED_PREFIX_LISTS);
