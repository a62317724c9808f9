import { parseSecretArn } from "../../model";
import {
  cpuUnits,
  missingFeatures,
  PLATFORM_SOURCES,
  PlatformFeatureKey,
  resolvePlatformVersion,
  retirementOf,
} from "../../model/startup";
import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { known, UNKNOWN_FACT } from "../stack/values";
import { serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-PLATFORM-VERSION";

export const rule: Rule = {
  id: ID,
  description:
    "A service that pins a Fargate platform version pins one that exists, is not retired, and has every feature its task definition uses.",
  explanation:
    "AWS starts no new task on a retired platform version (Linux 1.0.0 to 1.2.0 since 2020; 1.3.0 in 2026), refuses a version that does not exist, and refuses a task definition that uses a feature the pinned version lacks (EFS, ephemeral storage, Secrets Manager JSON keys, ECS Exec, ARM64, 8 and 16 vCPU need 1.4.0).",
  fix: "Remove platformVersion (AWS then runs LATEST, Linux 1.4.0) or pin 1.4.0 (Windows: 1.0.0).",
  defaultLevel: "mandatory",
  awsErrors: [
    "PlatformTaskDefinitionIncompatibilityException: One or more of the requested capabilities are not supported.",
    "PlatformUnknownException: The specified platform does not exist.",
  ],
  sources: [PLATFORM_SOURCES.linux, PLATFORM_SOURCES.windows, PLATFORM_SOURCES.retiredCom, PLATFORM_SOURCES.retiredCn],
  docs: {
    failing: code`
      new aws.ecs.Service("api", {
        // ...
        launchType: "FARGATE",
        platformVersion: "1.3.0", // retired in 2026
      });
    `,
    passing: code`
      new aws.ecs.Service("api", {
        // ...
        launchType: "FARGATE", // no platformVersion: LATEST (1.4.0)
      });
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task) =>
      task.services.flatMap((service) => serviceFindings(analysis, task, service)),
    ),
};

/** The features of a task (and its service) that depend on the platform version. */
export function featuresOf(task: FargateTask, service: ServiceAnalysis): PlatformFeatureKey[] {
  const features: PlatformFeatureKey[] = [];
  const definition = task.taskDefinition;
  const containers = task.containers ?? [];
  if (containers.some((container) => container.healthCheck)) features.push("healthCheck");
  if (containers.some((container) => container.credentialsParameter !== undefined))
    features.push("repositoryCredentials");
  const valueFroms = containers.flatMap((container) => container.secrets.map((secret) => secret.valueFrom));
  if (valueFroms.length > 0) features.push("secrets");
  if (
    valueFroms.some((valueFrom) => {
      const secret = parseSecretArn(valueFrom);
      return secret !== undefined && (secret.jsonKey ?? secret.versionStage ?? secret.versionId) !== undefined;
    })
  )
    features.push("secretKeys");
  if (containers.some((container) => container.logDriver === "awsfirelens" || container.firelens))
    features.push("firelens");
  if (containers.some((container) => container.environmentFiles > 0)) features.push("environmentFiles");
  if (containers.some((container) => container.capabilitiesAdded.some((c) => /^(CAP_)?SYS_PTRACE$/.test(c))))
    features.push("sysPtrace");
  const volumes = definition.volumes;
  if (known(volumes) && volumes.some((volume) => JSON.stringify(volume ?? {}).includes('"efsVolumeConfiguration"')))
    features.push("efs");
  if (known(definition.ephemeralStorageGiB)) features.push("ephemeralStorage");
  if (service.service.enableExecuteCommand === true) features.push("execCommand");
  if (known(definition.cpu) && (cpuUnits(definition.cpu) ?? 0) >= 8192) features.push("largeTask");
  if (definition.cpuArchitecture === "ARM64") features.push("arm64");
  return features;
}

function serviceFindings(analysis: StackAnalysis, task: FargateTask, service: ServiceAnalysis): Finding[] {
  const pinned = service.service.platformVersion;
  const os = task.os;
  if (pinned === undefined || os === undefined) return [];
  const name = serviceName(analysis.model, service);
  if (pinned === UNKNOWN_FACT)
    return [
      finding("FARGATE-UNKNOWN", service.service.urn, {
        problem: `${name}: whether its platform version exists and is not retired cannot be known before deployment: platformVersion is computed at preview. To decide it at preview, give it as a literal (or leave it unset for LATEST).`,
      }),
    ];
  const retirement = retirementOf(pinned, os, analysis.today);
  const version = resolvePlatformVersion(pinned, os);
  if (retirement.status === "unknown-version")
    return [
      versionFinding(
        service,
        `${name} pins platform version "${pinned}", which Fargate does not have for ${os} (versions: ${os === "linux" ? "1.4.0, LATEST" : "1.0.0, LATEST"})`,
        "PlatformUnknownException: The specified platform does not exist.",
      ),
    ];
  if (retirement.status === "disputed")
    return [
      finding("FARGATE-UNKNOWN", service.service.urn, {
        problem:
          `${name} pins platform version ${version}, which AWS's pages retire on different days (${retirement.retirements.map((r) => `${r.from}: ${r.source}`).join("; ")}): ` +
          "whether new tasks still start on it today cannot be known from them. To decide it, remove platformVersion (LATEST is 1.4.0) or pin 1.4.0.",
      }),
    ];
  const problems: string[] = [];
  if (retirement.status === "retired")
    problems.push(
      `AWS retired it on ${retirement.since} (${retirement.sources.join(", ")}) and starts no new task on it`,
    );
  const missing = os === "linux" ? missingFeatures(version, featuresOf(task, service)) : [];
  if (missing.length > 0)
    problems.push(
      `it lacks ${missing.map((feature) => `${feature.feature} (from ${feature.minLinux})`).join(", ")}, which its task definition uses`,
    );
  if (problems.length === 0) return [];
  return [
    versionFinding(
      service,
      `${name} pins platform version ${version}: ${problems.join("; ")}`,
      missing.length > 0
        ? "PlatformTaskDefinitionIncompatibilityException: One or more of the requested capabilities are not supported."
        : "CreateService and RunTask refuse the retired platform version (the service starts no task)",
    ),
  ];
}

function versionFinding(service: ServiceAnalysis, problem: string, error: string): Finding {
  return finding(ID, service.service.urn, {
    problem: `${problem}.`,
    consequence: { kind: "deployment-stops", error },
    fixes: [{ kind: "use-supported-platform-version" }],
  });
}
