import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-INTERNET-IMAGE",
  description:
    "Images from registries outside ECR (Docker Hub, public.ecr.aws, GHCR), and the first pulls through an ECR pull-through cache, have an internet path from every task subnet.",
  explanation:
    "No VPC endpoint serves a registry outside ECR: without a public IP and internet gateway, or a NAT gateway, the pull times out (CannotPullContainerError). A pull-through cache fetches a tag it does not hold from its upstream registry, and with ECR reached through VPC endpoints the first pull through a rule needs a NAT route to the internet.",
  fix: "Give the subnets a NAT gateway route (or public IPs in public subnets), or copy the image into a private ECR repository and use endpoints.",
  defaultLevel: "mandatory",
  docs: {
    failing: code`
      // Tasks in private subnets without a NAT gateway pull from Docker Hub.
      const containers = [{ name: "web", image: "nginx:1.27", essential: true }];
    `,
    passing: code`
      // The image copied into a private ECR repository, reached through the ECR endpoints (a
      // pull-through cache would still need a NAT route for the first pull of each tag).
      const containers = [
        {
          name: "web",
          image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/mirror/nginx:1.27",
          essential: true,
        },
      ];
    `,
  },
  check: (analysis) => networkFindings("FARGATE-INTERNET-IMAGE", analysis),
};
