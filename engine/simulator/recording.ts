/**
 * Runs a Pulumi program without the engine: `runtime.setMocks` answers resource registrations
 * and invokes as the bridged AWS provider and AWS would, and every registration is recorded as
 * the engine would send it to a policy pack:
 * - `inputs`: what `Analyze` gets, the program's inputs after the provider's Check, resource
 *   references downgraded to ids (states.ts checkInputs, marshal.ts asEngineSends);
 * - `properties`: what `AnalyzeStack` gets, the planned state at a first preview or the state
 *   after create (states.ts providerState);
 * - `propertyDependencies` as the program's SDK registered them (a list for every input it set;
 *   marshal.ts asAnalyzeStackSends drops the empty ones, as the engine does).
 */
import type * as PulumiModule from "@pulumi/pulumi";
import { UNKNOWN, isRecord, isUnknown } from "../../model";
import type { Properties, StackResource } from "../stack-resource";
import { T } from "../type-tokens";
import { SimulationError, UnansweredLookupError } from "./errors";
import { Lookups, type Registered } from "./lookups";
import { asEngineSends } from "./marshal";
import type { SimulationSettings } from "./names";
import { checkInputs, deployedOutputsIncomplete, providerState } from "./states";
import { Transforms, type Applied, type TransformableRequest } from "./transforms";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const ROOT_STACK = "pulumi:pulumi:Stack";
const AWS_PROVIDER = "pulumi:providers:aws";

interface Recording {
  settings: SimulationSettings;
  registered: Registered;
  /** Planned or deployed states computed at registration, handed to `newResource` (per type and name). */
  pendingStates: Map<string, Properties[]>;
  unanswered: string[];
  /** Ids the lookups made up for resources outside the stack, with the lookup that answered each. */
  standInIds: Map<string, string>;
  /** Region of each explicit `aws.Provider` the program registered, by URN. */
  providerRegions: Map<string, string>;
  /** Rejections the program left unhandled (the SDK rejects registrations whose inputs failed). */
  rejections: unknown[];
  listener: (reason: unknown) => void;
  /** The program's transforms, run as the engine runs them (the SDK's mocks run none). */
  transforms: Transforms;
  /** What the simulator could not do for the program (the SDK may swallow the reason): reported first. */
  refusals: SimulationError[];
}

const recordings = new WeakMap<StackResource[], Recording>();

/**
 * The settings a registration or invoke runs with: those of the explicit provider it names
 * (`<provider urn>::<provider id>`) when that provider sets a region, else the stack's.
 */
function settingsFor(recording: Recording, providerReference: string | undefined): SimulationSettings {
  const urn = providerReference?.slice(0, providerReference.lastIndexOf("::"));
  const region = urn ? recording.providerRegions.get(urn) : undefined;
  return region && region !== recording.settings.region
    ? { ...recording.settings, region, availabilityZones: undefined }
    : recording.settings;
}

/** The mocks the program's SDK calls: states computed at registration, invokes answered by `Lookups`. */
class SimulatedProvider implements PulumiModule.runtime.Mocks {
  constructor(private readonly recording: Recording) {}

  newResource(args: PulumiModule.runtime.MockResourceArgs): { id: string | undefined; state: Properties } {
    const pending = this.recording.pendingStates.get(`${args.type}::${args.name}`)?.shift();
    if (pending) {
      const id = pending.id;
      return { id: typeof id === "string" && !isUnknown(id) ? id : undefined, state: pending };
    }
    if (args.type === STACK_REFERENCE) {
      // A read of another stack: pulumi preview knows its outputs; offline they come from an export, else unknown.
      const stack = String(args.inputs.name ?? args.name);
      const outputs = this.recording.settings.stackOutputs?.(stack);
      if (!outputs && this.recording.settings.form === "deployed")
        throw new SimulationError(
          `StackReference ${stack}: offline, its outputs come from an export of that stack; pass --context <file written by \`pulumi stack export --stack ${stack}\`>`,
        );
      const secretOutputNames = outputs ? (this.recording.settings.stackSecretOutputNames?.(stack) ?? []) : [];
      return { id: stack, state: { name: stack, outputs: outputs ?? UNKNOWN, secretOutputNames } };
    }
    // A read of an existing resource (`aws.ec2.Vpc.get`): it is outside the stack, as it is.
    return { id: args.id ?? undefined, state: { ...args.inputs, id: args.id } };
  }

  registerTransform(transform: PulumiModule.ResourceTransform): void {
    this.recording.transforms.stack.push(transform);
  }

  registerInvokeTransform(transform: PulumiModule.InvokeTransform): void {
    this.recording.transforms.invoke.push(transform);
  }

