import { referenceStack } from "../fixtures/stacks";
import { literalStack } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

describeStartupRule("FARGATE-COMPATIBILITY", {
  failing: [
    {
      title: "a Fargate task definition without networkMode (AWS's default is bridge)",
      stack: (form) => referenceStack(form).patch("api-task", (p) => delete p.networkMode),
      expected: ["FARGATE-COMPATIBILITY api-task"],
      says: /Fargate only supports network mode ‘awsvpc’/,
    },
    {
      title: "networkMode bridge",
      stack: (form) => referenceStack(form).patch("api-task", (p) => (p.networkMode = "bridge")),
      expected: ["FARGATE-COMPATIBILITY api-task"],
    },
    {
      title: "a Fargate service without networkConfiguration",
      stack: (form) => referenceStack(form).patch("api-service", (p) => delete p.networkConfiguration),
      expected: ["FARGATE-COMPATIBILITY api-service"],
      says: /Network Configuration must be provided when networkMode 'awsvpc' is specified/,
    },
    {
      title: "a Fargate service whose task definition lists only EC2",
      stack: (form) => referenceStack(form).patch("api-task", (p) => (p.requiresCompatibilities = ["EC2"])),
      expected: ["FARGATE-COMPATIBILITY api-task"],
      says: /Task definition does not support launch_type FARGATE/,
    },
    {
      title: "a privileged container (definitions known at preview)",
      stack: (form) => literalStack(form, (containers) => (containers[0].privileged = true)),
      expected: ["FARGATE-COMPATIBILITY api-task"],
      says: /do not support privileged/,
    },
    {
      title: "a capability other than SYS_PTRACE",
      stack: (form) =>
        literalStack(form, (containers) => (containers[0].linuxParameters = { capabilities: { add: ["NET_ADMIN"] } })),
      expected: ["FARGATE-COMPATIBILITY api-task"],
    },
    {
      title: "ipcMode on the task definition",
      stack: (form) => referenceStack(form).patch("api-task", (p) => (p.ipcMode = "host")),
      expected: ["FARGATE-COMPATIBILITY api-task"],
    },
  ],
  passing: [
    { title: "the reference", stack: referenceStack },
    {
      title: "SYS_PTRACE, the one capability Fargate adds",
      stack: (form) =>
        literalStack(form, (containers) => (containers[0].linuxParameters = { capabilities: { add: ["SYS_PTRACE"] } })),
    },
  ],
  notApplicable: [
    {
      title: "an EC2 service with a bridge task definition",
      stack: (form) =>
        referenceStack(form)
          .patch("api-task", (p) => {
            p.requiresCompatibilities = ["EC2"];
            p.networkMode = "bridge";
          })
          .patch("api-service", (p) => {
            p.launchType = "EC2";
            delete p.networkConfiguration;
          }),
    },
  ],
});
