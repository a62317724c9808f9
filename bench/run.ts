/**
 * npm run bench: the pack's speed and scale next to a floor pack (only @pulumi/policy's own
 * deserialisation) and @pulumi/awsguard, all started the way the engine starts them and sent
 * the same stacks over the Analyzer gRPC protocol, in one run on one machine.
 *
 * What is timed is the pack: every request is encoded before the timer starts and sent as bytes
 * (the engine is Go and serialises in its own process), each phase is also measured as the pack
 * process's CPU time, and the packs take turns round by round so a shared machine's load falls
 * on all of them alike. Rows are medians over the rounds.
 */
import { execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest, PolicyPackProcess } from "../cli/analyzerClient";
import type { StackResource } from "../engine/stack-resource";
import { syntheticStack } from "./synthetic";
import { contextBench, contextBenchLine } from "./context";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/**
 * "fresh" (default): every pass in a new pack process, because the engine starts one per
 * preview, so every preview a user waits for runs cold (V8 compiles and optimises as it goes;
 * a cold pass costs up to twice a warm one). "reused" (BENCH_PROCESS=reused): one process per
 * pack across its rounds after BENCH_WARMUP untimed passes: warm code, for comparing changes.
 */
const PROCESS_MODE: "fresh" | "reused" = process.env.BENCH_PROCESS === "reused" ? "reused" : "fresh";
const WARMUP = PROCESS_MODE === "reused" ? Number(process.env.BENCH_WARMUP ?? 1) : 0;
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
/** What bench/no-capture-pack imports: the code policy-pack/ holds, so the two differ only in the capture. */
const COMPILED_POLICIES = path.join(ROOT, "dist", "policies", "pack.js");
/** Packs whose cold start is compared: the shipped one, its TypeScript source, and the empty baseline. */
const STARTUP_PACKS = [
  { name: "policy-pack", directory: BUILT_PACK },
  { name: "empty", directory: path.join(ROOT, "bench", "empty-pack") },
  { name: "policies-ts", directory: path.join(ROOT, "policies") },
] as const;
/** The target of issue 14: the shipped pack starts at most 1.3 times as slowly as an empty precompiled pack. */
const STARTUP_TARGET = 1.3;

function ensureBuiltPack(): void {
  // The no-capture pack loads the same compiled policies from dist/ (npm run build makes both).
  if (!fs.existsSync(path.join(BUILT_PACK, "package.json")) || !fs.existsSync(COMPILED_POLICIES)) {
    process.stderr.write("building policy-pack/ (npm run build)...\n");
    execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  }
}

/**
 * Cold start, process start to port, of each pack: rounds alternate between the packs so that
 * the load of a shared machine falls on all of them alike.
 */
async function coldStarts(): Promise<Startup> {
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const pack of STARTUP_PACKS) {
      const start = await coldStart({ name: "ours", directory: pack.directory });
      (wall[pack.name] ??= []).push(start.wallMs);
      (cpu[pack.name] ??= []).push(start.cpuMs);
    }
  }
  const medians = (times: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(times).map(([name, values]) => [name, round(median(values), 0)]));
  return { wallMs: medians(wall), cpuMs: medians(cpu) };
}

/** Cold starts by pack name: wall (process start to port) and the pack process's CPU time up to its port. */
interface Startup {
  wallMs: Record<string, number>;
  cpuMs: Record<string, number>;
}

