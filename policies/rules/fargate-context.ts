import { code, finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-CONTEXT",
  description:
    "Every source of outside facts the pack config names (stack export files, referenced stacks) was read and used, or the reason it was not is named.",
  explanation:
    "When the network lives in another stack, the verdicts of an app stack rest on that stack's facts. A file that cannot be read, a `pulumi stack export` that fails or times out, or an export with interrupted operations leaves those verdicts unknown; this says which source and why, instead of passing silently.",
  fix: "Fix the source the finding names (path, access to the stack, `pulumi refresh` on it), or list the stack in context.stackReferences / its export in context.stackExports.",
  defaultLevel: "advisory",
  docs: {
    language: "jsonc",
    failing: code`
      {
        "fargate-preflight": {
          // A file the preview cannot read: not there, or not what pulumi stack export writes.
          "context": { "stackExports": ["network-prod.json"] }
        }
      }
    `,
    passing: code`
      {
        "fargate-preflight": {
          // Written by: pulumi stack export --stack acme/network/prod --file exports/network-prod.json
          "context": { "stackExports": ["exports/network-prod.json"] }
        }
      }
    `,
  },
  check: (analysis) =>
    (analysis.context?.notes ?? []).map((note) =>
      finding("FARGATE-CONTEXT", "", { problem: `Outside facts not used: ${note.message}.` }),
    ),
};
