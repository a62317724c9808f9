// Our pack without the Analyze capture: the difference in Analyze time to ours is what the
// capture costs a preview (npm run bench prints it as a share of ours). Without the pack
// entry's hook its AnalyzeStack also goes through @pulumi/policy's deserialisation; only its
// Analyze time is compared.
import { PolicyPack } from "@pulumi/policy";
// The compiled policies (npm run build), as policy-pack/ runs them: from the TypeScript source
// the pack would run through ts-node instead, and differ from ours in more than the capture.
import { fargatePreflightPolicies } from "../../dist/policies/pack";

new PolicyPack("fargate-preflight", {
  policies: fargatePreflightPolicies({ captureAnalyzeInputs: false }),
  enforcementLevel: "mandatory",
});
