/**
 * The one imitation of the Pulumi engine and the bridged AWS provider: what a first preview or a
 * deployed stack sends a policy pack, rendered from the provider-fact table
 * (engine/provider-facts/). The offline command, the test fixtures and the component tests all
 * use it; docs/ARCHITECTURE.md, "The engine imitation", lists the facts and their sources.
 *
 * - names.ts: the settings of a simulation, and the names and ids it makes up (autonames, zones);
 * - marshal.ts: values and property dependencies as the engine sends them to a pack;
 * - states.ts: inputs after Check, planned state, deployed state, region;
 * - lookups.ts and policy-document.ts: answers to invokes;
 * - recording.ts: runs a program under `runtime.setMocks` and records what the engine would send.
 */
export * from "./errors";
export * from "./names";
export * from "./marshal";
export * from "./states";
export { Lookups, type Registered } from "./lookups";
export { policyDocument } from "./policy-document";
export { recordWithMocks, finishRecording, lookupStandInIds } from "./recording";
