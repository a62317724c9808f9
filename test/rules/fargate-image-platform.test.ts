import { strict as assert } from "assert";
import { runsOn } from "../../model/startup";
import { out } from "../fixtures/builder";
import type { StackForm } from "../fixtures/builder";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { literalStack } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference, its image built in the stack (as @pulumi/docker or @pulumi/docker-build do) for `platforms`. */
function builtFor(form: StackForm, platforms: string[] | undefined, builder: "docker" | "docker-build" = "docker") {
  return literalStack(form, (containers, b) => {
    const imageName = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:1.0.0`;
    const image =
      builder === "docker"
        ? b.add(
            "docker:index/image:Image",
            "api-image",
            { imageName, build: { context: "./app", ...(platforms ? { platform: platforms[0] } : {}) } },
            {
              id: `${imageName}@sha256:${"a".repeat(64)}`,
              imageName,
              repoDigest: `${imageName}@sha256:${"a".repeat(64)}`,
            },
          )
        : b.add(
            "docker-build:index:Image",
            "api-image",
            { tags: [imageName], context: { location: "./app" }, push: true, ...(platforms ? { platforms } : {}) },
            { id: imageName, ref: `${imageName}@sha256:${"a".repeat(64)}` },
          );
    containers[0].image = out(image, builder === "docker" ? "imageName" : "ref");
  });
}

describeStartupRule("FARGATE-IMAGE-PLATFORM", {
  failing: [
    {
      title: "an arm64 image on the default X86_64 task",
      stack: (form) => builtFor(form, ["linux/arm64"]),
      expected: ["FARGATE-IMAGE-PLATFORM api-image"],
      says: /runs on linux\/X86_64 \(the default: no runtimePlatform\), but image api-image.* is built for linux\/arm64/,
    },
    {
      title: "an amd64 image on an ARM64 task (docker-build)",
      stack: (form) =>
        builtFor(form, ["linux/amd64"], "docker-build").patch(
          "api-task",
          (p) => (p.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }),
        ),
      expected: ["FARGATE-IMAGE-PLATFORM api-image"],
    },
  ],
  passing: [
    { title: "an amd64 image on the default task", stack: (form) => builtFor(form, ["linux/amd64"]) },
    {
      title: "a multi-platform build",
      stack: (form) => builtFor(form, ["linux/amd64", "linux/arm64"], "docker-build"),
    },
    {
      title: "an arm64 image on an ARM64 task",
      stack: (form) =>
        builtFor(form, ["linux/arm64/v8"]).patch(
          "api-task",
          (p) => (p.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }),
        ),
    },
  ],
  notApplicable: [{ title: "an image not built in the stack", stack: (form) => literalStack(form) }],
  unknown: [
    {
      title: "an image built without a platform",
      stack: (form) => builtFor(form, undefined),
      names: /it is built without a platform, so it gets the architecture of the machine that runs the build/,
    },
  ],
});

describe("image platforms", () => {
  it("maps Docker's platforms to ECS's runtime platform", () => {
    assert.ok(runsOn(["linux/amd64"], "linux", "X86_64"));
    assert.ok(runsOn(["linux/arm64/v8"], "linux", "ARM64"));
    assert.ok(!runsOn(["linux/arm/v7"], "linux", "ARM64"));
    assert.ok(!runsOn(["windows/amd64"], "linux", "X86_64"));
    assert.ok(runsOn(["windows/amd64"], "windows", "X86_64"));
  });
});
