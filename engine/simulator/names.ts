/**
 * The names and ids the simulator makes up where AWS or the provider would pick them: stable
 * per seed, so the same program gets the same ids on every run, and in AWS's forms.
 */
import { partitionForRegion } from "../../model";
import type { AssignContext } from "../provider-facts";
import type { Properties } from "../stack-resource";

/** A first preview (planned states, ids unknown) or a deployed stack (states after create). */
export type StackForm = "preview" | "deployed";

/** What the simulated provider runs with: the form of the stack, its region and account. */
export interface SimulationSettings {
  form: StackForm;
  region: string;
  accountId: string;
  /** Availability zones of the region, for invokes and the zones AWS picks. */
  availabilityZones?: readonly string[];
  /** Outputs of a stack a StackReference reads (from --context exports); unknown when not given. */
  stackOutputs?: (stack: string) => Record<string, unknown> | undefined;
  /** Which of those outputs the export marks secret: the StackReference gives them as secrets. */
  stackSecretOutputNames?: (stack: string) => string[];
}

/** Hex digits derived stably from a seed: the same program gets the same ids on every run. */
export function hexOf(seed: string, length: number): string {
  let digits = "";
  for (let round = 0; digits.length < length; round++) {
    let hash = 2166136261 ^ round;
    for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
    // Avalanche (MurmurHash3's finaliser), so seeds that differ in one character look unrelated.
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hash = (hash ^ (hash >>> 16)) >>> 0;
    digits += hash.toString(16).padStart(8, "0");
  }
  return digits.slice(0, length);
}

/**
 * The name Check gives a resource the program did not name: its name in the program, a dash
 * and 7 random hex digits (pulumi/pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go,
 * AutoName: Randlen 7, hex digits by default; @pulumi/aws names with separator "-"). Here the
 * digits are stable per name.
 */
export function autoName(name: string): string {
  return `${name}-${hexOf(name, 7)}`;
}

export function availabilityZones(settings: Pick<SimulationSettings, "region" | "availabilityZones">): string[] {
  return settings.availabilityZones
    ? [...settings.availabilityZones]
    : ["a", "b", "c"].map((letter) => `${settings.region}${letter}`);
}

/** A zone AWS would pick, stably per seed. */
export function pickZone(seed: string, settings: Pick<SimulationSettings, "region" | "availabilityZones">): string {
  const zones = availabilityZones(settings);
  return zones[parseInt(hexOf(seed, 4), 16) % zones.length];
}

/** The zone id of a zone name, in the form AWS uses (`euw1-az1`). */
export function zoneId(zone: string): string {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zone);
  if (!match) return `${zone}-az1`;
  const [, area, direction, number, letter] = match;
  // southeast → se, northeast → ne, east → e ...
  const abbreviation = direction.replace(/^(north|south)(east|west)$/, (_, a: string, b: string) => a[0] + b[0]);
  return `${area}${abbreviation.length === 2 ? abbreviation : direction[0]}${number}-az${letter.charCodeAt(0) - 96}`;
}

/** A private ECR registry's host: `<account>.dkr.ecr.<region>.<partition's DNS suffix>`. */
export function ecrRegistryHost(registryId: string, region: string): string {
  return `${registryId}.dkr.ecr.${region}.${partitionForRegion(region).dnsSuffix}`;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; the partition follows the region. */
export function regionalArn(
  settings: Pick<SimulationSettings, "region" | "accountId">,
  service: string,
  resource: string,
) {
  return `arn:${partitionForRegion(settings.region).partition}:${service}:${settings.region}:${settings.accountId}:${resource}`;
}

/** What the table's facts need to write the values AWS assigns to one resource. */
export function assignContext(name: string, state: Properties, settings: SimulationSettings): AssignContext {
  const { partition, dnsSuffix } = partitionForRegion(settings.region);
  return {
    name,
    state,
    region: settings.region,
    accountId: settings.accountId,
    dnsSuffix,
    arn: (service, resource) => regionalArn(settings, service, resource),
    globalArn: (service, resource) => `arn:${partition}:${service}::${settings.accountId}:${resource}`,
    hex: hexOf,
    pickZone: (seed) => pickZone(seed, settings),
    zoneId,
  };
}
