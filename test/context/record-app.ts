/**
 * Runs examples/app-stack-network-export/app under the offline command's mocks and prints
 * the resources the engine would send to AnalyzeStack, as JSON: `ts-node record-app.ts
 * <preview|deployed> <network export>`. A child process per form, as the mocks are process-wide.
 */
import * as fs from "fs";
import * as path from "path";
import type { StackResource } from "../../cli/analyzerClient";
import { parseStackExport } from "../../policies/context/export";
import { PLANNED_STATE } from "../../policies/stack/planned-state";
import { fillDefaults, plannedState } from "../fixtures/builder";

export const APP_DIR = path.join(__dirname, "..", "..", "examples", "app-stack-network-export", "app");

/**
 * The offline mocks record an idealised preview (the inputs as outputs). What the engine sends
 * at a first preview is the provider's plan: Check's defaults filled in, ids, ARNs and unset
 * Optional+Computed attributes unknown (PREVIEW-STATE.md), and the inputs go to Analyze.
 */
function faithfulFirstPreview(resource: StackResource): StackResource {
  const semantics = PLANNED_STATE[resource.type];
  const inputs = { ...resource.properties };
  delete inputs.id;
  if (semantics) fillDefaults(inputs, semantics);
  return { ...resource, inputs, properties: plannedState(inputs, semantics) };
}

async function main(): Promise<void> {
  const [form, exportFile] = process.argv.slice(2);
  if (form !== "preview" && form !== "deployed") throw new Error("usage: record-app.ts <preview|deployed> <export>");
  const outputs = parseStackExport(fs.readFileSync(exportFile, "utf8"), exportFile, "").outputs;
  const pulumi = await import("@pulumi/pulumi");
  const { recordWithMocks } = await import("../../cli/mocks");
  const resources = await recordWithMocks(
    { form, region: "eu-west-1", accountId: "123456789012", stackOutputs: () => outputs },
    "shop-app",
    "dev",
  );
  pulumi.runtime.setConfig("aws:region", "eu-west-1");
  pulumi.runtime.setConfig("shop-app:networkStack", "acme/network/prod");
  process.chdir(APP_DIR);
  require(APP_DIR);
  await pulumi.runtime.disconnect();
  process.stdout.write(JSON.stringify(form === "preview" ? resources.map(faithfulFirstPreview) : resources));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
