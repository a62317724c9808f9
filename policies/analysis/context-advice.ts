/**
 * What to say when a service uses network resources that neither the stack nor any context
 * holds: the three ways to supply them, with the exact config to paste.
 */
import type { ContextReport } from "./context-report";

/** The pack config that turns each way on, as one `--policy-pack-config` file. */
export const CONTEXT_CONFIG_SNIPPET =
  '{ "fargate-preflight": { "context": { "stackExports": ["/abs/path/network.json"], "stackReferences": ["<org>/<network-project>/<stack>"], "aws": true } } }';

export function contextAdvice(report: ContextReport | undefined): string {
  const consulted =
    report && report.sources.length > 0
      ? ` (nor in the context consulted: ${report.sources.map((source) => source.origin).join(", ")})`
      : "";
  return (
    `${consulted}. Supply the network's facts one of three ways: ` +
    `(1) an export file: \`pulumi stack export --stack <network stack> --file network.json\`, then \`fargate-preflight check <dir> --context network.json\` or pack config context.stackExports; ` +
    `(2) the network stack by name, read with \`pulumi stack export\` by the CLI running the preview: context.stackReferences; ` +
    `(3) a live description with the preview's AWS credentials (ec2:Describe*, package @aws-sdk/client-ec2): context.aws. ` +
    `Keep the ones you use of this pack config (--policy-pack-config): ${CONTEXT_CONFIG_SNIPPET}; ` +
    `for a path no source shows (a hub VPC, transit gateway egress), assumeReachable`
  );
}

/** One sentence naming the outside resources of a service, then the advice. */
export function outsideStackMessage(
  subnets: readonly string[],
  securityGroups: readonly string[],
  report: ContextReport | undefined,
): string {
  const parts: string[] = [];
  if (subnets.length > 0) parts.push(`subnet${subnets.length > 1 ? "s" : ""} ${subnets.join(", ")}`);
  if (securityGroups.length > 0)
    parts.push(`security group${securityGroups.length > 1 ? "s" : ""} ${securityGroups.join(", ")}`);
  return (
    `${parts.join(" and ")} ${subnets.length + securityGroups.length > 1 ? "are" : "is"} not in this stack, so routes, endpoints, security groups and network ACLs cannot be checked` +
    contextAdvice(report)
  );
}
