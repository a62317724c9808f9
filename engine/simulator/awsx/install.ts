/**
 * Puts the awsx stand-ins in front of a program: when the program (through its own
 * @pulumi/awsx) loads one of the modules of a constructed component, it gets the stand-in, a
 * local component with the same type token whose children register through the program's own
 * @pulumi/aws and the mocked engine, like the program's resources. Everything else of
 * @pulumi/awsx stays the real SDK.
 *
 * It also watches the registrations: a remote component (one a provider plugin would construct,
 * `RegisterResourceRequest.remote`) creates no children offline, so the stack checked would
 * miss them. The session lists every such component, and every one a stand-in refused, so the
 * command never passes a program it could not fully construct.
 */
import * as fs from "fs";
import * as Module from "module";
import * as path from "path";
import { AWSX_TYPE, parseVersion, isSupportedAwsx, supportedAwsxText, versionText, Version } from "./facts";
import type { AwsxRuntime, NotConstructed, Pulumi, Aws } from "./runtime";
import { vpcStandIns } from "./vpc";
import { ecsStandIns } from "./ecs";
import { lbStandIns } from "./lb";
import { ecrStandIns } from "./ecr";

/** The stand-in classes and functions, by the SDK module (path under @pulumi/awsx) that defines the real ones. */
export function awsxStandIns(runtime: AwsxRuntime): Record<string, Record<string, unknown>> {
  const { Vpc, DefaultVpc, getDefaultVpc, getDefaultVpcOutput } = vpcStandIns(runtime);
  const { FargateService, FargateTaskDefinition } = ecsStandIns(runtime);
  const { ApplicationLoadBalancer } = lbStandIns(runtime);
  const { Repository, Image } = ecrStandIns(runtime);
  return {
    "ec2/vpc.js": { Vpc },
    "ec2/defaultVpc.js": { DefaultVpc },
    "ec2/getDefaultVpc.js": { getDefaultVpc, getDefaultVpcOutput },
    "ecs/fargateService.js": { FargateService },
    "ecs/fargateTaskDefinition.js": { FargateTaskDefinition },
    "lb/applicationLoadBalancer.js": { ApplicationLoadBalancer },
    "ecr/repository.js": { Repository },
    "ecr/image.js": { Image },
  };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getRemote(): boolean;
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: (...results: unknown[]) => void): void;
}

export interface AwsxSession {
  /** The @pulumi/awsx version the program installed, when it has one. */
  version?: string;
  /** Components the run could not construct (remote registrations and refusals), in order. */
  notConstructed(): NotConstructed[];
  /** Takes the stand-ins out of the module cache and stops watching registrations. */
  uninstall(): void;
}

/** The offline command's advice for a stack it could not fully construct. */
export const INSTEAD =
  "run `pulumi preview --policy-pack <fargate-preflight>/policy-pack` (the engine runs the provider plugins and the pack sees every child)";

function resolveFrom(directory: string, request: string): string | undefined {
  try {
    return require.resolve(request, { paths: [directory] });
  } catch {
    return undefined;
  }
}

const CONSTRUCTED = new Set<string>(Object.values(AWSX_TYPE));

/** Why a remote component was not constructed, in the words the report uses. */
function reasonFor(type: string, installed: Version | undefined, supported: boolean): string {
  const awsx = type.startsWith("awsx:");
  if (awsx && CONSTRUCTED.has(type) && installed && !supported)
    return `fargate-preflight constructs the awsx components of @pulumi/awsx ${supportedAwsxText()}, and this program has ${versionText(installed)}`;
  if (awsx)
    return "the awsx provider plugin constructs it, and fargate-preflight has no offline stand-in for this component";
  return `a provider plugin (${type.split(":")[0]}) constructs it, and the offline command runs no provider plugin`;
}

/**
 * Installs the stand-ins for the program in `programDirectory` (when it has @pulumi/awsx) and
 * starts watching registrations on the mocked monitor of `pulumi` (call after setMocks).
 */
export function installAwsxStandIns(programDirectory: string, pulumi: Pulumi): AwsxSession {
  const remote: NotConstructed[] = [];
  const refused: NotConstructed[] = [];
  const cacheKeys: string[] = [];
  const manifest = resolveFrom(programDirectory, "@pulumi/awsx/package.json");
  const installed = manifest
    ? parseVersion(String((JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: unknown }).version))
    : undefined;
  const supported = installed !== undefined && isSupportedAwsx(installed);
  if (manifest && supported) {
    const root = path.dirname(manifest);
    // The program's own @pulumi/aws (awsx's copy when the program has none of its own), as the provider uses its @pulumi/aws.
    const awsEntry = resolveFrom(programDirectory, "@pulumi/aws") ?? resolveFrom(root, "@pulumi/aws");
    if (!awsEntry) throw new Error(`@pulumi/awsx in ${root} has no @pulumi/aws next to it`);
    const runtime: AwsxRuntime = {
      pulumi,
      aws: require(awsEntry) as Aws,
      version: installed,
      refuse: (component) => refused.push(component),
    };
    for (const [file, exports] of Object.entries(awsxStandIns(runtime))) {
      const filename = path.join(root, file);
      if (!fs.existsSync(filename)) continue;
      // A module already in the cache is what `require` returns: the SDK's lazy loaders get the stand-in.
      const standIn = new Module.Module(filename);
      standIn.filename = filename;
      standIn.loaded = true;
      standIn.exports = { __esModule: true, ...exports };
      require.cache[filename] = standIn;
      cacheKeys.push(filename);
    }
  }
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource;
  monitor.registerResource = function (this: Monitor, request, callback) {
    if (request.getRemote())
      remote.push({
        type: request.getType(),
        name: request.getName(),
        reason: reasonFor(request.getType(), installed, supported),
      });
    return register.call(this, request, callback);
  };
  return {
    version: installed && versionText(installed),
    notConstructed: () => [...refused, ...remote],
    uninstall: () => {
      for (const key of cacheKeys) delete require.cache[key];
      monitor.registerResource = register;
    },
  };
}

/** The command's verdict on a program with components it could not construct: not checked. */
export class NotCheckedError extends Error {
  constructor(readonly components: readonly NotConstructed[]) {
    super(
      [
        `not checked: the program has ${components.length === 1 ? "a component" : "components"} the offline command could not construct, so the stack it would check is incomplete:`,
        ...components.map((component) => `  ${component.type} ${component.name}: ${component.reason}`),
        `To check this stack, ${INSTEAD}.`,
      ].join("\n"),
    );
  }
}