  call(args: PulumiModule.runtime.MockCallArgs): Properties | Promise<Properties> {
    if (this.recording.transforms.invoke.length === 0) return this.answer(args.token, args.inputs, args.provider);
    return this.recording.transforms
      .invokeArguments(args.token, args.inputs)
      .then((inputs) => this.answer(args.token, inputs, args.provider));
  }

  private answer(token: string, inputs: Record<string, unknown>, provider: string | undefined): Properties {
    const args = { token, inputs, provider };
    try {
      const settings = settingsFor(this.recording, args.provider);
      const answer = new Lookups(settings, this.recording.registered).answer(args.token, args.inputs as Properties);
      recordStandInIds(this.recording, args.token, answer);
      return answer;
    } catch (error) {
      if (error instanceof UnansweredLookupError) this.recording.unanswered.push(args.token);
      throw error;
    }
  }
}

/** The form of the ids Lookups makes up (`subnet-` and 17 hex digits, as AWS writes them). */
const MADE_UP_ID = /^[a-z]+-[0-9a-f]{17}$/;

/** Notes the ids of AWS's form in a lookup's answer (those of registered resources are set aside when read). */
function recordStandInIds(recording: Recording, token: string, answer: unknown): void {
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === "string") {
      if (MADE_UP_ID.test(value) && !recording.standInIds.has(value)) recording.standInIds.set(value, token);
    } else if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (isRecord(value)) for (const item of Object.values(value)) visit(item, depth + 1);
  };
  visit(answer, 0);
}

/**
 * The ids the offline lookups made up for resources outside the stack (what `pulumi preview`
 * would show as the account's real ids), each with the lookup token that answered it.
 */
export function lookupStandInIds(resources: StackResource[]): ReadonlyMap<string, string> {
  const made = recordings.get(resources)?.standInIds ?? new Map<string, string>();
  // A lookup by the id of a resource the program registered (deployed form) answers with that id: it is real.
  const own = new Set(resources.map((resource) => resource.properties.id).filter((id) => typeof id === "string"));
  return new Map([...made].filter(([id]) => !own.has(id)));
}

interface RegisterRequest extends TransformableRequest {
  getObject(): { toJavaScript(): Properties } | undefined;
  getDependenciesList(): string[];
}

interface RegisterResponse {
  getUrn(): string;
  /** RegisterResourceResponse.unknown (SDKs from @pulumi/pulumi 3.256 read it). */
  setUnknown?(value: boolean): void;
}

type RegisterCallback = (error: unknown, response?: RegisterResponse) => void;

interface Monitor {
  registerResource(request: RegisterRequest, callback: RegisterCallback): void;
  /** The SDK mock monitor's URN maker (runtime/mocks.ts). */
  newUrn?(parent: string, type: string, name: string): string;
}

/**
 * Mock monitors of SDKs before transforms reached the mocks (3.248 has none of these calls)
 * fail a program's `registerResourceTransform` with "this._monitor.registerStackTransform is
 * not a function": the transforms could not run, so the run stops saying so and what to do.
 */
function refuseUnrunStackTransforms(monitor: Monitor, recording: Recording): void {
  const methods = monitor as unknown as Record<string, unknown>;
  for (const name of ["registerStackTransform", "registerStackInvokeTransform"])
    if (typeof methods[name] !== "function")
      methods[name] = (_request: unknown, callback: (error: unknown) => void) => {
        const refusal = new SimulationError(
          "the program registers a stack transform, which its @pulumi/pulumi does not hand to the offline check's mocks, so the stack would be checked without it; upgrade @pulumi/pulumi (3.270 runs them), or check the stack with pulumi preview --policy-pack",
        );
        recording.refusals.push(refusal);
        callback(refusal);
      };
}

/**
 * URNs as the engine makes them (pulumi/pulumi pkg/resource/deploy/deployment.go generateURN):
 * a child's type is qualified by its parent's whole qualified type, except under the root stack,
 * which qualifies nothing. The SDK's mock monitor takes only the parent's last type and
 * qualifies by the root stack too.
 */
function engineUrn(pulumiModule: typeof PulumiModule) {
  return (parent: string, type: string, name: string): string => {
    const parentType = parent ? parent.split("::")[2] : undefined;
    const qualified = parentType && parentType !== ROOT_STACK ? `${parentType}$${type}` : type;
    return `urn:pulumi:${pulumiModule.getStack()}::${pulumiModule.getProject()}::${qualified}::${name}`;
  };
}

/** What the engine records of one registration, and the state the provider answers with. */
function registration(recording: Recording, request: RegisterRequest): { inputs: Properties; properties: Properties } {
  const type = request.getType();
  const name = request.getName();
  const sent = asEngineSends(request.getObject()?.toJavaScript() ?? {}) as Properties;
  // A component's inputs reach the engine as they are; a custom resource's go through its provider's Check.
  if (!request.getCustom()) return { inputs: sent, properties: sent };
  const inputs = checkInputs(type, name, sent);
  return { inputs, properties: providerState(type, name, inputs, settingsFor(recording, request.getProvider())) };
}

