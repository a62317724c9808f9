// Entry point the engine loads: starting a PolicyPack starts its gRPC server and prints the
// port. The policies themselves live in ./pack so they can be imported without a server.
import { PolicyPack } from "@pulumi/policy";
import { captureThroughResourcePolicy, fargatePreflightPolicies } from "./pack";
import { AnalyzeInputs } from "../engine/wire/analyze-inputs";
import { watchAnalyzerRequests } from "../engine/wire/analyze-requests";

// The Analyze inputs and the AnalyzeStack resources are read from the gRPC requests (cheap),
// else, when this @pulumi/policy registers its server otherwise, through validateResource and
// @pulumi/policy's resources (stack/analyze-requests.ts).
const analyzeInputs = new AnalyzeInputs();
const watch = watchAnalyzerRequests(analyzeInputs);
const policies = fargatePreflightPolicies({
  analyzeInputs,
  captureAnalyzeInputs: false,
  stackResources: watch.stackResources,
});

new PolicyPack("fargate-preflight", {
  policies,
  enforcementLevel: "mandatory",
  description:
    "Proves at preview that every ECS Fargate service can reach, and may use, each AWS service its tasks need at start-up.",
  provider: "aws",
  tags: ["aws", "ecs", "fargate", "networking", "iam"],
});

watch.stop();
if (!watch.seen()) captureThroughResourcePolicy(policies[0], analyzeInputs);
