#!/usr/bin/env node
// The command. It runs the compiled CLI (dist/), in a clone after `npm run build` and in an
// installed package as shipped; ts-node is loaded only when `check` runs a TypeScript program.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const compiled = path.join(ROOT, "dist", "cli", "main.js");
if (!fs.existsSync(compiled)) {
  process.stderr.write(
    `fargate-preflight: ${path.relative(process.cwd(), compiled)} is missing: run npm run build in ${ROOT}\n`,
  );
  process.exit(3);
}
require(compiled)
  .main(process.argv.slice(2))
  // Exit once stdout is flushed: a report piped to another process must not be cut short.
  .then((code) => process.stdout.write("", () => process.exit(code)))
  .catch((error) => {
    process.stderr.write(
      `fargate-preflight: internal error (please report it): ${error && error.stack ? error.stack : error}\n`,
    );
    process.exit(3);
  });