/**
 * Installs the simulated provider on the program's own `@pulumi/pulumi` (`pulumiModule`) and
 * records every resource registration. Returns the recorded stack, filled in as registrations
 * complete (the order of the engine's snapshot, which `AnalyzeStack` gets); call
 * `finishRecording` once the program has run.
 */
export async function recordWithMocks(
  pulumiModule: typeof PulumiModule,
  settings: SimulationSettings,
  project: string,
  stack: string,
): Promise<StackResource[]> {
  const recorded: StackResource[] = [];
  const recording: Recording = {
    settings,
    registered: { subnets: new Map(), vpcs: new Map() },
    pendingStates: new Map(),
    unanswered: [],
    standInIds: new Map(),
    providerRegions: new Map(),
    rejections: [],
    listener: (reason) => recording.rejections.push(reason),
    transforms: new Transforms(
      pulumiModule,
      () =>
        (pulumiModule.runtime.getMonitor() as unknown as { transformCallbacks?: ReadonlyMap<string, unknown> })
          .transformCallbacks,
    ),
    refusals: [],
  };
  recordings.set(recorded, recording);
  // Without a listener Node ends the process (exit 1, no report) on the first rejection the SDK
  // leaves unhandled, e.g. a resource whose input came from a lookup that failed.
  process.on("unhandledRejection", recording.listener);
  await pulumiModule.runtime.setMocks(new SimulatedProvider(recording), project, stack, settings.form === "preview");
  const monitor = pulumiModule.runtime.getMonitor() as unknown as Monitor;
  if (typeof monitor.newUrn === "function") monitor.newUrn = engineUrn(pulumiModule);
  refuseUnrunStackTransforms(monitor, recording);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    recording.transforms.apply(request).then(
      (applied) => record(request, applied, callback),
      (error: unknown) => callback(error),
    );
  };
  const record = (request: RegisterRequest, applied: Applied, callback: RegisterCallback) => {
    const type = request.getType();
    const name = request.getName();
    const { inputs, properties } = registration(recording, request);
    const key = `${type}::${name}`;
    recording.pendingStates.set(key, [...(recording.pendingStates.get(key) ?? []), properties]);
    register(request, (error, response) => {
      if (!error && response) {
        const propertyDependencies: Record<string, string[]> = applied.propertyDependencies ?? {};
        if (!applied.propertyDependencies)
          request
            .getPropertydependenciesMap()
            .forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
        recording.transforms.registered(response.getUrn(), request.getParent(), applied.own);
        if (typeof properties.id === "string" && !isUnknown(properties.id)) {
          if (type === T.subnet) recording.registered.subnets.set(properties.id, properties);
          if (type === T.vpc) recording.registered.vpcs.set(properties.id, properties);
        }
        const resource: StackResource = {
          type,
          urn: response.getUrn(),
          name,
          inputs,
          properties,
          parent: request.getParent() || undefined,
          dependencies: request.getDependenciesList(),
          propertyDependencies,
        };
        if (type === AWS_PROVIDER && typeof inputs.region === "string")
          recording.providerRegions.set(resource.urn, inputs.region);
        if (request.getCustom() && deployedOutputsIncomplete(type, settings.form)) response.setUnknown?.(true);
        recorded.push(resource);
      }
      callback(error, response);
    });
  };
  return recorded;
}

/**
 * Ends a recording once the program has run (after `runtime.disconnect()`): stops catching the
 * program's unhandled rejections, and throws a SimulationError naming the first lookup the
 * simulator could not answer, or the first error the program left unhandled.
 */
export async function finishRecording(
  resources: StackResource[],
  options: {
    /** Tests that make a program fail on purpose assert the failure themselves. */
    tolerateProgramErrors?: boolean;
  } = {},
): Promise<void> {
  const recording = recordings.get(resources);
  if (!recording) throw new Error("finishRecording: these resources were not recorded by recordWithMocks");
  // Rejections surface on the next turns of the event loop.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  process.off("unhandledRejection", recording.listener);
  if (recording.unanswered.length > 0) throw new UnansweredLookupError(recording.unanswered[0]);
  if (recording.refusals.length > 0) throw recording.refusals[0];
  if (recording.rejections.length > 0 && !options.tolerateProgramErrors) {
    const first = recording.rejections[0];
    throw new SimulationError(
      `the program failed: ${first instanceof Error ? (first.stack ?? first.message) : String(first)}`,
    );
  }
}
