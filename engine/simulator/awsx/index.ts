/**
 * Offline construction of @pulumi/awsx components (see install.ts): what the command runs a
 * program with, and what it reports when a component could not be constructed.
 */
export { installAwsxStandIns, awsxStandIns, NotCheckedError, INSTEAD } from "./install";
export type { AwsxSession } from "./install";
export type { AwsxRuntime, NotConstructed } from "./runtime";
export { AWSX_SOURCE, AWSX_TYPE, SUPPORTED_AWSX } from "./facts";
