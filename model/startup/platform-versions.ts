/**
 * Fargate platform versions as data: which exist per OS, when AWS stops starting tasks on the
 * retired ones (per source: AWS's own pages disagree for Linux 1.3.0, so both dates are kept
 * and a date between them is not decided), and the lowest version each task definition
 * feature needs. Pure functions over them.
 */
import type { OsKind } from "./task-size";

export const PLATFORM_SOURCES = {
  linux: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html",
  windows: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-windows-fargate.html",
  retiredCom: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-versions-retired.html",
  retiredCn: "https://docs.amazonaws.cn/en_us/AmazonECS/latest/developerguide/platform-versions-retired.html",
} as const;

/** From this day (UTC), AWS starts no new task and creates no service on the version, per one source. */
export interface Retirement {
  from: string;
  source: string;
}

/** The versions of each OS, with their retirements; `LATEST` is resolved by LATEST_PLATFORM. */
export const PLATFORM_VERSIONS: Readonly<Record<OsKind, Readonly<Record<string, readonly Retirement[]>>>> = {
  linux: {
    "1.4.0": [],
    // The .com page: retired from 2026-03-16 (tasks terminated 2026-03-31); the .cn page: from
    // 2026-06-15 (terminated 2026-06-30). Before the later date the verdict waits.
    "1.3.0": [
      { from: "2026-03-16", source: PLATFORM_SOURCES.retiredCom },
      { from: "2026-06-15", source: PLATFORM_SOURCES.retiredCn },
    ],
    "1.2.0": [{ from: "2020-12-14", source: PLATFORM_SOURCES.retiredCom }],
    "1.1.0": [{ from: "2020-12-14", source: PLATFORM_SOURCES.retiredCom }],
    "1.0.0": [{ from: "2020-12-14", source: PLATFORM_SOURCES.retiredCom }],
  },
  windows: { "1.0.0": [] },
};

export const LATEST_PLATFORM: Readonly<Record<OsKind, string>> = { linux: "1.4.0", windows: "1.0.0" };

export type RetirementVerdict =
  | { status: "unknown-version" }
  | { status: "active" }
  | { status: "retired"; since: string; sources: string[] }
  /** Some sources say it is retired by now, others not yet. */
  | { status: "disputed"; retirements: readonly Retirement[] };

/** `LATEST`, or the version as written. */
export function resolvePlatformVersion(version: string, os: OsKind): string {
  return version === "LATEST" ? LATEST_PLATFORM[os] : version;
}

export function retirementOf(version: string, os: OsKind, today: Date): RetirementVerdict {
  const retirements = PLATFORM_VERSIONS[os][resolvePlatformVersion(version, os)];
  if (!retirements) return { status: "unknown-version" };
  if (retirements.length === 0) return { status: "active" };
  const day = today.toISOString().slice(0, 10);
  const passed = retirements.filter((retirement) => retirement.from <= day);
  if (passed.length === 0) return { status: "active" };
  if (passed.length < retirements.length) return { status: "disputed", retirements };
  const since = passed.map((retirement) => retirement.from).sort()[passed.length - 1];
  return { status: "retired", since, sources: passed.map((retirement) => retirement.source) };
}

/** -1, 0, 1 as `a` is lower, equal or higher than `b` (dotted numbers). */
export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** A task definition or service feature and the lowest Linux platform version that has it. */
export interface PlatformFeature {
  feature: string;
  minLinux: string;
  source: string;
}

const ECS_DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/";

/** The feature matrix of platform-linux-fargate.html and each feature's own page. */
export const PLATFORM_FEATURES = {
  healthCheck: {
    feature: "container health checks",
    minLinux: "1.1.0",
    source: `${ECS_DOCS}platform-linux-fargate.html`,
  },
  repositoryCredentials: {
    feature: "private registry credentials (repositoryCredentials)",
    minLinux: "1.2.0",
    source: `${ECS_DOCS}private-auth.html`,
  },
  secrets: { feature: "secrets", minLinux: "1.3.0", source: `${ECS_DOCS}platform-linux-fargate.html` },
  firelens: { feature: "FireLens (awsfirelens)", minLinux: "1.3.0", source: `${ECS_DOCS}using_firelens.html` },
  secretKeys: {
    feature: "Secrets Manager JSON keys or versions in valueFrom",
    minLinux: "1.4.0",
    source: `${ECS_DOCS}secrets-envvar-secrets-manager.html`,
  },
  environmentFiles: { feature: "environmentFiles", minLinux: "1.4.0", source: `${ECS_DOCS}taskdef-envfiles.html` },
  efs: { feature: "EFS volumes", minLinux: "1.4.0", source: `${ECS_DOCS}efs-volumes.html` },
  ephemeralStorage: {
    feature: "ephemeralStorage",
    minLinux: "1.4.0",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html",
  },
  sysPtrace: {
    feature: "the SYS_PTRACE capability",
    minLinux: "1.4.0",
    source: `${ECS_DOCS}platform-linux-fargate.html`,
  },
  execCommand: { feature: "ECS Exec (enableExecuteCommand)", minLinux: "1.4.0", source: `${ECS_DOCS}ecs-exec.html` },
  largeTask: { feature: "8 or 16 vCPU", minLinux: "1.4.0", source: `${ECS_DOCS}task-cpu-memory-error.html` },
  arm64: { feature: "ARM64 (runtimePlatform.cpuArchitecture)", minLinux: "1.4.0", source: `${ECS_DOCS}ecs-arm64.html` },
} as const satisfies Record<string, PlatformFeature>;

export type PlatformFeatureKey = keyof typeof PLATFORM_FEATURES;

/** The features a Linux platform version lacks. */
export function missingFeatures(version: string, features: readonly PlatformFeatureKey[]): PlatformFeature[] {
  const resolved = resolvePlatformVersion(version, "linux");
  return [...new Set(features)]
    .map((key) => PLATFORM_FEATURES[key])
    .filter((feature) => compareVersions(resolved, feature.minLinux) < 0);
}
