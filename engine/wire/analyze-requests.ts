/**
 * The pack's hold on the engine's requests, on the gRPC server @pulumi/policy registers
 * (`Server.addService` of the @grpc/grpc-js that @pulumi/policy loads). Both are read from their
 * bytes (request-bytes.ts) instead of google-protobuf's message objects:
 * - `Analyze`: the capture (analyze-inputs.ts) takes the few inputs settling needs and steps
 *   over the rest. A policy with `validateResource` would make @pulumi/policy deserialise every
 *   request's whole inputs, and its provider's (about 10 µs a resource, 7% of a preview's
 *   Analyze time at 50,000 resources).
 * - `AnalyzeStack`: the resources, instead of @pulumi/policy's deserialisation.
 * When the registration is not seen (another @pulumi/policy), the entry falls back to
 * `validateResource` and @pulumi/policy's resources (policies/index.ts): slower, same inputs.
 * `recordRequest` reads a request google-protobuf decoded whole (bytes the reader refused).
 * No bytes reach google-protobuf unchecked (wire-check.ts): malformed ones fail the call at once.
 */
import { createRequire } from "module";
import type * as grpc from "@grpc/grpc-js";
import { unwrapSecrets } from "../../model/unknown";
import type { AnalyzeInputs } from "./analyze-inputs";
import { MalformedWireError } from "./protobuf-wire";
import { readAnalyzeRequest, ReadAnalyzeRequest, splitAnalyzeStackRequest } from "./request-bytes";
import type { StackResource } from "../stack-resource";
import { REQUEST_MESSAGE, RequestMessage, wireFormatProblem } from "./wire-check";

/** The parts of a decoded `pulumirpc.AnalyzeRequest` (google-protobuf) the capture reads. */
export interface AnalyzeRequestMessage {
  getType(): string;
  getUrn(): string;
  getProperties(): { getFieldsMap(): { get(key: string): { toJavaScript(): unknown } | undefined } } | undefined;
}

/** Records the inputs of one request that settle reads (a request it cannot read settles from propertyDependencies). */
export function recordRequest(store: AnalyzeInputs, request: AnalyzeRequestMessage): void {
  const fields = request.getProperties()?.getFieldsMap();
  const secrets: unknown[] = [];
  store.recordFrom(
    request.getType(),
    request.getUrn(),
    (key) => {
      const value = fields?.get(key);
      return value === undefined ? undefined : unwrapSecrets(value.toJavaScript(), secrets);
    },
    secrets,
  );
}

type UnaryHandler = (call: { request: unknown }, callback: unknown) => unknown;
type Callback = (error: Error & { code: number }) => void;

/** Where a request decoded here keeps what was read from its bytes. */
const READ_FROM_BYTES = Symbol("fargate-preflight request read from its bytes");

/** What a deserialiser here gives for bytes that are not the request's wire format: the handler answers with an error. */
export class MalformedRequest {
  constructor(
    readonly method: string,
    readonly problem: string,
  ) {}

