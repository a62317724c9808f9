// Our pack without the Analyze capture: the difference in Analyze time to ours is what the
// capture costs a preview (npm run bench prints it as a share of ours).
import { PolicyPack } from "@pulumi/policy";
import { fargatePreflightPolicies } from "../../policies/pack";

new PolicyPack("fargate-preflight", {
  policies: fargatePreflightPolicies({ captureAnalyzeInputs: false }),
  enforcementLevel: "mandatory",
});