function startupLine(startup: Startup): string {
  const { wallMs, cpuMs } = startup;
  const ratio = round(wallMs["policy-pack"] / wallMs.empty);
  return `cold start (process start to port, median of ${RUNS}): policy-pack ${wallMs["policy-pack"]} ms, empty precompiled pack ${wallMs.empty} ms, ratio ${ratio} (target <= ${STARTUP_TARGET}: ${ratio <= STARTUP_TARGET ? "met" : "NOT met"}); TypeScript policies/ ${wallMs["policies-ts"]} ms; pack CPU to port: policy-pack ${cpuMs["policy-pack"]} ms, empty ${cpuMs.empty} ms, policies/ ${cpuMs["policies-ts"]} ms`;
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

async function coldStart(pack: PackUnderTest): Promise<{ wallMs: number; cpuMs: number }> {
  const started = process.hrtime.bigint();
  const process_ = await PolicyPackProcess.start(pack.directory, { env: PACK_ENV, startTimeoutMs: 120000 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = processCpuMs(process_.pid);
  await process_.stop();
  return { wallMs, cpuMs };
}

/** Ticks per second of the times in /proc/<pid>/stat (`getconf CLK_TCK`, 100 on nearly every Linux). */
const CLOCK_TICKS = (() => {
  try {
    const ticks = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, all its threads, GC included) a process has used so far, in ms, at
 * the clock-tick resolution (10 ms at 100 ticks/s); NaN where there is no /proc (not Linux).
 * Wall time also counts the client and whatever else the machine runs; this counts the pack only.
 */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: split after it. Fields
    // then start at 3 (state), so utime (14) and stime (15) are at 11 and 12.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** One stack's requests, encoded before any timer starts and sent to every pack as they are. */
interface EncodedStack {
  analyze: Uint8Array[];
  stack: Uint8Array;
}

function encodeStack(resources: readonly StackResource[]): EncodedStack {
  return {
    // Analyze gets the inputs after Check; AnalyzeStack the outputs (the planned state at a first preview).
    analyze: resources.map(encodeAnalyzeRequest),
    stack: encodeAnalyzeStackRequest(resources),
  };
}

/** One pass's times: wall and the pack's CPU per phase, the client's CPU over the pass. */
interface PassTimes {
  analyzeMs: number;
  stackMs: number;
  analyzeCpuMs: number;
  stackCpuMs: number;
  clientCpuMs: number;
  diagnostics: number;
}

/** The engine's calls for one preview: Analyze per resource (several in flight), then AnalyzeStack. */
async function enginePass(pack: PolicyPackProcess, encoded: EncodedStack): Promise<PassTimes> {
  let next = 0;
  let diagnostics = 0;
  const worker = async () => {
    while (next < encoded.analyze.length) diagnostics += (await pack.analyzeEncoded(encoded.analyze[next++])).length;
  };
  const client = process.cpuUsage();
  const cpuStarted = processCpuMs(pack.pid);
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 16 }, worker));
  const analyzed = process.hrtime.bigint();
  const cpuAnalyzed = processCpuMs(pack.pid);
  diagnostics += (await pack.analyzeStackEncoded(encoded.stack, 600000)).length;
  const done = process.hrtime.bigint();
  const cpuDone = processCpuMs(pack.pid);
  const clientUsed = process.cpuUsage(client);
  return {
    analyzeMs: Number(analyzed - started) / 1e6,
    stackMs: Number(done - analyzed) / 1e6,
    analyzeCpuMs: cpuAnalyzed - cpuStarted,
    stackCpuMs: cpuDone - cpuAnalyzed,
    clientCpuMs: (clientUsed.user + clientUsed.system) / 1000,
    diagnostics,
  };
}

interface Row {
  size: number;
  form: string;
  resources: number;
  pack: string;
  /** Wall time of the phase, client included (median over the rounds). */
  analyzeMs: number;
  stackMs: number;
  totalMs: number;
  /** The pack process's CPU time in the phase (median over the rounds). */
  analyzeCpuMs: number;
  stackCpuMs: number;
  totalCpuMs: number;
  /** The bench process's own CPU time over the pass (sending, receiving, decoding): what wall time also holds. */
  clientCpuMs: number;
  diagnostics: number;
  /** Each round's pass, in round order: the spread behind the medians. */
  passes: PassTimes[];
  /** The untimed warm-up passes (the first is cold, as a single preview's would be). */
  warmups: PassTimes[];
}

function toRow(
  size: number,
  form: string,
  resources: number,
  pack: string,
  passes: PassTimes[],
  warmups: PassTimes[],
): Row {
  const rounded = (pass: PassTimes): PassTimes => ({
    analyzeMs: round(pass.analyzeMs, 0),
    stackMs: round(pass.stackMs, 0),
    analyzeCpuMs: round(pass.analyzeCpuMs, 0),
    stackCpuMs: round(pass.stackCpuMs, 0),
    clientCpuMs: round(pass.clientCpuMs, 0),
    diagnostics: pass.diagnostics,
  });
  const medianOf = (value: (pass: PassTimes) => number) => round(median(passes.map(value)), 0);
  return {
    size,
    form,
    resources,
    pack,
    analyzeMs: medianOf((p) => p.analyzeMs),
    stackMs: medianOf((p) => p.stackMs),
    totalMs: medianOf((p) => p.analyzeMs + p.stackMs),
    analyzeCpuMs: medianOf((p) => p.analyzeCpuMs),
    stackCpuMs: medianOf((p) => p.stackCpuMs),
    totalCpuMs: medianOf((p) => p.analyzeCpuMs + p.stackCpuMs),
    clientCpuMs: medianOf((p) => p.clientCpuMs),
    // The process's first pass, as one preview gets it: awsguard's count moves a little over
    // later passes in the same process.
    diagnostics: (warmups[0] ?? passes[0]).diagnostics,
    passes: passes.map(rounded),
    warmups: warmups.map(rounded),
  };
}

/**
 * Every pack on one stack; each round gives every pack one pass, so load on the machine falls
 * on all alike, and the order turns each round, so no pack always follows the same one. In
 * "fresh" mode each pass gets its own process (started untimed), in "reused" one per pack.
 */
async function measureStack(
  packs: readonly PackUnderTest[],
  resources: readonly StackResource[],
): Promise<{
  passes: Map<string, PassTimes[]>;
  warmups: Map<string, PassTimes[]>;
  peakMb: Map<string, number | undefined>;
}> {
  const encoded = encodeStack(resources);
  const start = (pack: PackUnderTest) =>
    PolicyPackProcess.start(pack.directory, { env: PACK_ENV, startTimeoutMs: 120000 });
  const passes = new Map(packs.map((pack) => [pack.name, [] as PassTimes[]]));
  const warmups = new Map(packs.map((pack) => [pack.name, [] as PassTimes[]]));
  const peakMb = new Map<string, number | undefined>();
  const notePeak = (pack: PackUnderTest, running: PolicyPackProcess) =>
    peakMb.set(pack.name, Math.max(peakMb.get(pack.name) ?? 0, peakMemoryMb(running.pid) ?? 0));
  const reused: PolicyPackProcess[] = [];
  try {
    if (PROCESS_MODE === "reused") {
      for (const pack of packs) reused.push(await start(pack));
      for (let round = 0; round < WARMUP; round++)
        for (const [index, pack] of packs.entries())
          warmups.get(pack.name)?.push(await enginePass(reused[index], encoded));
    }
    for (let round = 0; round < RUNS; round++) {
      for (let turn = 0; turn < packs.length; turn++) {
        const index = (round + turn) % packs.length;
        const pack = packs[index];
        const running = reused[index] ?? (await start(pack));
        try {
          passes.get(pack.name)?.push(await enginePass(running, encoded));
          notePeak(pack, running);
        } finally {
          if (!reused[index]) await running.stop();
        }
      }
    }
    return { passes, warmups, peakMb };
  } finally {
    await Promise.all(reused.map((process_) => process_.stop()));
  }
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
  const { recordWithMocks } = await import("../engine/simulator");
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
  // Wall times move with whatever else the machine runs: the load average is recorded beside them.
  const loadAverage = () => os.loadavg().map((load) => round(load));
  const loadAtStart = loadAverage();
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`;
  process.stderr.write(`machine: ${machine}; load average ${loadAtStart.join(" ")}\n`);

  const startup = await coldStarts();
  process.stderr.write(`${startupLine(startup)}\n`);

  const rows: Row[] = [];
  // Resident high-water mark of each pack's processes at the largest size.
  const peakMbAtLargest = new Map<string, number>();
  const largest = Math.max(...SIZES);
  for (const size of SIZES) {
    for (const form of ["preview", "deployed"] as const) {
      const resources = syntheticStack(form, size).resources;
      // The capture only matters where it runs on every preview at scale: priced at the largest first preview.
      const here = packs.filter((p) => p.name !== "ours-no-capture" || (form === "preview" && size === largest));
      const measured = await measureStack(here, resources);
      if (size === largest)
        for (const [name, mb] of measured.peakMb)
          if (mb !== undefined) peakMbAtLargest.set(name, Math.max(peakMbAtLargest.get(name) ?? 0, mb));
      for (const pack of here) {
        const row = toRow(
          size,
          form,
          resources.length,
          pack.name,
          measured.passes.get(pack.name) ?? [],
          measured.warmups.get(pack.name) ?? [],
        );
        rows.push(row);
        process.stderr.write(
          `${size} ${form} ${pack.name}: analyze ${row.analyzeMs} ms (pack CPU ${row.analyzeCpuMs} ms), stack ${row.stackMs} ms (pack CPU ${row.stackCpuMs} ms), client CPU ${row.clientCpuMs} ms, ${row.diagnostics} diagnostics\n`,
        );
      }
    }
  }

  const tenThousand = SIZES.includes(10000) ? 10000 : SIZES[0];
  const onWall = ratiosOn(WALL, rows, startup, withAwsguard, tenThousand);
  const onCpu = ratiosOn(PACK_CPU, rows, startup, withAwsguard, tenThousand);
  // The headline: wall time, as a user waits for it, except the capture's share, which is a few
  // per cent of Analyze and drowns in wall-time noise (0.07 to 0.2 across runs): pack CPU there.
  const ratios = { ...onWall, "capture/analyze": onCpu["capture/analyze"] };
  const loadAtEnd = loadAverage();
  const cost = await costModel();
  const context = await contextBench(10000, RUNS);

  console.log(
    `machine: ${machine}; ${PROCESS_MODE === "fresh" ? "a fresh pack process per pass (cold, as each preview runs)" : `one process per pack, ${WARMUP} untimed warm-up pass(es)`}, ${RUNS} rounds, packs interleaved, medians; requests encoded before timing; pack CPU from /proc/<pid>/stat at ${CLOCK_TICKS} ticks/s; load average (1, 5, 15 min) ${loadAtStart.join(" ")} at start, ${loadAtEnd.join(" ")} after the passes`,
  );
  printTable(rows);
  const peaks = [...peakMbAtLargest].map(([name, mb]) => `${name} ${mb} MB`).join(", ");
  console.log(`${startupLine(startup)}; peak memory at ${largest} resources: ${peaks}`);
  console.log(
    `endpoint cost, interface endpoints ${cost.interfaceEndpoints} (+ free S3 gateway), ${cost.azs} AZs, ${cost.subnets} subnets: one FargateEndpointSet $${cost.sharedEndpointSetUsd}/month, one set per subnet $${cost.oneSetPerSubnetUsd}/month, one NAT gateway per AZ $${cost.natGatewayPerAzUsd}/month (hours only)`,
  );
  console.log(contextBenchLine(context));
  fs.writeFileSync(
    path.join(ROOT, "bench", "results.json"),
    `${JSON.stringify(
      {
        machine,
        runs: RUNS,
        processMode: PROCESS_MODE,
        warmupPasses: WARMUP,
        method: METHOD,
        clockTicksPerSecond: CLOCK_TICKS,
        loadAverage: { start: loadAtStart, afterPasses: loadAtEnd },
        startupMs: startup.wallMs,
        startupCpuMs: startup.cpuMs,
        peakMemoryMbAtLargest: Object.fromEntries(peakMbAtLargest),
        rows,
        ratios,
        ratioBasis: RATIO_BASIS,
        ratiosWall: onWall,
        ratiosPackCpu: onCpu,
        cost,
        context,
      },
      null,
      2,
    )}\n`,
  );
  const scaleLabel = `scale${largest / 1000}k/${tenThousand / 1000}k`;
  console.log(`ratios: ${RATIO_BASIS}`);
  console.log(
    `bench: ours/floor=${ratios["ours/floor"]} ours/awsguard=${ratios["ours/awsguard"] ?? "n/a"} ${scaleLabel}=${ratios["scale50k/10k"]} startup/empty=${ratios["startup/empty"]} capture/analyze=${ratios["capture/analyze"] ?? "n/a"}` +
      ` cpu.ours/floor=${onCpu["ours/floor"]} cpu.ours/awsguard=${onCpu["ours/awsguard"] ?? "n/a"} cpu.${scaleLabel}=${onCpu["scale50k/10k"]} cpu.startup/empty=${onCpu["startup/empty"]} wall.capture/analyze=${onWall["capture/analyze"] ?? "n/a"}`,
  );
}

const METHOD = `requests encoded before timing and sent as bytes; ${PROCESS_MODE === "fresh" ? "a fresh pack process per pass, started untimed (cold, as the engine runs one process per preview)" : "per size and form one process per pack, reused across its warm-up passes and rounds"}; each round one pass per pack, order turning; medians over rounds; wall = client-observed, CPU = pack process utime+stime`;
const RATIO_BASIS =
  "capture/analyze on pack CPU time; ours/floor, ours/awsguard, scale and startup/empty on wall time (cpu.* the same on pack CPU time)";

/** Which row fields a ratio reads: wall time, or the pack process's CPU time. */
interface Basis {
  analyze: "analyzeMs" | "analyzeCpuMs";
  stack: "stackMs" | "stackCpuMs";
  total: "totalMs" | "totalCpuMs";
  startup: "wallMs" | "cpuMs";
}
const WALL: Basis = { analyze: "analyzeMs", stack: "stackMs", total: "totalMs", startup: "wallMs" };
const PACK_CPU: Basis = { analyze: "analyzeCpuMs", stack: "stackCpuMs", total: "totalCpuMs", startup: "cpuMs" };

interface Ratios {
  "ours/floor": number;
  "ours/awsguard"?: number;
  "scale50k/10k": number;
  "startup/empty": number;
  "capture/analyze"?: number;
}

function ratiosOn(
  basis: Basis,
  rows: readonly Row[],
  startup: Startup,
  withAwsguard: boolean,
  tenThousand: number,
): Ratios {
  const largest = Math.max(...SIZES);
  // Both forms summed, at one size.
  const sum = (pack: string, size: number, field: keyof Basis & ("stack" | "total")) =>
    rows.filter((r) => r.pack === pack && r.size === size).reduce((total, r) => total + r[basis[field]], 0);
  // Share of ours' Analyze (Analyze x N at the largest first preview) that the capture costs.
  const analyzeOf = (pack: string) =>
    rows.find((r) => r.pack === pack && r.size === largest && r.form === "preview")?.[basis.analyze];
  const withCapture = analyzeOf("ours");
  const without = analyzeOf("ours-no-capture");
  return {
    "ours/floor": round(sum("ours", largest, "stack") / sum("floor", largest, "stack")),
    "ours/awsguard": withAwsguard
      ? round(sum("ours", largest, "total") / sum("awsguard", largest, "total"))
      : undefined,
    "scale50k/10k": round(sum("ours", largest, "stack") / sum("ours", tenThousand, "stack")),
    "startup/empty": round(startup[basis.startup]["policy-pack"] / startup[basis.startup].empty),
    "capture/analyze":
      withCapture && without !== undefined ? round((withCapture - without) / withCapture, 3) : undefined,
  };
}

function printTable(rows: readonly Row[]): void {
  console.log(
    "| resources | form | pack | Analyze x N wall (ms) | Analyze x N pack CPU (ms) | AnalyzeStack wall (ms) | AnalyzeStack pack CPU (ms) | total wall (ms) | total pack CPU (ms) | client CPU (ms) | diagnostics |",
  );
  console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows)
    console.log(
      `| ${row.resources} | ${row.form} | ${row.pack} | ${row.analyzeMs} | ${row.analyzeCpuMs} | ${row.stackMs} | ${row.stackCpuMs} | ${row.totalMs} | ${row.totalCpuMs} | ${row.clientCpuMs} | ${row.diagnostics} |`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
