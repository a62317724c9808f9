// The engine starts a local policy pack as
// `node node_modules/@pulumi/pulumi/cmd/run-policy-pack` with the pack directory as its
// working directory, so policies/ needs a node_modules of its own. Instead of a second
// install, point it at the node_modules that holds this package's dependencies (the
// repository's own, or the consumer's when installed as a dependency).
"use strict";
const fs = require("fs");
const path = require("path");

const packModules = path.join(__dirname, "..", "policies", "node_modules");
let target;
try {
  target = path.dirname(path.dirname(path.dirname(require.resolve("@pulumi/pulumi/package.json"))));
} catch {
  process.exit(0); // Dependencies not installed (yet): nothing to link.
}
try {
  fs.lstatSync(packModules);
} catch {
  fs.symlinkSync(path.relative(path.dirname(packModules), target), packModules, "junction");
}
