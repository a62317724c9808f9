/**
 * The platform an image is built for (`linux/amd64`, Docker's form) against the runtime
 * platform of a Fargate task (`runtimePlatform`: LINUX and X86_64 unless set). An image of
 * another architecture starts and exits at once: the container log shows `exec format error`.
 * Source: https://repost.aws/knowledge-center/ecs-task-exec-format-error and
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html.
 */
import type { OsKind } from "./task-size";

export const IMAGE_PLATFORM_SOURCES = [
  "https://repost.aws/knowledge-center/ecs-task-exec-format-error",
  "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html",
] as const;

export const EXEC_FORMAT_ERROR =
  "Essential container in task exited (exit code 1; the container log shows: exec <entrypoint>: exec format error)";

/** Docker's architecture names per ECS cpuArchitecture. */
const ARCHITECTURES: Readonly<Record<string, string>> = {
  amd64: "X86_64",
  x86_64: "X86_64",
  arm64: "ARM64",
  aarch64: "ARM64",
};

/** The OS and ECS architecture a Docker platform runs on; the architecture is Docker's own name when ECS has none. */
export function platformRuntime(platform: string): { os: OsKind | string; architecture: string } {
  const [os, architecture = "", variant] = platform.toLowerCase().split("/");
  const ecs = ARCHITECTURES[architecture];
  // arm64/v8 is arm64; any other variant (arm/v7) is a 32-bit ARM no Fargate task runs.
  return {
    os,
    architecture:
      ecs && (variant === undefined || variant === "v8") ? ecs : `${architecture}${variant ? `/${variant}` : ""}`,
  };
}

/** Does one of the platforms an image is built for run on the task's OS and architecture? */
export function runsOn(platforms: readonly string[], os: OsKind, architecture: string): boolean {
  return platforms.some((platform) => {
    const runtime = platformRuntime(platform);
    return runtime.os === os && runtime.architecture === architecture;
  });
}
