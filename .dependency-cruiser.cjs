// The layering of fargate-preflight, checked by `npm run lint` (docs/ARCHITECTURE.md explains it).
// Each layer may import itself and the layers before it, never one after it:
//   model <- engine <- stack <- analysis <- rules <- pack <- cli
// and the components (with the multi-language provider over them) import the model only.
// Type-only imports count: a cycle through types is still a cycle for a reader.
"use strict";

/** Folder patterns of each layer, in order. */
const LAYERS = [
  ["model", "^model/"],
  ["engine", "^engine/"],
  ["stack", "^policies/stack/"],
  ["analysis", "^policies/analysis/"],
  ["rules", "^policies/rules/"],
  ["pack", "^policies/(config/|context/|[^/]+\\.ts$)"],
  ["cli", "^cli/"],
];

/** For each layer, a rule forbidding imports of every layer after it. */
const layerRules = LAYERS.slice(0, -1).map(([name, pattern], index) => ({
  name: `${name}-imports-a-later-layer`,
  comment: `${name} may import only ${LAYERS.slice(0, index + 1)
    .map(([earlier]) => earlier)
    .join(", ")} (model <- engine <- stack <- analysis <- rules <- pack <- cli)`,
  severity: "error",
  from: { path: pattern },
  to: { path: LAYERS.slice(index + 1).map(([, later]) => later) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycle, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "components-import-the-model-only",
      comment: "The components share the model with the pack and nothing else of it.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(engine|policies|cli)/" },
    },
    {
      name: "pack-imports-no-components",
      comment: "The pack checks what the components make without loading them: what both need is in model/.",
      severity: "error",
      from: { path: "^(model|engine|policies)/" },
      to: { path: "^(components|provider)/" },
    },
    {
      name: "product-imports-no-tests",
      comment: "Shipped code never imports tests, benchmarks, examples or scripts.",
      severity: "error",
      from: { path: "^(model|engine|policies|cli|components|provider)/" },
      to: { path: "^(test|bench|examples|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|policy-pack)/|/node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
