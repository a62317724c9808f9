/**
 * Resource and invoke transforms, run as the engine runs them. The SDK's mocks record the
 * program's transforms but run none of them (@pulumi/pulumi runtime/mocks.ts: "The mock monitor
 * does not run transforms"), so without this a program whose transforms change its inputs would
 * be checked on inputs `pulumi preview` never sends.
 *
 * What the engine does (pulumi/pulumi pkg/resource/deploy/source_eval.go, RegisterResource and
 * Invoke, at 1b5949891b):
 * - a registration runs its own transforms, then those of its parent, its parent's parent and
 *   so on, then the stack's (registered with `registerResourceTransform`), each on the previous
 *   one's result;
 * - the transforms see the inputs with computed and secret values as outputs; when the
 *   registration has transforms of its own, each input that depends on other resources is an
 *   output carrying those dependencies (`upgradeOutputValues`), and afterwards each input's
 *   dependencies are read back from the outputs in the result;
 * - an invoke runs the stack's invoke transforms on its arguments before the provider sees them.
 * The SDK hands each transform `{custom, type, name, props, opts}` and takes `{props, opts}` or
 * undefined (runtime/callbacks.ts). Options a transform changes are not applied offline: one
 * that changes the provider (and with it the region or account) stops the run, naming it.
 */
import type * as PulumiModule from "@pulumi/pulumi";
import { OUTPUT_VALUE_SIGNATURE, SECRET_SIGNATURE, SIGNATURE_KEY, isRecord, isUnknown } from "../../model";
import { SimulationError } from "./errors";

type Pulumi = typeof PulumiModule;
type ResourceTransform = PulumiModule.ResourceTransform;
type InvokeTransform = PulumiModule.InvokeTransform;
type Json = unknown;

/** The parts of the SDK's RegisterResourceRequest the transforms read and rewrite. */
export interface TransformableRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): { toJavaScript(): Record<string, Json> } | undefined;
  setObject?(value: unknown): void;
  getTransformsList?(): { getToken(): string }[];
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}

export interface Applied {
  own: ResourceTransform[];
  /** Set when the request had transforms of its own: its inputs' dependencies, read from the result. */
  propertyDependencies?: Record<string, string[]>;
}

/** The transforms of one program run: the stack's, and each registered resource's own (by URN). */
export class Transforms {
  readonly stack: ResourceTransform[] = [];
  readonly invoke: InvokeTransform[] = [];
  private readonly own = new Map<string, ResourceTransform[]>();
  private readonly parents = new Map<string, string>();

  constructor(
    private readonly pulumi: Pulumi,
    /** The SDK mock monitor's map from callback token to the program's function. */
    private readonly callbacks: () => ReadonlyMap<string, unknown> | undefined,
  ) {}

  /** The request's own transforms, as the program's functions. */
  private ownOf(request: TransformableRequest): ResourceTransform[] {
    const tokens = request.getTransformsList?.() ?? [];
    if (tokens.length === 0) return [];
    const callbacks = this.callbacks();
    return tokens.map((callback) => {
      const transform = callbacks?.get(callback.getToken());
      if (typeof transform !== "function")
        throw new SimulationError(
          `${request.getType()} ${request.getName()} has transforms that this program's @pulumi/pulumi does not hand to its mocks; upgrade @pulumi/pulumi, or check the stack with pulumi preview --policy-pack`,
        );
      return transform as ResourceTransform;
    });
  }

