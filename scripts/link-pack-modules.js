// The engine starts a local policy pack as `node node_modules/@pulumi/pulumi/cmd/run-policy-pack`
// and a component provider as `.../cmd/run-plugin`, with the pack's or plugin's directory as
// working directory, so policies/ and provider/ need a node_modules of their own. Instead of a
// second install, point them at the node_modules that holds this package's dependencies (the
// repository's own, or the consumer's when installed as a dependency).
"use strict";
const fs = require("fs");
const path = require("path");

let target;
try {
  target = path.dirname(path.dirname(path.dirname(require.resolve("@pulumi/pulumi/package.json"))));
} catch {
  process.exit(0); // Dependencies not installed (yet): nothing to link.
}
for (const directory of ["policies", "provider"]) {
  const modules = path.join(__dirname, "..", directory, "node_modules");
  try {
    fs.lstatSync(modules);
  } catch {
    fs.symlinkSync(path.relative(path.dirname(modules), target), modules, "junction");
  }
}
