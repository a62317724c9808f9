import { EXEC_FORMAT_ERROR, IMAGE_PLATFORM_SOURCES, runsOn } from "../../model/startup";
import type { StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import { known, UNKNOWN_FACT } from "../stack/values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-IMAGE-PLATFORM";

export const rule: Rule = {
  id: ID,
  description:
    "Every image the stack builds for a Fargate task is built for the task's runtime platform (LINUX/X86_64 unless runtimePlatform says otherwise).",
  explanation:
    "Fargate runs the image on the task's architecture; an image built for another (arm64 built on an Apple silicon Mac, run on the default X86_64) starts and exits at once with exec format error, and the service replaces the task again and again. The platform of an image built in the stack is known at preview; an image built without one takes the platform of whatever machine runs the build.",
  fix: "Build the image for the task's platform (docker.Image build.platform \"linux/amd64\", docker-build.Image platforms), or set runtimePlatform.cpuArchitecture to the image's (ARM64).",
  defaultLevel: "mandatory",
  awsErrors: [EXEC_FORMAT_ERROR],
  sources: [...IMAGE_PLATFORM_SOURCES],
  docs: {
    failing: code`
      const image = new dockerBuild.Image("api", {
        // ...
        platforms: ["linux/arm64"], // the task definition sets no runtimePlatform: X86_64
      });
    `,
    passing: code`
      const image = new dockerBuild.Image("api", {
        // ...
        platforms: ["linux/amd64"],
      });
    `,
  },
  check: (analysis) => fargateTasks(analysis).flatMap((task) => taskFindings(analysis, task)),
};

function taskFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  const definition = task.taskDefinition;
  const architecture = definition.cpuArchitecture;
  if (task.services.length === 0 || task.os === undefined || architecture === UNKNOWN_FACT) return [];
  const runtime = { os: task.os, architecture: architecture ?? "X86_64" };
  const name = `task definition "${label(analysis.model, definition.urn)}"`;
  const findings: Finding[] = [];
  for (const urn of definition.containerDefinitionSources) {
    const image = analysis.model.builtImages.get(urn);
    if (!image) continue;
    const imageName = `image ${label(analysis.model, image.urn)}`;
    const platforms = image.platforms;
    const platform = `${runtime.os}/${runtime.architecture === "ARM64" ? "arm64" : "amd64"}`;
    if (!known(platforms) || !platforms.every(known)) {
      findings.push(
        finding("FARGATE-UNKNOWN", image.urn, {
          problem:
            `${name}: whether ${imageName} runs on its ${runtime.os}/${runtime.architecture} tasks cannot be known before deployment: ` +
            (platforms === undefined
              ? "it is built without a platform, so it gets the architecture of the machine that runs the build (an Apple silicon Mac builds arm64, which stops X86_64 tasks with exec format error). "
              : "its platform is computed at preview. ") +
            `To decide it at preview, set its platform to ${platform}.`,
        }),
      );
      continue;
    }
    if (runsOn(platforms as string[], runtime.os, runtime.architecture)) continue;
    findings.push(
      finding(ID, image.urn, {
        problem: `${name} runs on ${runtime.os}/${runtime.architecture}${architecture === undefined ? " (the default: no runtimePlatform)" : ""}, but ${imageName} is built for ${(platforms as string[]).join(", ")}.`,
        consequence: { kind: "tasks-stop", error: EXEC_FORMAT_ERROR },
        fixes: [{ kind: "build-for-platform", platform }],
      }),
    );
  }
  return findings;
}
