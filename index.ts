/**
 * fargate-preflight: components that make Fargate tasks start on the first try, and the
 * shared model of their start-up needs. The policy pack is in ./policies.
 */
export * from "./components";
export * from "./model";
