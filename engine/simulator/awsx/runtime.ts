/**
 * What the stand-ins for awsx components run with: the program's own @pulumi/pulumi and
 * @pulumi/aws (so their resources register through the same mocked engine as the program's),
 * the @pulumi/awsx version the program installed, and the session that collects what could not
 * be constructed.
 */
import type * as PulumiModule from "@pulumi/pulumi";
import type * as AwsModule from "@pulumi/aws";
import { atLeast, AWSX_SINCE, Version } from "./facts";

export type Pulumi = typeof PulumiModule;
export type Aws = typeof AwsModule;
export type Output<T> = PulumiModule.Output<T>;
export type Input<T> = PulumiModule.Input<T>;
export type Resource = PulumiModule.Resource;
export type ComponentOptions = PulumiModule.ComponentResourceOptions;

/** A component the command could not construct offline, and why. */
export interface NotConstructed {
  type: string;
  name: string;
  reason: string;
}

export interface AwsxRuntime {
  pulumi: Pulumi;
  aws: Aws;
  /** The @pulumi/awsx version the program installed: it is the provider plugin version `pulumi preview` runs. */
  version: Version;
  /** Records a component refused by a stand-in (a feature whose construction is not modelled). */
  refuse(component: NotConstructed): void;
}

/** True when the program's awsx has the behaviour introduced by `feature`. */
export const has = (runtime: AwsxRuntime, feature: keyof typeof AWSX_SINCE) =>
  atLeast(runtime.version, AWSX_SINCE[feature]);

/**
 * `value` as an Output that depends on `resources` and is known whenever `value` is. The awsx
 * provider returns each output with the resources it was built from (ConstructResponse
 * stateDependencies, which the engine hands to the program as the output's dependencies), so a
 * resource given e.g. `vpc.privateSubnetIds` depends on those subnets and nothing else; an
 * Output over the component itself would make it depend on every child of the component.
 */
export function dependingOn<T>(pulumi: Pulumi, value: T, resources: readonly Resource[]): Output<T> {
  return pulumi.all(resources.map((resource) => resource.urn)).apply(() => value) as unknown as Output<T>;
}

/** A refusal: recorded for the command's verdict, and thrown so that nothing is built on a guess. */
export class ConstructionRefused extends Error {
  constructor(
    runtime: AwsxRuntime,
    readonly component: NotConstructed,
  ) {
    super(`${component.type} ${component.name}: ${component.reason}`);
    runtime.refuse(component);
  }
}

/** The value of a plain input, or undefined when the program gave an Output or a Promise (decided later). */
export function plain<T>(pulumi: Pulumi, value: Input<T> | undefined): T | undefined {
  if (value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise) return undefined;
  return value as T;
}
