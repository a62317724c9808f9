import { FARGATE_PARAMETERS_SOURCE } from "../../model/startup";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import { known } from "../stack/values";
import { serviceName } from "./helpers";
import type { Fix } from "../analysis/fix";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-COMPATIBILITY";

/** The only capability a Fargate container may add (fargate-tasks-services.html, linuxParameters). */
const FARGATE_CAPABILITIES = new Set(["SYS_PTRACE", "CAP_SYS_PTRACE"]);

export const rule: Rule = {
  id: ID,
  description:
    "A Fargate task definition uses networkMode awsvpc and no parameter Fargate refuses; a Fargate service runs a task definition registered for Fargate and has a networkConfiguration.",
  explanation:
    "Fargate gives every task its own network interface (awsvpc) and refuses host-level parameters (privileged, links, ipcMode, placement constraints, Docker volumes...): RegisterTaskDefinition rejects them, and CreateService rejects a Fargate service whose task definition does not list FARGATE or that has no networkConfiguration.",
  fix: "Set networkMode: awsvpc and requiresCompatibilities: [FARGATE] on the task definition, drop the parameters Fargate refuses, and give the service a networkConfiguration (subnets, security groups).",
  defaultLevel: "mandatory",
  awsErrors: [
    "ClientException: Fargate only supports network mode ‘awsvpc’.",
    "ClientException: Tasks using the Fargate launch type do not support <parameter>.",
    "InvalidParameterException: Task definition does not support launch_type FARGATE.",
    "InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  ],
  sources: [
    FARGATE_PARAMETERS_SOURCE,
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
  ],
  docs: {
    failing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        requiresCompatibilities: ["FARGATE"], // and no networkMode: AWS's default is bridge
      });
    `,
    passing: code`
      new aws.ecs.TaskDefinition("api", {
        // ...
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
      });
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task) => [
      ...taskDefinitionFindings(analysis, task),
      ...task.services.flatMap((service) => serviceFindings(analysis, task, service)),
    ]),
};

/** What Fargate refuses in the task definition itself: RegisterTaskDefinition fails. */
export function refusedParameters(task: FargateTask): string[] {
  const refused = [...task.taskDefinition.fargateRefusedSettings];
  for (const container of task.containers ?? []) {
    for (const parameter of container.fargateRefused) refused.push(`${parameter} (container "${container.name}")`);
    for (const capability of container.capabilitiesAdded)
      if (!FARGATE_CAPABILITIES.has(capability))
        refused.push(`linuxParameters.capabilities.add ${capability} (container "${container.name}")`);
  }
  return refused;
}

function taskDefinitionFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  if (!task.registeredForFargate) return [];
  const definition = task.taskDefinition;
  const problems: string[] = [];
  const errors: string[] = [];
  const fixes: Fix[] = [];
  const mode = definition.networkMode;
  if (mode === undefined || (known(mode) && mode !== "awsvpc")) {
    problems.push(
      mode === undefined ? "it sets no networkMode (AWS's default is bridge)" : `its networkMode is ${mode}`,
    );
    errors.push("ClientException: Fargate only supports network mode ‘awsvpc’.");
    fixes.push({ kind: "set-awsvpc" });
  }
  const refused = refusedParameters(task);
  if (refused.length > 0) {
    problems.push(`it sets what Fargate refuses: ${refused.join(", ")}`);
    errors.push(`ClientException: Tasks using the Fargate launch type do not support ${refused[0].split(" ")[0]}.`);
    fixes.push({ kind: "remove-fargate-refused", parameters: refused });
  }
  if (problems.length === 0) return [];
  return [
    finding(ID, definition.urn, {
      problem: `task definition "${label(analysis.model, definition.urn)}" cannot be registered for Fargate: ${problems.join("; ")}.`,
      consequence: { kind: "deployment-stops", error: errors.join(" | ") },
      fixes,
    }),
  ];
}

function serviceFindings(analysis: StackAnalysis, task: FargateTask, service: ServiceAnalysis): Finding[] {
  const findings: Finding[] = [];
  const name = serviceName(analysis.model, service);
  const definition = task.taskDefinition;
  const compatibilities = definition.compatibilities;
  const compatibilitiesKnown = compatibilities === undefined || known(compatibilities);
  if (service.service.fargate === true && compatibilitiesKnown && !task.registeredForFargate)
    findings.push(
      finding(ID, definition.urn, {
        problem: `${name} runs on Fargate, but its task definition "${label(analysis.model, definition.urn)}" does not list FARGATE in requiresCompatibilities.`,
        consequence: {
          kind: "deployment-stops",
          error: "InvalidParameterException: Task definition does not support launch_type FARGATE.",
        },
        fixes: [{ kind: "require-fargate" }],
      }),
    );
  const awsvpc = definition.networkMode === "awsvpc" || service.service.fargate === true;
  if (awsvpc && !service.service.hasNetworkConfiguration)
    findings.push(
      finding(ID, service.service.urn, {
        problem: `${name} has no networkConfiguration, and its tasks use awsvpc (every Fargate task does).`,
        consequence: {
          kind: "deployment-stops",
          error:
            "InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is specified.",
        },
        fixes: [{ kind: "add-network-configuration" }],
      }),
    );
  return findings;
}
