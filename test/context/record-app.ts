/**
 * Runs examples/app-stack-network-export/app under the offline command's mocks and prints
 * the resources the engine would send to AnalyzeStack, as JSON: `ts-node record-app.ts
 * <preview|deployed> <network export>`. A child process per form, as the mocks are process-wide.
 */
import * as fs from "fs";
import * as path from "path";
import { parseContextExport } from "../../policies/context/export";

export const APP_DIR = path.join(__dirname, "..", "..", "examples", "app-stack-network-export", "app");

async function main(): Promise<void> {
  const [form, exportFile] = process.argv.slice(2);
  if (form !== "preview" && form !== "deployed") throw new Error("usage: record-app.ts <preview|deployed> <export>");
  const outputs = parseContextExport(fs.readFileSync(exportFile, "utf8"), exportFile, "").outputs;
  const pulumi = await import("@pulumi/pulumi");
  const { recordWithMocks, finishRecording } = await import("../../engine/simulator");
  const resources = await recordWithMocks(
    pulumi,
    { form, region: "eu-west-1", accountId: "123456789012", stackOutputs: () => outputs },
    "shop-app",
    "dev",
  );
  pulumi.runtime.setConfig("aws:region", "eu-west-1");
  pulumi.runtime.setConfig("shop-app:networkStack", "acme/network/prod");
  process.chdir(APP_DIR);
  require(APP_DIR);
  await pulumi.runtime.disconnect();
  await finishRecording(resources);
  process.stdout.write(JSON.stringify(resources));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
