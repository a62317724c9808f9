// The engine starts a local policy pack as
// `node node_modules/@pulumi/pulumi/cmd/run-policy-pack` with the pack directory as its
// working directory, so policies/ needs a node_modules of its own. Instead of a second
// install, point it at the root one: one lockfile, one copy of every dependency.
"use strict";
const fs = require("fs");
const path = require("path");

const packModules = path.join(__dirname, "..", "policies", "node_modules");
try {
  fs.lstatSync(packModules);
} catch {
  fs.symlinkSync(path.join("..", "node_modules"), packModules, "junction");
}
