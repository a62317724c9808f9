#!/usr/bin/env node
// The command: from source in a clone, compiled (dist/) when installed as a package. ts-node
// is registered either way, to load the TypeScript Pulumi program being checked.
"use strict";
const fs = require("fs");
const path = require("path");

require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
// Installed under node_modules, ts-node does not compile the package's own sources: use dist/.
const compiled = path.join(__dirname, "..", "dist", "cli", "main.js");
const installed = __dirname.split(path.sep).includes("node_modules");
const { main } = require(installed && fs.existsSync(compiled) ? compiled : "../cli/main");
main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`fargate-preflight: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  });
