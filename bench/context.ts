/**
 * The cost of context (issue 15): an app stack whose network is in an export file of N
 * resources, checked over gRPC by the pack, next to the same resources sent as one stack.
 * `contextBench()` is called by bench/run.ts; `npx ts-node --transpile-only bench/context.ts`
 * runs it alone.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { encodeAnalyzeStackRequest, PolicyPackProcess } from "../cli/analyzerClient";
import type { StackResource } from "../engine/stack-resource";
import { readPackConfig } from "../policies/config/pack-config";
import { withContext } from "../policies/context";
import { stackExport } from "../test/support/stack-export";
import { syntheticStack } from "./synthetic";

const ROOT = path.join(__dirname, "..");

/** What an app stack owns; everything else of the synthetic stack is the network stack's. */
const APP_TYPES = new Set([
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecs/cluster:Cluster",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/policy:Policy",
  "aws:secretsmanager/secret:Secret",
  "aws:ssm/parameter:Parameter",
  "aws:kms/key:Key",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:ecr/repository:Repository",
]);

const toNetwork = (urn: string) => urn.replace(/^urn:pulumi:[^:]+::[^:]+::/, "urn:pulumi:prod::network::");

export interface ContextBenchResult {
  contextResources: number;
  appResources: number;
  exportMb: number;
  /** AnalyzeStack of everything as one stack (no context). */
  oneStackMs: number;
  /** AnalyzeStack of the app stack with the network from the export file (read, parsed, merged each request). */
  withExportMs: number;
  /** loadContext + merge alone, in process. */
  loadAndMergeMs: number;
  mandatoryOneStack: number;
  mandatoryWithExport: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One deployed stack split in two: the app stack's own resources, and the network stack's (URNs of stack prod of project network). */
export function splitNetwork(all: readonly StackResource[]): { app: StackResource[]; network: StackResource[] } {
  const app = all.filter((resource) => APP_TYPES.has(resource.type));
  const network: StackResource[] = all
    .filter((resource) => !APP_TYPES.has(resource.type))
    .map((resource) => ({
      ...resource,
      urn: toNetwork(resource.urn),
      dependencies: (resource.dependencies ?? []).map(toNetwork),
      propertyDependencies: Object.fromEntries(
        Object.entries(resource.propertyDependencies ?? {}).map(([key, urns]) => [key, urns.map(toNetwork)]),
      ),
    }));
  return { app, network };
}

export async function contextBench(contextResources = 10000, runs = 3): Promise<ContextBenchResult> {
  // About 70% of a synthetic stack is network (the rest is the app's and unrelated buckets): size it so the export holds at least N.
  const all = syntheticStack("deployed", Math.round(contextResources * 1.45)).resources;
  const { app, network } = splitNetwork(all);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "context-bench-")), "network.json");
  fs.writeFileSync(file, JSON.stringify(stackExport(network)));

  const config = readPackConfig({ region: "eu-west-1", context: { stackExports: [file] } });
  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await withContext(app, config);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  const pack = await PolicyPackProcess.start(path.join(ROOT, "policies"), {
    env: { PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }), PULUMI_STACK: "bench" },
    startTimeoutMs: 120000,
  });
  const timed = async (resources: StackResource[]) => {
    const times: number[] = [];
    let mandatory = 0;
    // Encoded once, outside the timer: the engine (Go) serialises elsewhere, and encoding 10,000
    // resources in JS here would weigh on the one-stack side far more than on the app stack.
    const request = encodeAnalyzeStackRequest(resources);
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const diagnostics = await pack.analyzeStackEncoded(request, 600000);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
    }
    return { ms: median(times), mandatory };
  };
  try {
    const oneStack = await timed(all);
    await pack.configure({
      "fargate-preflight": { enforcementLevel: "mandatory", properties: { context: { stackExports: [file] } } },
    });
    const withExport = await timed(app);
    return {
      contextResources: network.length,
      appResources: app.length,
      exportMb: Math.round(fs.statSync(file).size / 1e5) / 10,
      oneStackMs: Math.round(oneStack.ms),
      withExportMs: Math.round(withExport.ms),
      loadAndMergeMs: Math.round(median(inProcess)),
      mandatoryOneStack: oneStack.mandatory,
      mandatoryWithExport: withExport.mandatory,
    };
  } finally {
    await pack.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export function contextBenchLine(result: ContextBenchResult): string {
  return (
    `context: export file of ${result.contextResources} resources (${result.exportMb} MB) + app stack of ${result.appResources}: ` +
    `AnalyzeStack ${result.withExportMs} ms (load + merge ${result.loadAndMergeMs} ms) vs ${result.oneStackMs} ms as one stack; ` +
    `mandatory findings ${result.mandatoryWithExport} vs ${result.mandatoryOneStack}`
  );
}

if (require.main === module) {
  contextBench(Number(process.env.BENCH_CONTEXT_RESOURCES ?? 10000))
    .then((result) => console.log(contextBenchLine(result)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
