#!/usr/bin/env node
// Loads the TypeScript command (and the TypeScript programs it checks) without a build step.
"use strict";
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
require("../cli/main")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`fargate-preflight: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  });
