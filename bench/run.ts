/**
 * npm run bench: the pack's speed and scale next to a floor pack (only @pulumi/policy's own
 * deserialisation) and @pulumi/awsguard, all started the way the engine starts them and sent
 * the same stacks over the Analyzer gRPC protocol, in one run on one machine.
 */
import { execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess, StackResource } from "../cli/analyzerClient";
import { syntheticStack } from "./synthetic";
import { contextBench, contextBenchLine } from "./context";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,50000").split(",").map(Number);
const PACK_ENV = {
  PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
  PULUMI_STACK: "bench",
  PULUMI_PROJECT: "bench",
};

interface PackUnderTest {
  name: "ours" | "floor" | "awsguard" | "ours-no-capture";
  directory: string;
}

/** The shipped pack (npm run build): what `pulumi preview --policy-pack` runs. */
const BUILT_PACK = path.join(ROOT, "policy-pack");
/** Packs whose cold start is compared: the shipped one, its TypeScript source, and the empty baseline. */
const STARTUP_PACKS = [
  { name: "policy-pack", directory: BUILT_PACK },
  { name: "empty", directory: path.join(ROOT, "bench", "empty-pack") },
  { name: "policies-ts", directory: path.join(ROOT, "policies") },
] as const;
/** The target of issue 14: the shipped pack starts at most 1.3 times as slowly as an empty precompiled pack. */
const STARTUP_TARGET = 1.3;

function ensureBuiltPack(): void {
  if (!fs.existsSync(path.join(BUILT_PACK, "package.json"))) {
    process.stderr.write("building policy-pack/ (npm run build)...\n");
    execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  }
}

/**
 * Cold start, process start to port, of each pack: rounds alternate between the packs so that
 * the load of a shared machine falls on all of them alike.
 */
async function coldStarts(): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const pack of STARTUP_PACKS)
      (times[pack.name] ??= []).push(await coldStart({ name: "ours", directory: pack.directory }));
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, round(median(values), 0)]));
}

