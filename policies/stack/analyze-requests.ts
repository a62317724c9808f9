/**
 * Reads the engine's `Analyze` requests for the capture (analyze-inputs.ts) without a resource
 * policy. Any policy with `validateResource` makes @pulumi/policy deserialise every request's
 * whole inputs, and its provider's, before calling it (its server's analyze handler): about
 * 10 µs a resource, 7% of a preview's Analyze time at 50,000 resources, spent on the inputs of
 * every type when the capture keeps a few inputs of some types. So the pack's entry wraps the
 * `analyze` handler @pulumi/policy registers on its gRPC server (`Server.addService` of the
 * @grpc/grpc-js that @pulumi/policy loads) and reads just those inputs from the decoded
 * request. When that registration is not seen (another @pulumi/policy), the entry falls back to
 * `validateResource` (policies/index.ts): slower, same inputs.
 */
import { createRequire } from "module";
import type * as grpc from "@grpc/grpc-js";
import { unwrapSecrets } from "../../model/unknown";
import type { AnalyzeInputs } from "./analyze-inputs";

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

type UnaryHandler = (call: { request: AnalyzeRequestMessage }, callback: unknown) => unknown;

/**
 * Wraps the `analyze` handler of the next Analyzer service registered on a gRPC server of the
 * @grpc/grpc-js that `policyModule` loads, so `onRequest` sees each request before @pulumi/policy
 * handles it. Call `stop()` once the pack is constructed; `seen()` says whether it wrapped one.
 */
export function watchAnalyzeRequests(
  onRequest: (request: AnalyzeRequestMessage) => void,
  policyModule = "@pulumi/policy",
): { seen(): boolean; stop(): void } {
  let wrapped = false;
  let server: typeof grpc.Server;
  try {
    const requireAsPolicy = createRequire(require.resolve(policyModule));
    server = (requireAsPolicy("@grpc/grpc-js") as typeof grpc).Server;
  } catch {
    return { seen: () => false, stop: () => undefined };
  }
  const original = Object.getOwnPropertyDescriptor(server.prototype, "addService");
  const addService = server.prototype.addService;
  server.prototype.addService = function (this: grpc.Server, service, implementation) {
    const analyze = (implementation as Record<string, unknown>).analyze;
    if (!wrapped && "analyze" in service && typeof analyze === "function") {
      wrapped = true;
      const handler = analyze as UnaryHandler;
      implementation = {
        ...implementation,
        analyze: (call: { request: AnalyzeRequestMessage }, callback: unknown) => {
          try {
            onRequest(call.request);
          } catch {
            // The capture is an optimisation of settling: the engine's call goes on regardless.
          }
          return handler(call, callback);
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
  };
}
