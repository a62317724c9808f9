/** Parsing and building ARNs: `arn:partition:service:region:account:resource`. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included (`secret:name-AbCdEf:key::`). */
  resource: string;
}

export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith("arn:")) return undefined;
  const parts = value.split(":");
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account, ...rest] = parts;
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: rest.join(":") };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}