function startupLine(startup: Record<string, number>): string {
  const ratio = round(startup["policy-pack"] / startup.empty);
  return `cold start (process start to port, median of ${RUNS}): policy-pack ${startup["policy-pack"]} ms, empty precompiled pack ${startup.empty} ms, ratio ${ratio} (target <= ${STARTUP_TARGET}: ${ratio <= STARTUP_TARGET ? "met" : "NOT met"}); TypeScript policies/ ${startup["policies-ts"]} ms`;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function ensureBenchInstall(): boolean {
  const bench = path.join(ROOT, "bench");
  if (!fs.existsSync(path.join(bench, "node_modules", "@pulumi", "awsguard"))) {
    process.stderr.write("installing bench/ (@pulumi/awsguard and its @pulumi/aws 4) on first use...\n");
    try {
      execSync("npm ci --no-audit --no-fund", { cwd: bench, stdio: "inherit" });
    } catch {
      process.stderr.write("bench/ could not be installed: awsguard is left out\n");
      return false;
    }
  }
  for (const [link, target] of [
    ["bench/awsguard-pack/node_modules", "../node_modules"],
    ["bench/floor-pack/node_modules", "../../node_modules"],
    ["bench/no-capture-pack/node_modules", "../../node_modules"],
  ]) {
    const full = path.join(ROOT, link);
    if (!fs.existsSync(full)) fs.symlinkSync(target, full, "junction");
  }
  return true;
}

async function coldStart(pack: PackUnderTest): Promise<number> {
  const started = process.hrtime.bigint();
  const process_ = await PolicyPackProcess.start(pack.directory, { env: PACK_ENV, startTimeoutMs: 120000 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  await process_.stop();
  return elapsed;
}

/** The engine's calls for one preview: Analyze per resource (several in flight), then AnalyzeStack. */
async function enginePass(
  pack: PolicyPackProcess,
  resources: readonly StackResource[],
): Promise<{ analyzeMs: number; stackMs: number; diagnostics: number }> {
  let next = 0;
  let diagnostics = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < resources.length) {
      const resource = resources[next++];
      // Analyze gets the inputs after Check; AnalyzeStack the outputs (the planned state at a first preview).
      diagnostics += (await pack.analyze({ ...resource, properties: resource.inputs ?? resource.properties })).length;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const analyzed = process.hrtime.bigint();
  diagnostics += (await pack.analyzeStack(resources, 600000)).length;
  const done = process.hrtime.bigint();
  return { analyzeMs: Number(analyzed - started) / 1e6, stackMs: Number(done - analyzed) / 1e6, diagnostics };
}

function peakMemoryMb(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? round(Number(match[1]) / 1024, 0) : undefined;
  } catch {
    return undefined;
  }
}

async function costModel() {
  const pulumi = await import("@pulumi/pulumi");
  const { recordWithMocks } = await import("../cli/mocks");
  const { FargateEndpointSet } = await import("../components");
  await recordWithMocks(pulumi, { form: "deployed", region: "us-east-1", accountId: "123456789012" }, "bench", "cost");
  pulumi.runtime.setConfig("aws:region", "us-east-1");
  const aws = await import("@pulumi/aws");
  const services = ["ecr", "logs", "secretsmanager", "ssm"];
  const subnetsIn = (prefix: string, count: number) => {
    const vpc = new aws.ec2.Vpc(`${prefix}-vpc`, { cidrBlock: "10.0.0.0/16" });
    const subnets = Array.from(
      { length: count },
      (_, i) =>
        new aws.ec2.Subnet(`${prefix}-s${i}`, {
          vpcId: vpc.id,
          cidrBlock: `10.0.${i}.0/24`,
          availabilityZone: `us-east-1${"abc"[i % 3]}`,
        }),
    );
    const table = new aws.ec2.RouteTable(`${prefix}-rt`, { vpcId: vpc.id });
    return { vpc, subnets, table };
  };
  const shared = subnetsIn("shared", 6);
  const sharedSet = new FargateEndpointSet("shared", {
    vpcId: shared.vpc.id,
    subnetIds: shared.subnets.map((s) => s.id),
    routeTableIds: [shared.table.id],
    services,
  });
  // One set per subnet (what copying a module per service or subnet ends up doing), each in its own VPC so the private-DNS guard does not stop it.
  const perSubnet = Array.from({ length: 6 }, (_, i) => {
    const net = subnetsIn(`per-subnet-${i}`, 1);
    return new FargateEndpointSet(`per-subnet-${i}`, {
      vpcId: net.vpc.id,
      subnetIds: [net.subnets[0].id],
      routeTableIds: [net.table.id],
      services,
    });
  });
  const value = <T>(output: import("@pulumi/pulumi").Output<T>) =>
    new Promise<T>((resolve) => output.apply((v) => resolve(v)));
  const sharedCost = await value(sharedSet.monthlyCostUsd);
  const natCost = await value(sharedSet.natGatewaysMonthlyCostUsd);
  const perSubnetCost = round(
    (await Promise.all(perSubnet.map((set) => value(set.monthlyCostUsd)))).reduce((a, b) => a + b, 0),
  );
  await pulumi.runtime.disconnect();
  return {
    sharedEndpointSetUsd: sharedCost,
    oneSetPerSubnetUsd: perSubnetCost,
    natGatewayPerAzUsd: natCost,
    azs: 3,
    subnets: 6,
    interfaceEndpoints: "ecr.api, ecr.dkr, logs, secretsmanager, ssm",
  };
}

async function main(): Promise<void> {
  ensureBuiltPack();
  if (process.env.BENCH_ONLY === "startup") {
    const startup = await coldStarts();
    console.log(startupLine(startup));
    return;
  }
  const withAwsguard = ensureBenchInstall();
  const packs: PackUnderTest[] = [
    { name: "ours", directory: BUILT_PACK },
    { name: "floor", directory: path.join(ROOT, "bench", "floor-pack") },
    ...(withAwsguard ? [{ name: "awsguard" as const, directory: path.join(ROOT, "bench", "awsguard-pack") }] : []),
    { name: "ours-no-capture", directory: path.join(ROOT, "bench", "no-capture-pack") },
  ];
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`;
  process.stderr.write(`machine: ${machine}\n`);

  const startup = await coldStarts();
  process.stderr.write(`${startupLine(startup)}\n`);

  const rows: {
    size: number;
    form: string;
    resources: number;
    pack: string;
    analyzeMs: number;
    stackMs: number;
    totalMs: number;
    diagnostics: number;
  }[] = [];
  let oursPeakMb: number | undefined;
  for (const size of SIZES) {
    for (const form of ["preview", "deployed"] as const) {
      const resources = syntheticStack(form, size).resources;
      // The capture only matters where it runs on every preview at scale: priced at the largest first preview.
      for (const pack of packs.filter(
        (p) => p.name !== "ours-no-capture" || (form === "preview" && size === Math.max(...SIZES)),
      )) {
        const running = await PolicyPackProcess.start(pack.directory, { env: PACK_ENV, startTimeoutMs: 120000 });
        const passes = [];
        for (let i = 0; i < RUNS; i++) passes.push(await enginePass(running, resources));
        if (pack.name === "ours") oursPeakMb = Math.max(oursPeakMb ?? 0, peakMemoryMb(running.pid) ?? 0);
        await running.stop();
        const row = {
          size,
          form,
          resources: resources.length,
          pack: pack.name,
          analyzeMs: round(median(passes.map((p) => p.analyzeMs)), 0),
          stackMs: round(median(passes.map((p) => p.stackMs)), 0),
          totalMs: round(median(passes.map((p) => p.analyzeMs + p.stackMs)), 0),
          diagnostics: passes[0].diagnostics,
        };
        rows.push(row);
        process.stderr.write(
          `${size} ${form} ${pack.name}: analyze ${row.analyzeMs} ms, stack ${row.stackMs} ms, ${row.diagnostics} diagnostics\n`,
        );
      }
    }
  }

  const sum = (pack: string, size: number, field: "stackMs" | "totalMs") =>
    rows.filter((r) => r.pack === pack && r.size === size).reduce((total, r) => total + r[field], 0);
  const largest = Math.max(...SIZES);
  const tenThousand = SIZES.includes(10000) ? 10000 : SIZES[0];
  const ratios = {
    "ours/floor": round(sum("ours", largest, "stackMs") / sum("floor", largest, "stackMs")),
    "ours/awsguard": withAwsguard
      ? round(sum("ours", largest, "totalMs") / sum("awsguard", largest, "totalMs"))
      : undefined,
    "scale50k/10k": round(sum("ours", largest, "stackMs") / sum("ours", tenThousand, "stackMs")),
    "startup/empty": round(startup["policy-pack"] / startup.empty),
    // Share of ours' Analyze time (Analyze x N at the largest first preview) that the capture costs.
    "capture/analyze": (() => {
      const analyzeOf = (pack: string) =>
        rows.find((r) => r.pack === pack && r.size === largest && r.form === "preview")?.analyzeMs;
      const withCapture = analyzeOf("ours");
      const without = analyzeOf("ours-no-capture");
      return withCapture && without !== undefined ? round((withCapture - without) / withCapture, 3) : undefined;
    })(),
  };
  const cost = await costModel();
  const context = await contextBench(10000, RUNS);

  console.log(`machine: ${machine}; ${RUNS} runs each, medians`);
  console.log("| resources | form | pack | Analyze x N (ms) | AnalyzeStack (ms) | total (ms) | diagnostics |");
  console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
  for (const row of rows)
    console.log(
      `| ${row.resources} | ${row.form} | ${row.pack} | ${row.analyzeMs} | ${row.stackMs} | ${row.totalMs} | ${row.diagnostics} |`,
    );
  console.log(`${startupLine(startup)}; peak memory of ours: ${oursPeakMb} MB`);
  console.log(
    `endpoint cost, interface endpoints ${cost.interfaceEndpoints} (+ free S3 gateway), ${cost.azs} AZs, ${cost.subnets} subnets: one FargateEndpointSet $${cost.sharedEndpointSetUsd}/month, one set per subnet $${cost.oneSetPerSubnetUsd}/month, one NAT gateway per AZ $${cost.natGatewayPerAzUsd}/month (hours only)`,
  );
  console.log(contextBenchLine(context));
  fs.writeFileSync(
    path.join(ROOT, "bench", "results.json"),
    `${JSON.stringify({ machine, runs: RUNS, startupMs: startup, oursPeakMemoryMb: oursPeakMb, rows, ratios, cost, context }, null, 2)}\n`,
  );
  const scaleLabel = `scale${largest / 1000}k/${tenThousand / 1000}k`;
  console.log(
    `bench: ours/floor=${ratios["ours/floor"]} ours/awsguard=${ratios["ours/awsguard"] ?? "n/a"} ${scaleLabel}=${ratios["scale50k/10k"]} startup/empty=${ratios["startup/empty"]} capture/analyze=${ratios["capture/analyze"] ?? "n/a"}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
