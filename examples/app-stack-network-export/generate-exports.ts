/**
 * Writes the network stack's exports the app stack is checked against, as `pulumi stack
 * export` would after `pulumi up` of network/ (deployed: every id known): network-working.json
 * and network-broken.json (no Secrets Manager endpoint). The program runs under the offline
 * command's mocks, so the files are what the program declares, not hand-written JSON; a test
 * checks the committed files are what this writes.
 *
 *   npx ts-node --transpile-only examples/app-stack-network-export/generate-exports.ts
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const VARIANTS = { working: true, broken: false } as const;
export const NETWORK_STACK = { organization: "acme", project: "network", stack: "prod" };

export function exportFile(variant: keyof typeof VARIANTS): string {
  return path.join(__dirname, `network-${variant}.json`);
}

/** Runs network/ as deployed and returns its `pulumi stack export` document. */
export async function recordNetworkExport(secretsManagerEndpoint: boolean): Promise<unknown> {
  const pulumi = await import("@pulumi/pulumi");
  const { recordWithMocks, finishRecording } = await import("../../engine/simulator");
  const { project, stack } = NETWORK_STACK;
  const resources = await recordWithMocks(
    pulumi,
    { form: "deployed", region: "eu-west-1", accountId: "123456789012" },
    project,
    stack,
  );
  pulumi.runtime.setConfig("aws:region", "eu-west-1");
  pulumi.runtime.setConfig("network:secretsManagerEndpoint", String(secretsManagerEndpoint));
  const program = (await import("./network")) as Record<string, unknown>;
  const outputs = await new Promise<unknown>((resolve) => pulumi.output(program).apply((value) => resolve(value)));
  await pulumi.runtime.disconnect();
  await finishRecording(resources);
  const root = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-25T12:00:00Z", magic: "", version: "v3.207.0" },
      resources: [
        { urn: root, custom: false, type: "pulumi:pulumi:Stack", outputs },
        ...resources.map((resource) => {
          const custom = !resource.type.startsWith("fargate-preflight:");
          const { id, ...inputs } = resource.properties;
          return {
            urn: resource.urn,
            custom,
            id: custom ? id : undefined,
            type: resource.type,
            inputs: custom ? inputs : {},
            outputs: custom ? resource.properties : {},
            parent: resource.parent ?? root,
            dependencies: resource.dependencies ?? [],
            propertyDependencies: resource.propertyDependencies ?? {},
          };
        }),
      ],
    },
  };
}

async function main(): Promise<void> {
  const [variant] = process.argv.slice(2);
  if (variant === "working" || variant === "broken") {
    process.stdout.write(`${JSON.stringify(await recordNetworkExport(VARIANTS[variant]), null, 2)}\n`);
    return;
  }
  // One process per variant: the mocks are process-wide.
  for (const name of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
    const text = execFileSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin"), "--transpile-only", __filename, name],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    fs.writeFileSync(exportFile(name), text);
    process.stderr.write(`wrote ${path.relative(process.cwd(), exportFile(name))}\n`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
