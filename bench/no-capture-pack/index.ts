// Our pack without the Analyze capture: the difference in Analyze time to ours is what the
// capture costs a preview (npm run bench prints it as a share of ours). Everything else is
// ours: the same hook reads the requests from their bytes (engine/wire/analyze-requests.ts),
// it only keeps no inputs, so the pack settles from propertyDependencies alone.
import { PolicyPack } from "@pulumi/policy";
// The compiled policies (npm run build), as policy-pack/ runs them: from the TypeScript source
// the pack would run through ts-node instead, and differ from ours in more than the capture.
import { fargatePreflightPolicies } from "../../dist/policies/pack";
import { AnalyzeInputs } from "../../dist/engine/wire/analyze-inputs";
import { watchAnalyzerRequests } from "../../dist/engine/wire/analyze-requests";

/** A store that asks for no inputs: the hook then reads only each request's type and URN. */
class NothingKept extends AnalyzeInputs {
  override keysFor(): undefined {
    return undefined;
  }
}

const analyzeInputs = new NothingKept();
const watch = watchAnalyzerRequests(analyzeInputs);
new PolicyPack("fargate-preflight", {
  policies: fargatePreflightPolicies({
    analyzeInputs,
    captureAnalyzeInputs: false,
    stackResources: watch.stackResources,
  }),
  enforcementLevel: "mandatory",
});
watch.stop();
