import { networkFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-INTERNET-IMAGE",
  description:
    "Images from registries outside ECR (Docker Hub, public.ecr.aws, GHCR) have an internet path from every task subnet.",
  explanation:
    "No VPC endpoint serves a registry outside ECR: without a public IP and internet gateway, or a NAT gateway, the pull times out (CannotPullContainerError).",
  fix: "Give the subnets a NAT gateway route (or public IPs in public subnets), or copy the image into ECR (a pull-through cache) and use endpoints.",
  defaultLevel: "mandatory",
  check: (analysis) => networkFindings("FARGATE-INTERNET-IMAGE", analysis, ["internet-image"]),
};
