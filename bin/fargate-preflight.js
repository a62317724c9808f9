#!/usr/bin/env node
// The command. It runs the compiled CLI (dist/): in an installed package as shipped, in a clone
// as last built (`npm run build`; the first run builds it); ts-node is loaded only when `check`
// runs a TypeScript program.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const compiled = path.join(ROOT, "dist", "cli", "main.js");
const pack = path.join(ROOT, "policy-pack", "package.json");

/**
 * In a fresh clone (`npm ci`, nothing built yet) the first run builds dist/ and policy-pack/, so
 * the README's one command works there. Only when they are missing, never to refresh a stale
 * build (runs in parallel would race on dist/), and only in a clone: an installed package ships
 * the build and no tsconfig.build.json. The build's output goes to stderr; stdout is the report.
 */
function buildFreshClone() {
  if (fs.existsSync(compiled) && fs.existsSync(pack)) return;
  if (!fs.existsSync(path.join(ROOT, "tsconfig.build.json"))) return;
  process.stderr.write(
    "fargate-preflight: first run in this clone: building dist/ and policy-pack/ (npm run build)...\n",
  );
  const { spawnSync } = require("child_process");
  const build = spawnSync("npm", ["run", "build", "--silent"], {
    cwd: ROOT,
    stdio: ["ignore", process.stderr, process.stderr],
    shell: process.platform === "win32",
  });
  if (build.status !== 0) {
    process.stderr.write(
      `fargate-preflight: the build failed (${build.error ? build.error.message : `exit ${build.status}`}): run npm run build in ${ROOT}\n`,
    );
    process.exit(3);
  }
}

buildFreshClone();
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
