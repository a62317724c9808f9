/**
 * npm run bench:analysis: the pack's own analysis (evaluateStack) in process, without gRPC or
 * @pulumi/policy, on the benchmark's synthetic stacks; for finding where the pack's time goes.
 * BENCH_PROFILE=1 adds the functions with the most time (self and inclusive) from a CPU profile.
 * Ratios for claims come from `npm run bench`, which runs the pack as the engine does.
 */
import { Session } from "inspector";
import { readPackConfig } from "../policies/config/pack-config";
import { evaluateStack } from "../policies/evaluate";
import { syntheticStack } from "./synthetic";

const SIZES = (process.env.BENCH_SIZES ?? "10000,50000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FORMS = ["preview", "deployed"] as const;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Milliseconds per function, self and inclusive (a function counted once per sample however deep it recurses). */
function hottest(profile: Profile, count = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const name = (node: ProfileNode) =>
    `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").slice(-2).join("/")}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const sample of profile.samples) {
    const leaf = byId.get(sample);
    if (!leaf) continue;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const key = name(byId.get(id)!);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
      seen.add(key);
    }
  }
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(
        ([key, samples]) =>
          `${Math.round(samples * msPerSample)
            .toString()
            .padStart(7)} ms  ${key}`,
      );
  return ["self:", ...top(self), "inclusive:", ...top(inclusive)];
}

async function main(): Promise<void> {
  const config = readPackConfig({ region: "eu-west-1" });
  const session = new Session();
  if (process.env.BENCH_PROFILE) {
    session.connect();
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: 200 });
  }
  for (const size of SIZES) {
    for (const form of FORMS) {
      const resources = syntheticStack(form, size).resources;
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let findings = 0;
      if (process.env.BENCH_PROFILE) await post(session, "Profiler.start");
      for (let run = 0; run < RUNS; run++) {
        const started = process.hrtime.bigint();
        const cpuStarted = process.cpuUsage();
        findings = evaluateStack(resources, config, { stackConfig: { region: "eu-west-1" } }).length;
        const cpu = process.cpuUsage(cpuStarted);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      console.log(
        `${resources.length} resources, ${form}: evaluateStack ${Math.round(median(times))} ms wall, ${Math.round(median(cpuTimes))} ms CPU (medians of ${RUNS}; CPU is steadier on a shared machine), ${findings} findings`,
      );
      if (process.env.BENCH_PROFILE) {
        const { profile } = await post<{ profile: Profile }>(session, "Profiler.stop");
        console.log(hottest(profile).join("\n"));
      }
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
