/**
 * The shared model of a Fargate task's start-up needs: imported by the components and by
 * the policy pack, so what the components create is exactly what the pack checks.
 * Dependency-free on purpose: the pack loads it on every preview.
 */
export * from "./arn";
export * from "./derive";
export * from "./references";
export * from "./pull-through-cache";
export * from "./needs";
export * from "./partition";
export * from "./services";
export * from "./unknown";
export * from "./iam";
export * from "./cidr";
export * from "./aws-prefix-lists";
export * from "./aws-owned";
export * from "./managed-policies";
export * from "./iam-request-context";
export { policyProblems, statementsOf } from "./iam-grammar";
export type { PolicyKind } from "./iam-grammar";
export { wildcardMatches } from "./iam-wildcard";
export * from "./components";
export * from "./record";
