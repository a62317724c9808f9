/**
 * Addresses a Fargate service needs in its subnets: every task has its own network interface
 * (awsvpc), so one private IPv4 address per running or starting task, and AWS keeps five
 * addresses of every subnet. A rolling deployment runs up to desiredCount x maximumPercent / 100
 * tasks (rounded down); a blue/green one (CODE_DEPLOY, EXTERNAL) a whole second task set.
 */
import { parseCidr } from "../cidr";

export const SUBNET_SOURCES = [
  "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
  "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html",
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
] as const;

/** The first four and the last address of every subnet are AWS's. */
export const RESERVED_PER_SUBNET = 5;

/** Addresses of an IPv4 subnet that network interfaces can take; undefined when it is not an IPv4 CIDR. */
export function usableAddresses(cidr: string): number | undefined {
  const range = parseCidr(cidr);
  return range ? Math.max(0, range.last - range.first + 1 - RESERVED_PER_SUBNET) : undefined;
}

/** The most tasks of a service running or starting at once, during a deployment. */
export function peakTasks(desiredCount: number, maximumPercent: number, controller: string): number {
  if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") return desiredCount * 2;
  return Math.floor((desiredCount * maximumPercent) / 100);
}
