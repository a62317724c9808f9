// Entry point the engine loads: starting a PolicyPack starts its gRPC server and prints the
// port. The policies themselves live in ./pack so they can be imported without a server.
import { PolicyPack } from "@pulumi/policy";
import { fargatePreflightPolicies } from "./pack";

new PolicyPack("fargate-preflight", {
  policies: fargatePreflightPolicies(),
  enforcementLevel: "mandatory",
  description:
    "Proves at preview that every ECS Fargate service can reach, and may use, each AWS service its tasks need at start-up.",
  provider: "aws",
  tags: ["aws", "ecs", "fargate", "networking", "iam"],
});
