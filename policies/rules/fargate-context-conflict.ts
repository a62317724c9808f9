import { code, finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-CONTEXT-CONFLICT",
  description:
    "The stack and the outside facts it is checked against agree on what each shared resource is (a subnet id lies in one VPC).",
  explanation:
    "An export that says subnet subnet-1 is in one VPC while the stack, or another export, says another is stale or of another account or region: any verdict built on it would be a guess. The stack's own facts are used; two disagreeing outside sources are both set aside.",
  fix: "Export the network stack again (`pulumi stack export --stack <name> --file ...`) after `pulumi refresh`, and check that the app stack reads the right stack, account and region.",
  defaultLevel: "mandatory",
  docs: {
    language: "jsonc",
    failing: code`
      {
        "fargate-preflight": {
          // Exported before the network stack's subnets were replaced: it puts subnet-1 in another VPC.
          "context": { "stackExports": ["exports/network-prod-2024.json"] }
        }
      }
    `,
    passing: code`
      {
        "fargate-preflight": {
          // Exported again after pulumi refresh on the network stack.
          "context": { "stackExports": ["exports/network-prod.json"] }
        }
      }
    `,
  },
  check: (analysis) =>
    (analysis.context?.conflicts ?? []).map((conflict) =>
      finding("FARGATE-CONTEXT-CONFLICT", conflict.urn, {
        problem: `Outside facts contradict each other: ${conflict.message}.`,
        fixes: [{ kind: "refresh-export" }],
      }),
    ),
};
