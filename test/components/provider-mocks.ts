/**
 * Mocks that answer like the engine and the AWS provider do for a program with explicit
 * providers: an invoke is answered by the provider it names (its region, its partition), a call
 * without a provider by the default provider (`aws:region`, or an error like the real one when
 * there is none). Every registration and invoke is recorded with the provider reference it
 * carried, so tests can assert what would reach AWS and through which provider.
 *
 * Resource states come from the engine simulator (engine/simulator), as the offline command's
 * do: "preview" is a first preview (the planned state: ids and provider-only outputs unknown),
 * "deployed" the state after create, each in the region and account of the resource's provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { isRecord, partitionForRegion, UNKNOWN } from "../../model";
import { checkInputs, providerState, type StackForm } from "../../engine/simulator";
import { T } from "../../engine/type-tokens";

export const MOCK_ACCOUNT = "444455556666";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** `urn::id` of the provider the registration named ("" for the default provider). */
  provider: string;
  /** The state the mocks answered with (an AWS resource's: the engine simulator's). */
  state?: Record<string, unknown>;
}

export interface RecordedCall {
  token: string;
  inputs: Record<string, unknown>;
  provider: string;
}

/** The provider's name in a reference `urn:pulumi:stack::project::[parents$]pulumi:providers:aws::name::id`. */
export function providerName(reference: string): string | undefined {
  const parts = reference.split("::");
  return parts.length >= 3 && parts[parts.length - 3].endsWith("pulumi:providers:aws")
    ? parts[parts.length - 2]
    : undefined;
}

/** A value the mocks received as the engine holds it: the SDK's unknown marker as the engine's sentinel. */
function engineValue(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(engineValue);
  // Plain objects only: a resource the SDK deserialised from a reference stays as it is.
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, engineValue(element)]));
  return value;
}

export class ProviderAwareMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  private readonly providerRegions = new Map<string, string>();
  private readonly subnets = new Map<string, { vpcId: unknown; availabilityZone: unknown }>();

  constructor(
    readonly form: StackForm,
    /** The stack's `aws:region` config, if any (the default provider's region). */
    readonly defaultRegion?: string,
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    const recorded: RecordedResource = { type: args.type, name: args.name, inputs, provider: args.provider ?? "" };
    this.resources.push(recorded);
    if (args.type === "pulumi:providers:aws" && typeof inputs.region === "string")
      this.providerRegions.set(args.name, inputs.region);
    if (!args.type.startsWith("aws:")) {
      const id = this.form === "preview" ? undefined : `${args.type.split(":").pop()!.toLowerCase()}-${args.name}`;
      return { id, state: inputs };
    }
    // The provider's answer: planned or deployed, in the region of the provider the resource names.
    const region = this.regionOf(args.provider ?? "");
    const checked = checkInputs(args.type, args.name, engineValue(inputs) as Record<string, unknown>);
    const state = providerState(args.type, args.name, checked, { form: this.form, region, accountId: MOCK_ACCOUNT });
    recorded.state = state;
    const id = typeof state.id === "string" && this.form === "deployed" ? state.id : undefined;
    if (args.type === T.subnet && id !== undefined)
      this.subnets.set(id, { vpcId: state.vpcId, availabilityZone: state.availabilityZone });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    this.calls.push({ token: args.token, inputs, provider: args.provider ?? "" });
    const region = typeof inputs.region === "string" ? inputs.region : this.regionOf(args.provider ?? "");
    const partition = partitionForRegion(region);
    switch (args.token) {
      case "aws:index/getRegion:getRegion":
        return {
          region,
          name: region,
          id: region,
          description: region,
          endpoint: `ec2.${region}.${partition.dnsSuffix}`,
        };
      case "aws:index/getPartition:getPartition":
        return {
          partition: partition.partition,
          id: partition.partition,
          dnsSuffix: partition.dnsSuffix,
          reverseDnsPrefix: partition.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
        };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId: MOCK_ACCOUNT,
          id: MOCK_ACCOUNT,
          arn: `arn:${partition.partition}:iam::${MOCK_ACCOUNT}:user/ci`,
        };
      case "aws:ec2/getSubnet:getSubnet": {
        const id = String(inputs.id);
        const subnet = this.subnets.get(id);
        return { id, vpcId: subnet?.vpcId ?? "", availabilityZone: subnet?.availabilityZone ?? `${region}a`, region };
      }
      case "aws:ec2/getVpc:getVpc":
        return { id: inputs.id, cidrBlock: "10.9.0.0/16", region };
      default:
        throw new Error(`no mock for ${args.token}`);
    }
  }

  /** The region of the provider a reference names, else the default provider's. */
  private regionOf(reference: string): string {
    const name = providerName(reference);
    const region = name !== undefined ? this.providerRegions.get(name) : this.defaultRegion;
    // The AWS provider's own error when it has no region.
    if (!region) throw new Error("invalid AWS Region: (the provider has no region; set aws:region or AWS_REGION)");
    return region;
  }
}

/** Warnings the program logged (without an engine, pulumi.log writes them to console.warn). */
export interface MockRun {
  mocks: ProviderAwareMocks;
  warnings: string[];
  errors: string[];
}

/** Runs `program` under these mocks, without any `aws:region` config unless given. */
export async function runWithProviders(
  form: StackForm,
  program: () => void | Promise<void>,
  defaultRegion?: string,
): Promise<MockRun> {
  const mocks = new ProviderAwareMocks(form, defaultRegion);
  await pulumi.runtime.setMocks(mocks, "shop", "dev", form === "preview");
  // Config set by other tests in this process must not leak a region into these.
  pulumi.runtime.setAllConfig(defaultRegion ? { "aws:region": defaultRegion } : {});
  const warnings: string[] = [];
  const errors: string[] = [];
  const { warn, error } = console;
  console.warn = (message: unknown) => void warnings.push(String(message));
  console.error = (message: unknown) => void errors.push(String(message));
  try {
    await program();
    await pulumi.runtime.disconnect();
  } finally {
    console.warn = warn;
    console.error = error;
  }
  return { mocks, warnings, errors };
}

/**
 * The component's initialisation, as `dependsOn` awaits it (ComponentResource.getData, which
 * is protected): it rejects with the error that failed the component.
 */
export function initialised(component: pulumi.ComponentResource): Promise<unknown> {
  return (component as unknown as { getData(): Promise<unknown> }).getData();
}
