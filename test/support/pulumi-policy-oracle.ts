/**
 * The oracle for the pack's own AnalyzeStack reader (engine/wire/request-bytes.ts): the same bytes
 * decoded by google-protobuf and handed by @pulumi/policy's own AnalyzeStack handler to a stack
 * policy, whose resources the pack reads with fromPolicyResource.
 */
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { PolicyResource } from "@pulumi/policy";
import type { StackResource } from "../../engine/stack-resource";
import { fromPolicyResource } from "../../policies/policy-resources";

// Not in @pulumi/policy's typings: the handler its server registers for AnalyzeStack.
const { makeAnalyzeStackRpcFun } = require("@pulumi/policy/server") as {
  makeAnalyzeStackRpcFun(
    name: string,
    version: string,
    level: string,
    policies: unknown[],
  ): (call: { request: unknown }, callback: (error: unknown) => void) => Promise<void>;
};

/** The resources of an encoded AnalyzeStackRequest as @pulumi/policy hands them (rejects as its handler does). */
export async function throughPulumiPolicy(bytes: Uint8Array): Promise<StackResource[]> {
  let seen: StackResource[] | undefined;
  const policy = {
    name: "oracle",
    description: "d",
    enforcementLevel: "advisory",
    validateStack: (args: { resources: PolicyResource[] }) => {
      seen = args.resources.map(fromPolicyResource);
    },
  };
  const handler = makeAnalyzeStackRpcFun("oracle", "0.0.1", "advisory", [policy]);
  let failure: unknown;
  await handler({ request: analyzerPb.AnalyzeStackRequest.deserializeBinary(bytes) }, (error) => (failure = error));
  if (failure) throw failure;
  return seen!;
}
