/**
 * Mocks that answer like the engine and the AWS provider do for a program with explicit
 * providers: an invoke is answered by the provider it names (its region, its partition), a call
 * without a provider by the default provider (`aws:region`, or an error like the real one when
 * there is none). Every registration and invoke is recorded with the provider reference it
 * carried, so tests can assert what would reach AWS and through which provider.
 *
 * "preview" is a first preview: no ids, and every output the program did not set is unknown
 * (the SDK resolves properties missing from a dry-run answer as unknown).
 */
import * as pulumi from "@pulumi/pulumi";
import { partitionForRegion } from "../../model";

export const MOCK_ACCOUNT = "444455556666";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** `urn::id` of the provider the registration named ("" for the default provider). */
  provider: string;
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

export class ProviderAwareMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  private readonly providerRegions = new Map<string, string>();
  private readonly subnets = new Map<string, { vpcId: unknown; availabilityZone: unknown }>();

  constructor(
    readonly form: "preview" | "deployed",
    /** The stack's `aws:region` config, if any (the default provider's region). */
    readonly defaultRegion?: string,
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    this.resources.push({ type: args.type, name: args.name, inputs, provider: args.provider ?? "" });
    if (args.type === "pulumi:providers:aws" && typeof inputs.region === "string")
      this.providerRegions.set(args.name, inputs.region);
    if (this.form === "preview") return { id: undefined, state: inputs };
    const id = `${args.type.split(":").pop()!.toLowerCase()}-${args.name}`;
    if (args.type === "aws:ec2/subnet:Subnet")
      this.subnets.set(id, { vpcId: inputs.vpcId, availabilityZone: inputs.availabilityZone });
    const state: Record<string, unknown> = { ...inputs };
    if (args.type === "aws:ecr/repository:Repository") {
      const region = this.regionOf(args.provider ?? "");
      state.repositoryUrl = `${MOCK_ACCOUNT}.dkr.ecr.${region}.${partitionForRegion(region).dnsSuffix}/${args.name}`;
    }
    if (args.type === "aws:iam/role:Role") {
      state.arn = `arn:${partitionForRegion(this.regionOf(args.provider ?? "")).partition}:iam::${MOCK_ACCOUNT}:role/${args.name}`;
      state.name = args.name;
    }
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
  form: "preview" | "deployed",
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