  /**
   * Runs the transforms that apply to `request` and writes their result into it. Returns the
   * request's own transforms, to be remembered under its URN with `registered`, and, when it
   * has transforms of its own, the input dependencies the engine reads back from the result.
   */
  async apply(request: TransformableRequest): Promise<Applied> {
    const own = this.ownOf(request);
    const chain = [...own];
    for (let parent = request.getParent(); parent; parent = this.parents.get(parent) ?? "")
      chain.push(...(this.own.get(parent) ?? []));
    chain.push(...this.stack);
    if (chain.length === 0) return { own };

    const { runtime } = this.pulumi;
    const struct = request.getObject();
    const sent = struct?.toJavaScript() ?? {};
    const dependencies = new Map<string, string[]>();
    request.getPropertydependenciesMap().forEach((value, key) => dependencies.set(key, value.getUrnsList()));
    const engineForm: Record<string, Json> = {};
    for (const [key, value] of Object.entries(sent)) {
      const upgraded = asOutputValues(value);
      const urns = own.length > 0 ? (dependencies.get(key) ?? []) : [];
      engineForm[key] = urns.length > 0 ? withDependencies(upgraded, urns) : upgraded;
    }
    const StructClass = struct
      ? (Object.getPrototypeOf(struct) as { constructor: { fromJavaScript(value: unknown): unknown } }).constructor
      : undefined;
    if (!StructClass || !request.setObject) return { own };

    let props = runtime.deserializeProperties(StructClass.fromJavaScript(engineForm) as never);
    const provider = request.getProvider();
    const opts: PulumiModule.CustomResourceOptions = {
      parent: request.getParent() ? new this.pulumi.DependencyResource(request.getParent()) : undefined,
      provider: provider ? new this.pulumi.DependencyProviderResource(provider) : undefined,
    };
    for (const transform of chain) {
      const result = await transform({
        custom: request.getCustom(),
        type: request.getType(),
        name: request.getName(),
        props,
        opts,
      });
      if (result === undefined) continue;
      props = result.props;
      const changed = (result.opts as PulumiModule.CustomResourceOptions | undefined)?.provider;
      if (result.opts !== undefined && changed !== opts.provider)
        throw new SimulationError(
          `a transform changes the provider of ${request.getType()} ${request.getName()}, which the offline check does not apply; check the stack with pulumi preview --policy-pack`,
        );
    }
    const [serialized, dependents] = await runtime.serializeResourceProperties("props", props);
    request.setObject(StructClass.fromJavaScript(serialized));
    if (own.length === 0) return { own };
    // The engine reads each input's dependencies back from the outputs of the result.
    const rebuilt: Record<string, string[]> = {};
    for (const key of Object.keys(serialized)) {
      const urns = await Promise.all([...(dependents.get(key) ?? [])].map((resource) => urnOf(resource)));
      rebuilt[key] = [...new Set(urns)];
    }
    return { own, propertyDependencies: rebuilt };
  }

  /** Remembers a registered resource's own transforms and parent, for its children. */
  registered(urn: string, parent: string, own: ResourceTransform[]): void {
    if (parent) this.parents.set(urn, parent);
    if (own.length > 0) this.own.set(urn, own);
  }

  /** An invoke's arguments after the stack's invoke transforms. */
  async invokeArguments(token: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    let current = args;
    for (const transform of this.invoke) {
      const result = await transform({ token, args: current, opts: {} });
      if (result !== undefined) current = result.args as Record<string, unknown>;
    }
    return current;
  }
}

/** The engine's UpgradeToOutputValues: a computed value is an unknown output, a secret a secret output. */
function asOutputValues(value: Json): Json {
  if (isUnknown(value)) return { [SIGNATURE_KEY]: OUTPUT_VALUE_SIGNATURE };
  if (Array.isArray(value)) return value.map(asOutputValues);
  if (!isRecord(value)) return value;
  if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) {
    const inner = asOutputValues(value.value);
    return isRecord(inner) && inner[SIGNATURE_KEY] === OUTPUT_VALUE_SIGNATURE
      ? { ...inner, secret: true }
      : { [SIGNATURE_KEY]: OUTPUT_VALUE_SIGNATURE, value: inner, secret: true };
  }
  if (typeof value[SIGNATURE_KEY] === "string") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asOutputValues(item)]));
}

/** upgradeOutputValues: an input that depends on resources is an output carrying them. */
function withDependencies(value: Json, urns: string[]): Json {
  if (isRecord(value) && value[SIGNATURE_KEY] === OUTPUT_VALUE_SIGNATURE) {
    const known = Array.isArray(value.dependencies) ? value.dependencies.map(String) : [];
    return { ...value, dependencies: [...new Set([...known, ...urns])] };
  }
  return { [SIGNATURE_KEY]: OUTPUT_VALUE_SIGNATURE, value, dependencies: urns };
}

function urnOf(resource: PulumiModule.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}
