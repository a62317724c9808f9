import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "../../engine/stack-resource";
import { finishRecording, recordWithMocks, type StackForm } from "../../engine/simulator";
import { ACCOUNT, REGION } from "../fixtures/stacks";

/** The resolved value of an Output (undefined when unknown, as at preview). */
export function valueOf<T>(output: pulumi.Output<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => {
    if (!output) return resolve(undefined);
    // isKnown tells an unknown apart from undefined at preview.
    const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
    void internal.isKnown.then(async (known) => resolve(known ? await internal.promise() : undefined));
  });
}

/**
 * Runs `program` under mocks in the given form and returns every registered resource as the
 * engine would see it, once all registrations have completed.
 */
export async function runUnderMocks(form: StackForm, program: () => void | Promise<void>): Promise<StackResource[]> {
  const recorded = await recordWithMocks(pulumi, { form, region: REGION, accountId: ACCOUNT }, "shop", "dev");
  pulumi.runtime.setConfig("aws:region", REGION);
  await program();
  await pulumi.runtime.disconnect();
  // Lookups the mocks cannot answer still fail the run; programs that fail on purpose are asserted by their tests.
  await finishRecording(recorded, { tolerateProgramErrors: true });
  return recorded;
}

export function byType(resources: readonly StackResource[], type: string): StackResource[] {
  return resources.filter((resource) => resource.type === type);
}