  /** The gRPC error the call fails with; it names where the bytes went wrong, never what they hold. */
  error(invalidArgument: number): Error & { code: number } {
    return Object.assign(
      new Error(
        `fargate-preflight: the ${this.method} request is not protobuf's wire format (${this.problem}); refused without decoding it`,
      ),
      { code: invalidArgument },
    );
  }
}

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
 * that `policyModule` loads, reading requests from their bytes (request-bytes.ts) while
 * google-protobuf decodes the rest for @pulumi/policy:
 * - `Analyze`: the inputs the capture keeps go to `store` before @pulumi/policy handles the call
 *   (it gets the request without properties and provider, which only resource policies read);
 * - `AnalyzeStack`: @pulumi/policy runs its policies over an empty resource list, so its own
 *   deserialisation of every resource (more than half of a large preview's AnalyzeStack time)
 *   is not paid, and the stack policy takes `stackResources()`.
 * Every method's bytes are checked (wire-check.ts) before google-protobuf decodes any: bytes
 * that are not the request's wire format fail the call at once with INVALID_ARGUMENT.
 * Well-formed bytes the reader does not take go to google-protobuf whole, and are read as before.
 * Only for a pack none of whose policies has `validateResource` (the pack's entry, whose one
 * policy captures nothing itself when the hook is seen). Call `stop()` once the pack is constructed.
 */
export function watchAnalyzerRequests(store: AnalyzeInputs, policyModule = "@pulumi/policy"): AnalyzerWatch {
  let wrapped = false;
  let current: StackResource[] | undefined;
  let grpcModule: typeof grpc;
  try {
    const requireAsPolicy = createRequire(require.resolve(policyModule));
    grpcModule = requireAsPolicy("@grpc/grpc-js") as typeof grpc;
  } catch {
    return { seen: () => false, stop: () => undefined, stackResources: () => undefined };
  }
  const server = grpcModule.Server;
  const invalidArgument = grpcModule.status.INVALID_ARGUMENT;
  const original = Object.getOwnPropertyDescriptor(server.prototype, "addService");
  const addService = server.prototype.addService;
  server.prototype.addService = function (this: grpc.Server, service, implementation) {
    const handlers = implementation as Record<string, unknown>;
    const methods: Partial<Record<string, grpc.MethodDefinition<unknown, unknown>>> = service;
    const analyze = handlers.analyze;
    const analyzeStack = handlers.analyzeStack;
    const analyzeMethod = methods.analyze;
    const stackMethod = methods.analyzeStack;
    if (
      !wrapped &&
      typeof analyze === "function" &&
      typeof analyzeStack === "function" &&
      analyzeMethod !== undefined &&
      stackMethod !== undefined
    ) {
      wrapped = true;
      const analyzeHandler = analyze as UnaryHandler;
      const analyzeStackHandler = analyzeStack as UnaryHandler;
      const keysFor = (type: string) => store.keysFor(type);
      const checkedService: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
      const checkedHandlers: Record<string, unknown> = { ...handlers };
      for (const [name, method] of Object.entries(methods)) {
        const message = method && REQUEST_MESSAGE.get(method.path);
        if (!method || !message) {
          if (method) checkedService[name] = method;
          continue;
        }
        checkedService[name] = {
          ...method,
          requestDeserialize: checkedBytes(method.requestDeserialize, method.path, message),
        };
        const handler = handlers[name];
        if (typeof handler === "function")
          checkedHandlers[name] = refusingMalformed(handler as UnaryHandler, invalidArgument);
      }
      checkedService.analyze = {
        ...analyzeMethod,
        requestDeserialize: readingBytes(
          analyzeMethod.requestDeserialize,
          analyzeMethod.path,
          "AnalyzeRequest",
          (bytes) => {
            const read = readAnalyzeRequest(bytes, keysFor);
            return { rest: read.rest, read };
          },
        ),
      };
      checkedService.analyzeStack = {
        ...stackMethod,
        requestDeserialize: readingBytes(
          stackMethod.requestDeserialize,
          stackMethod.path,
          "AnalyzeStackRequest",
          (bytes) => {
            const split = splitAnalyzeStackRequest(bytes);
            return { rest: split.rest, read: split.resources };
          },
        ),
      };
      checkedHandlers.analyze = refusingMalformed((call: { request: unknown }, callback: unknown) => {
        const request = call.request as AnalyzeRequestMessage;
        try {
          const read = readFromBytes<ReadAnalyzeRequest>(request);
          if (read === undefined) recordRequest(store, request);
          else if (read.inputs !== undefined) store.record(read.type, read.urn, read.inputs, read.secrets);
        } catch {
          // The capture is an optimisation of settling: the engine's call goes on regardless.
        }
        return analyzeHandler(call, callback);
      }, invalidArgument);
      checkedHandlers.analyzeStack = refusingMalformed((call: { request: unknown }, callback: unknown) => {
        current = readFromBytes<StackResource[]>(call.request);
        const done = () => {
          current = undefined;
        };
        const result = analyzeStackHandler(call, callback);
        if (result instanceof Promise) result.then(done, done);
        else done();
        return result;
      }, invalidArgument);
      service = checkedService as typeof service;
      implementation = checkedHandlers as typeof implementation;
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

/** A handler that answers a `MalformedRequest` with INVALID_ARGUMENT at once, and hands any other request on. */
function refusingMalformed(handler: UnaryHandler, invalidArgument: number): UnaryHandler {
  return (call, callback) => {
    if (call.request instanceof MalformedRequest) return (callback as Callback)(call.request.error(invalidArgument));
    return handler(call, callback);
  };
}

/** A request deserialiser that hands google-protobuf only bytes checked to be `message`'s wire format. */
export function checkedBytes(
  decode: (bytes: Buffer) => unknown,
  method: string,
  message: RequestMessage,
): (bytes: Buffer) => unknown {
  return (bytes) => {
    const problem = wireFormatProblem(bytes, message);
    return problem === undefined ? decode(bytes) : new MalformedRequest(method, problem);
  };
}

/**
 * A request deserialiser that reads what the pack needs from the bytes (`read`), hands the
 * rest to google-protobuf (`decodeWhole`) and keeps what it read on the decoded request. Bytes
 * that are not `message`'s wire format give a `MalformedRequest`; well-formed bytes the reader
 * refuses go to google-protobuf whole, as without the hook.
 */
export function readingBytes(
  decodeWhole: (bytes: Buffer) => unknown,
  method: string,
  message: RequestMessage,
  read: (bytes: Buffer) => { rest: Buffer; read: unknown },
): (bytes: Buffer) => unknown {
  const decodeChecked = checkedBytes(decodeWhole, method, message);
  return (bytes) => {
    let split: { rest: Buffer; read: unknown };
    try {
      split = read(bytes);
    } catch (error) {
      if (error instanceof MalformedWireError) return new MalformedRequest(method, error.message);
      // Refused but well-formed (a special value @pulumi/policy refuses), or a value nested deeper
      // than the stack: as without the hook, once every byte has been checked.
      return decodeChecked(bytes);
    }
    const request = decodeChecked(split.rest);
    if (typeof request === "object" && request !== null && !(request instanceof MalformedRequest))
      Object.defineProperty(request, READ_FROM_BYTES, { value: split.read });
    return request;
  };
}

function readFromBytes<T>(request: unknown): T | undefined {
  if (typeof request !== "object" || request === null) return undefined;
  return (request as { [READ_FROM_BYTES]?: T })[READ_FROM_BYTES];
}
