import { strict as assert } from "assert";
import { cpuUnits, memoryMiB, taskSizeProblems } from "../../model/startup";
import { UNKNOWN } from "../../model";
import { referenceStack } from "../fixtures/stacks";
import { literalStack } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

const sized = (cpu: string | undefined, memory: string | undefined) => (form: "preview" | "deployed") =>
  referenceStack(form).patch("api-task", (p) => {
    if (cpu === undefined) delete p.cpu;
    else p.cpu = cpu;
    if (memory === undefined) delete p.memory;
    else p.memory = memory;
  });

describeStartupRule("FARGATE-TASK-SIZE", {
  failing: [
    {
      title: "256 CPU with 256 MiB, a pair Fargate does not offer",
      stack: sized("256", "256"),
      expected: ["FARGATE-TASK-SIZE api-task"],
      says: /No Fargate configuration exists for given values: 256 CPU, 256 memory/,
    },
    {
      title: "no task-level memory",
      stack: sized("256", undefined),
      expected: ["FARGATE-TASK-SIZE api-task"],
      says: /Fargate requires that 'memory' be defined at the task level/,
    },
    {
      title: "0.25 vCPU written as 128 CPU units",
      stack: sized("128", "512"),
      expected: ["FARGATE-TASK-SIZE api-task"],
    },
    {
      title: "8 vCPU on Windows",
      stack: (form) =>
        sized(
          "8 vCPU",
          "16 GB",
        )(form).patch("api-task", (p) => {
          p.runtimePlatform = { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE", cpuArchitecture: "X86_64" };
        }),
      expected: ["FARGATE-TASK-SIZE api-task"],
      says: /to linux tasks only/,
    },
    {
      title: "a container with a memory limit above the task's (definitions known at preview)",
      stack: (form) => literalStack(form, (containers) => (containers[0].memory = 1024)),
      expected: ["FARGATE-TASK-SIZE api-task"],
      says: /The 'memory' setting for container 'api' is greater than for the task/,
    },
    {
      title: "containers asking for more CPU than the task",
      stack: (form) =>
        literalStack(form, (containers) => {
          containers[0].cpu = 256;
          containers.push({ ...containers[0], name: "sidecar", cpu: 128, essential: false });
        }),
      expected: ["FARGATE-TASK-SIZE api-task"],
      says: /sum of all container 'cpu' values/,
    },
    {
      title: "ephemeral storage of 300 GiB",
      stack: (form) => referenceStack(form).patch("api-task", (p) => (p.ephemeralStorage = { sizeInGiB: 300 })),
      expected: ["FARGATE-TASK-SIZE api-task"],
    },
  ],
  passing: [
    { title: "the reference (256 CPU, 512 MiB)", stack: referenceStack },
    { title: "vCPU and GB forms", stack: sized("1 vCPU", "2GB") },
    { title: "16 vCPU with 120 GB", stack: sized("16384", "122880") },
    {
      title: "containers within the task",
      stack: (form) =>
        literalStack(form, (containers) => {
          containers[0].cpu = 128;
          containers[0].memory = 512;
          containers[0].memoryReservation = 256;
        }),
    },
  ],
  notApplicable: [
    {
      title: "an EC2 task definition (EC2 takes any size)",
      stack: (form) =>
        sized(
          "128",
          "100",
        )(form)
          .patch("api-task", (p) => (p.requiresCompatibilities = ["EC2"]))
          .patch("api-service", (p) => (p.launchType = "EC2")),
    },
  ],
  unknown: [
    {
      title: "cpu computed at preview",
      stack: (form) => referenceStack(form).patch("api-task", (p) => (p.cpu = UNKNOWN)),
      names: /whether Fargate offers its size cannot be known/,
    },
  ],
});

describe("Fargate task sizes", () => {
  it("reads cpu and memory in the forms ECS documents", () => {
    assert.equal(cpuUnits("1 vCPU"), 1024);
    assert.equal(cpuUnits(".25 vcpu"), 256);
    assert.equal(cpuUnits("512"), 512);
    assert.equal(cpuUnits("1 core"), undefined);
    assert.equal(memoryMiB("2 GB"), 2048);
    assert.equal(memoryMiB("0.5GB"), 512);
    assert.equal(memoryMiB("512MiB"), undefined);
  });

  it("offers every pair of AWS's table and nothing beside it", () => {
    const offered = (cpu: number, memory: number) =>
      taskSizeProblems({ cpu: String(cpu), memory: String(memory), os: "linux" }).length === 0;
    assert.ok(offered(256, 2048) && !offered(256, 3072));
    assert.ok(offered(512, 4096) && !offered(512, 512));
    assert.ok(offered(4096, 30720) && !offered(4096, 31744));
    assert.ok(offered(8192, 20480) && !offered(8192, 17408));
    assert.ok(offered(16384, 122880) && !offered(16384, 36864));
    assert.ok(!offered(32768, 245760));
  });
});
