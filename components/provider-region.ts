/**
 * Where a component's resources land: the region and partition of the component's own AWS
 * provider (the one `opts.provider`, `opts.providers` or a parent gives it), asked through
 * invokes with the component as parent, so a stack whose region is only on an explicit
 * provider works like one with `aws:region` config. A `region` input overrides the region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isRegionName, partitionForRegion } from "../model";
import { ComponentInputError } from "./inputs";

export interface ProviderRegion {
  region: string;
  /** The ARN partition of the provider (`aws`, `aws-cn`, `aws-us-gov`, ...). */
  partition: string;
}

/** A value of an Input, or `known: false` when it is unknown (at preview). Never waits forever. */
export type Resolved<T> = { known: true; value: T } | { known: false };

interface OutputInternals<T> {
  isKnown?: Promise<boolean>;
  promise?: () => Promise<T>;
}

/**
 * Resolves an Input, telling an unknown apart from a value. `isKnown` and `promise()` are
 * not in @pulumi/pulumi's public typings, but are how the SDK itself resolves Outputs
 * (sdk/nodejs/output.ts); `apply` alone cannot tell "unknown" from "not yet". If a future SDK
 * drops them, the value reads as unknown rather than leaving the component waiting.
 */
export async function resolveInput<T>(input: pulumi.Input<T>): Promise<Resolved<pulumi.Unwrap<T>>> {
  const output = pulumi.output(input) as unknown as OutputInternals<pulumi.Unwrap<T>>;
  if (!output.isKnown || !output.promise) return { known: false };
  if (!(await output.isKnown)) return { known: false };
  return { known: true, value: await output.promise() };
}

/** True when a value is, or holds, an Output or a Promise: not known when the program runs. */
export function holdsComputed(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
  if (Array.isArray(value)) return value.some(holdsComputed);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsComputed);
  return false;
}

/** Throws unless `region` looks like a region name (checked when the program runs, if plain). */
export function checkRegionInput(region: pulumi.Input<string> | undefined): void {
  if (typeof region === "string" && !isRegionName(region)) {
    throw new ComponentInputError("region", "an AWS region name such as eu-central-1", region);
  }
}

/** The region must be in the provider's partition: a provider's credentials work in one partition only. */
export function checkPartition(region: string, providerPartition: string | undefined): ProviderRegion {
  if (!isRegionName(region)) throw new ComponentInputError("region", "an AWS region name such as eu-central-1", region);
  const partition = partitionForRegion(region).partition;
  if (providerPartition && providerPartition !== partition) {
    throw new ComponentInputError(
      "region",
      `a region of the provider's partition ${providerPartition} (${region} is in ${partition})`,
      region,
    );
  }
  return { region, partition: providerPartition || partition };
}

/**
 * The provider region as a promise, for decisions that fix which resources exist: resolved by invokes,
 * which are answered at preview too. `undefined` when the region is not known at preview (an
 * Output `region`, or a provider whose configuration is computed).
 */
export async function resolveProviderRegion(
  component: pulumi.ComponentResource,
  regionInput: pulumi.Input<string> | undefined,
): Promise<ProviderRegion | undefined> {
  const options = { parent: component };
  const [region, partition] = await Promise.all([
    regionInput === undefined
      ? aws.getRegion({}, options).then((result): Resolved<string> => {
          // An invoke the engine cannot answer at preview resolves to an empty result.
          const name = result.region ?? result.name;
          return name ? { known: true, value: name } : { known: false };
        })
      : resolveInput(regionInput),
    aws.getPartition({}, options).then((result) => result.partition as string | undefined),
  ]);
  if (!region.known) return undefined;
  return checkPartition(region.value, partition);
}

/** The provider region as an Output, for values (ARNs, policies) that only feed resource inputs. */
export function providerRegionOutput(
  component: pulumi.ComponentResource,
  regionInput: pulumi.Input<string> | undefined,
): pulumi.Output<ProviderRegion> {
  const options = { parent: component };
  const region = regionInput === undefined ? aws.getRegionOutput({}, options).region : pulumi.output(regionInput);
  const partition = aws.getPartitionOutput({}, options).partition;
  return pulumi.all([region, partition]).apply(([name, providerPartition]) => checkPartition(name, providerPartition));
}
