/**
 * Starts a policy pack the way `pulumi preview --policy-pack` does and talks to it over
 * the Analyzer gRPC protocol. Used by the offline `fargate-preflight check` command and by
 * the tests, so both see exactly what the engine would see.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../model/unknown";
import type { StackResource } from "../engine/stack-resource";
import { analyzerPropertyDependencies } from "../engine/simulator/marshal";
import type { Level } from "../policies/rules/rule";

/** The engine's enforcement levels (its protobuf enum): a pack's levels and "remediate", which this pack never uses. */
export type EnforcementLevelName = Level | "remediate";

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevelName;
  urn: string;
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  supportsConfig: boolean;
  policies: { name: string; description: string; enforcementLevel: EnforcementLevelName; configSchema?: unknown }[];
}

const LEVEL_NAMES: Record<number, EnforcementLevelName> = {
  [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
  [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_NUMBERS: Record<EnforcementLevelName, analyzerPb.EnforcementLevel> = {
  advisory: analyzerPb.EnforcementLevel.ADVISORY,
  mandatory: analyzerPb.EnforcementLevel.MANDATORY,
  disabled: analyzerPb.EnforcementLevel.DISABLED,
  remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};

function unary<Req, Res>(
  method: (
    request: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
  ) => grpc.ClientUnaryCall,
  request: Req,
  timeoutMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
interface ResourceFields {
  setType(value: string): unknown;
  setUrn(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: Struct): unknown;
  setOptions(value?: analyzerPb.AnalyzerResourceOptions): unknown;
}

function withResourceFields<M extends ResourceFields>(
  message: M,
  resource: StackResource,
  properties: Record<string, unknown> = resource.properties,
): M {
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(Struct.fromJavaScript(properties as Record<string, never>));
  // The SDK refuses requests without options ("A more recent version of the Pulumi CLI is required").
  message.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return message;
}

/** One `Analyze` request as the engine sends it: the resource's inputs after Check (else its properties). */
export function toAnalyzeRequest(resource: StackResource): analyzerPb.AnalyzeRequest {
  return withResourceFields(new analyzerPb.AnalyzeRequest(), resource, resource.inputs ?? resource.properties);
}

export function toAnalyzerResource(resource: StackResource): analyzerPb.AnalyzerResource {
  const message = withResourceFields(new analyzerPb.AnalyzerResource(), resource);
  if (resource.parent) message.setParent(resource.parent);
  message.setDependenciesList(resource.dependencies ?? []);
  const propertyDependencies = message.getPropertydependenciesMap();
  for (const [property, urns] of Object.entries(analyzerPropertyDependencies(resource.propertyDependencies ?? {}))) {
    const dependencies = new analyzerPb.AnalyzerPropertyDependencies();
    dependencies.setUrnsList(urns);
    propertyDependencies.set(property, dependencies);
  }
  return message;
}

function analyzeStackRequest(resources: readonly StackResource[]): analyzerPb.AnalyzeStackRequest {
  const request = new analyzerPb.AnalyzeStackRequest();
  request.setResourcesList(resources.map(toAnalyzerResource));
  return request;
}

/** The bytes `analyze` would send for this resource, for `analyzeEncoded`. */
export function encodeAnalyzeRequest(resource: StackResource): Uint8Array {
  return toAnalyzeRequest(resource).serializeBinary();
}

/** The bytes `analyzeStack` would send for these resources, for `analyzeStackEncoded`. */
export function encodeAnalyzeStackRequest(resources: readonly StackResource[]): Uint8Array {
  return analyzeStackRequest(resources).serializeBinary();
}

/**
 * Sends request bytes as they are (the serialiser passes a view through, no copy) to an
 * Analyzer method that answers with an AnalyzeResponse, decoded with the real deserialiser.
 */
function diagnosticsOfEncoded(
  client: grpc.Client,
  method: string,
  request: Uint8Array,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  const passThrough = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decode = (buffer: Buffer) =>
    analyzerPb.AnalyzeResponse.deserializeBinary(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method,
      passThrough,
      decode,
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        if (error) reject(error);
        else if (response === undefined) reject(new Error(`${method} answered with no message`));
        else resolve(response.getDiagnosticsList().map(fromDiagnostic));
      },
    );
  });
}

function fromDiagnostic(diagnostic: analyzerPb.AnalyzeDiagnostic): Diagnostic {
  return {
    policyName: diagnostic.getPolicyname(),
    policyPackName: diagnostic.getPolicypackname(),
    description: diagnostic.getDescription(),
    message: diagnostic.getMessage(),
    enforcementLevel: LEVEL_NAMES[diagnostic.getEnforcementlevel()] ?? "advisory",
    urn: diagnostic.getUrn(),
  };
}

export interface StartOptions {
  /** Extra environment for the pack process (the engine sets PULUMI_STACK, PULUMI_PROJECT...). */
  env?: Record<string, string>;
  /** How long the pack may take to print its port (type-checking with ts-node is slow). */
  startTimeoutMs?: number;
}

/**
 * Resolves a module the way the engine's `pulumi-analyzer-policy` shim does (`node -e
 * "require.resolve(...)"` run in the pack directory, pulumi/pulumi sdk/nodejs/dist): from the
 * directory upwards, so a pack inside a clone or an installed package uses the node_modules
 * above it.
 */
export function resolveFromDirectory(specifier: string, directory: string): string {
  try {
    return require.resolve(specifier, { paths: [directory] });
  } catch {
    throw new Error(
      `cannot find ${specifier} from ${directory}: install the pack's dependencies (npm install in that directory or above)`,
    );
  }
}

/** A running policy pack process and a client connected to it. */
export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerGrpc.AnalyzerClient,
    readonly port: number,
    readonly stderr: () => string,
  ) {}

  /**
   * Runs `node node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> <packDir>` in the pack
   * directory, as the engine does, and waits for the port on the first line of stdout.
   */
  static async start(packDir: string, options: StartOptions = {}): Promise<PolicyPackProcess> {
    const directory = path.resolve(packDir);
    const child = spawn(
      process.execPath,
      [resolveFromDirectory("@pulumi/pulumi/cmd/run-policy-pack", directory), "127.0.0.1:0", "."],
      {
        cwd: directory,
        env: { ...process.env, PULUMI_DRY_RUN: "true", ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(
          new Error(
            `policy pack in ${directory} printed no port within ${options.startTimeoutMs ?? 60000} ms\n${stderr}`,
          ),
        );
      }, options.startTimeoutMs ?? 60000);
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const newline = stdout.indexOf("\n");
        if (newline === -1) return;
        clearTimeout(timer);
        // The engine reads the FIRST line as the port: anything else there breaks the launch.
        const first = stdout.slice(0, newline).trim();
        if (!/^\d+$/.test(first)) {
          child.kill();
          reject(new Error(`policy pack printed ${JSON.stringify(first)} before its port\n${stderr}`));
        } else {
          resolve(Number(first));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack exited with code ${code} before printing its port\n${stderr}`));
      });
    });
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 512 * 1024 * 1024,
      "grpc.max_send_message_length": 512 * 1024 * 1024,
    });
    return new PolicyPackProcess(child, client, port, () => stderr);
  }

  async getAnalyzerInfo(timeoutMs = 30000): Promise<AnalyzerInfo> {
    const info = await unary(this.client.getAnalyzerInfo.bind(this.client), new Empty(), timeoutMs);
    return {
      name: info.getName(),
      version: info.getVersion(),
      supportsConfig: info.getSupportsconfig(),
      policies: info.getPoliciesList().map((policy) => ({
        name: policy.getName(),
        description: policy.getDescription(),
        enforcementLevel: LEVEL_NAMES[policy.getEnforcementlevel()] ?? "advisory",
        configSchema: policy.getConfigschema()?.getProperties()?.toJavaScript(),
      })),
    };
  }

  /** Sends policy config as the engine does after `GetAnalyzerInfo` (levels and properties per policy). */
  async configure(
    config: Record<string, { enforcementLevel?: EnforcementLevelName; properties?: Record<string, unknown> }>,
    timeoutMs = 30000,
  ): Promise<void> {
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [policy, value] of Object.entries(config)) {
      const policyConfig = new analyzerPb.PolicyConfig();
      policyConfig.setEnforcementlevel(LEVEL_NUMBERS[value.enforcementLevel ?? "mandatory"]);
      policyConfig.setProperties(Struct.fromJavaScript((value.properties ?? {}) as Record<string, never>));
      map.set(policy, policyConfig);
    }
    await unary(this.client.configure.bind(this.client), request, timeoutMs);
  }

  /**
   * One resource, as the engine sends each registration during a preview (resource policies
   * run here): its `inputs` (after the provider's Check) when recorded, else its properties.
   */
  async analyze(resource: StackResource, timeoutMs = 60000): Promise<Diagnostic[]> {
    const response = await unary(this.client.analyze.bind(this.client), toAnalyzeRequest(resource), timeoutMs);
    return response.getDiagnosticsList().map(fromDiagnostic);
  }

  /**
   * `analyze` with a request already serialised by `encodeAnalyzeRequest`: the bytes go out as
   * they are, so a caller that times the pack (bench/) does not time protobuf encoding in JS.
   */
  async analyzeEncoded(request: Uint8Array, timeoutMs = 60000): Promise<Diagnostic[]> {
    return diagnosticsOfEncoded(this.client, analyzerGrpc.AnalyzerService.analyze.path, request, timeoutMs);
  }

  /** `analyzeStack` with a request already serialised by `encodeAnalyzeStackRequest`. */
  async analyzeStackEncoded(request: Uint8Array, timeoutMs = 120000): Promise<Diagnostic[]> {
    return diagnosticsOfEncoded(this.client, analyzerGrpc.AnalyzerService.analyzeStack.path, request, timeoutMs);
  }

  /** The child process id, for memory readings. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async analyzeStack(resources: readonly StackResource[], timeoutMs = 120000): Promise<Diagnostic[]> {
    const response = await unary(this.client.analyzeStack.bind(this.client), analyzeStackRequest(resources), timeoutMs);
    return response.getDiagnosticsList().map(fromDiagnostic);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill();
    });
  }
}

/** How many `Analyze` calls are in flight at once (the engine runs steps in parallel, bounded too). */
const ANALYZE_CONCURRENCY = 8;

/**
 * What the engine does with a pack during `pulumi preview`: `Analyze` for every resource
 * registration, with its inputs after Check (those with recorded `inputs`; a stack export has
 * none), in registration order, then one `AnalyzeStack` with every resource's outputs. Returns
 * the diagnostics of all calls, `Analyze`'s first.
 */
export async function analyzeLikeEngine(
  pack: PolicyPackProcess,
  resources: readonly StackResource[],
): Promise<Diagnostic[]> {
  const registrations = resources.filter((resource) => resource.inputs !== undefined);
  const perResource: Diagnostic[][] = new Array(registrations.length);
  let next = 0;
  const worker = async () => {
    while (next < registrations.length) {
      const index = next++;
      perResource[index] = await pack.analyze(registrations[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ANALYZE_CONCURRENCY, registrations.length) }, worker));
  return [...perResource.flat(), ...(await pack.analyzeStack(resources))];
}

/** Wraps a value the way the engine marks a secret in a property Struct. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}
