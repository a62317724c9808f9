/**
 * The pack's hold on the engine's requests, on the gRPC server @pulumi/policy registers
 * (`Server.addService` of the @grpc/grpc-js that @pulumi/policy loads):
 * - `Analyze`: the capture (analyze-inputs.ts) reads the few inputs settling needs from the
 *   decoded request. A policy with `validateResource` would make @pulumi/policy deserialise
 *   every request's whole inputs, and its provider's (about 10 µs a resource, 7% of a preview's
 *   Analyze time at 50,000 resources).
 * - `AnalyzeStack`: the resources are read from the request's bytes (analyze-stack-request.ts)
 *   instead of google-protobuf's message objects and @pulumi/policy's deserialisation.
 * When the registration is not seen (another @pulumi/policy), the entry falls back to
 * `validateResource` and @pulumi/policy's resources (policies/index.ts): slower, same inputs.
 */
import { createRequire } from "module";
import type * as grpc from "@grpc/grpc-js";
import { unwrapSecrets } from "../../model/unknown";
import type { AnalyzeInputs } from "./analyze-inputs";
import { splitAnalyzeStackRequest, SplitStackRequest } from "./analyze-stack-request";
import { WireFormatError } from "./protobuf-wire";
import type { StackResource } from "./resources";

/** The parts of a decoded `pulumirpc.AnalyzeRequest` (google-protobuf) the capture reads. */
export interface AnalyzeRequestMessage {
  getType(): string;
  getUrn(): string;
  getProperties(): { getFieldsMap(): { get(key: string): { toJavaScript(): unknown } | undefined } } | undefined;
}

/** Records the inputs of one request that settle reads (a request it cannot read settles from propertyDependencies). */
export function recordRequest(store: AnalyzeInputs, request: AnalyzeRequestMessage): void {
  const fields = request.getProperties()?.getFieldsMap();
  store.recordFrom(request.getType(), request.getUrn(), (key) => {
    const value = fields?.get(key);
    return value === undefined ? undefined : unwrapSecrets(value.toJavaScript());
  });
}

type UnaryHandler = (call: { request: unknown }, callback: unknown) => unknown;

/** Where a request decoded by `splitAnalyzeStackRequest` keeps its resources. */
const OWN_RESOURCES = Symbol("fargate-preflight AnalyzeStack resources");

export interface AnalyzerWatch {
  /** Whether the Analyzer service was registered through the hook (else nothing is seen or decoded). */
  seen(): boolean;
  stop(): void;
  /**
   * The resources of the AnalyzeStack call being handled, read from its bytes (@pulumi/policy
   * was handed the request without them); undefined when the hook did not read them.
   */
  stackResources(): StackResource[] | undefined;
}

/**
 * Hooks the Analyzer service of the next registration on a gRPC server of the @grpc/grpc-js
 * that `policyModule` loads: `onRequest` sees each `Analyze` request before @pulumi/policy
 * handles it, and the `AnalyzeStack` request's resources are read from its bytes
 * (analyze-stack-request.ts) while google-protobuf decodes the rest of the request for
 * @pulumi/policy, which then runs its policies over an empty resource list: its own
 * deserialisation of every resource (more than half of a large preview's AnalyzeStack time)
 * is not paid. Bytes the reader does not expect go to google-protobuf whole, as before.
 * Call `stop()` once the pack is constructed.
 */
export function watchAnalyzerRequests(
  onRequest: (request: AnalyzeRequestMessage) => void,
  policyModule = "@pulumi/policy",
): AnalyzerWatch {
  let wrapped = false;
  let current: StackResource[] | undefined;
  let server: typeof grpc.Server;
  try {
    const requireAsPolicy = createRequire(require.resolve(policyModule));
    server = (requireAsPolicy("@grpc/grpc-js") as typeof grpc).Server;
  } catch {
    return { seen: () => false, stop: () => undefined, stackResources: () => undefined };
  }
  const original = Object.getOwnPropertyDescriptor(server.prototype, "addService");
  const addService = server.prototype.addService;
  server.prototype.addService = function (this: grpc.Server, service, implementation) {
    const handlers = implementation as Record<string, unknown>;
    const methods: Partial<Record<string, grpc.MethodDefinition<unknown, unknown>>> = service;
    const analyze = handlers.analyze;
    const analyzeStack = handlers.analyzeStack;
    const stackMethod = methods.analyzeStack;
    if (
      !wrapped &&
      typeof analyze === "function" &&
      typeof analyzeStack === "function" &&
      methods.analyze !== undefined &&
      stackMethod !== undefined
    ) {
      wrapped = true;
      const analyzeHandler = analyze as UnaryHandler;
      const analyzeStackHandler = analyzeStack as UnaryHandler;
      const decodeWhole = stackMethod.requestDeserialize;
      service = {
        ...service,
        analyzeStack: { ...stackMethod, requestDeserialize: (bytes: Buffer) => decodeStackRequest(bytes, decodeWhole) },
      };
      implementation = {
        ...implementation,
        analyze: (call: { request: AnalyzeRequestMessage }, callback: unknown) => {
          try {
            onRequest(call.request);
          } catch {
            // The capture is an optimisation of settling: the engine's call goes on regardless.
          }
          return analyzeHandler(call, callback);
        },
        analyzeStack: (call: { request: unknown }, callback: unknown) => {
          current = ownResources(call.request);
          const done = () => {
            current = undefined;
          };
          const result = analyzeStackHandler(call, callback);
          if (result instanceof Promise) result.then(done, done);
          else done();
          return result;
        },
      };
    }
    return addService.call(this, service, implementation);
  };
  return {
    seen: () => wrapped,
    stop: () => {
      if (original) Object.defineProperty(server.prototype, "addService", original);
    },
    stackResources: () => current,
  };
}

/** The request google-protobuf decodes from the bytes without the resources, carrying the resources read here. */
function decodeStackRequest(bytes: Buffer, decodeWhole: (bytes: Buffer) => unknown): unknown {
  let split: SplitStackRequest;
  try {
    split = splitAnalyzeStackRequest(bytes);
  } catch (error) {
    if (error instanceof WireFormatError) return decodeWhole(bytes);
    throw error;
  }
  const request = decodeWhole(Buffer.from(split.rest.buffer, split.rest.byteOffset, split.rest.byteLength));
  if (typeof request === "object" && request !== null)
    Object.defineProperty(request, OWN_RESOURCES, { value: split.resources });
  return request;
}

function ownResources(request: unknown): StackResource[] | undefined {
  if (typeof request !== "object" || request === null) return undefined;
  return (request as { [OWN_RESOURCES]?: StackResource[] })[OWN_RESOURCES];
}
