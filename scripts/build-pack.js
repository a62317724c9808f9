#!/usr/bin/env node
/**
 * Builds policy-pack/: the fast, self-contained policy pack the README's commands use.
 *
 * It holds the compiled policies and what they import (from dist/, so run `tsc -p
 * tsconfig.build.json` first), PulumiPolicy.yaml, and a package.json whose `main` is compiled
 * JavaScript. Why:
 * - The engine runs `node <resolved @pulumi/pulumi/cmd/run-policy-pack> <engine> .` in the pack
 *   directory, resolving @pulumi/pulumi from there upwards (the `pulumi-analyzer-policy` shim
 *   in pulumi/pulumi sdk/nodejs/dist), so the directory needs no node_modules of its own inside
 *   a clone or an installed package: the ones above it serve.
 * - A JavaScript `main` is not type-checked by ts-node on every preview (about 1 s to start
 *   instead of 5-6 s for the TypeScript pack in policies/).
 * - `pulumi policy publish` uploads the directory as it is and the engine runs `npm install`
 *   where it is installed, so nothing may be imported from outside the folder except the
 *   dependencies listed in its package.json. The pack holds exactly the compiled files its
 *   entry requires (followed from dist/policies/index.js), and this script refuses to build a
 *   pack that needs any other package.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { builtinModules } = require("module");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const PACK = path.join(ROOT, "policy-pack");
/** The compiled entry the engine loads; the pack holds it and every file it requires, nothing else. */
const ENTRY = path.join(DIST, "policies", "index.js");
/** The only packages the pack may load; the engine installs them from the pack's package.json. */
const PACKAGES = ["@pulumi/policy", "@pulumi/pulumi"];
/** Loaded only when pack config context.aws is on (policies/context/aws*.ts): optional peers of the pack. */
const OPTIONAL_PACKAGES = ["@aws-sdk/client-ec2", "@aws-sdk/client-iam"];

function fail(message) {
  process.stderr.write(`build-pack: ${message}\n`);
  process.exit(1);
}

/** The compiled file a relative `require` of `from` loads (`x.js` or `x/index.js`), inside dist/. */
function resolveRelative(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  const file = [base, `${base}.js`, path.join(base, "index.js")].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (!file || !file.startsWith(DIST + path.sep))
    fail(`${path.relative(ROOT, from)} requires ${specifier}, which is not compiled code of this package`);
  return file;
}

/** Every compiled file the entry needs, following relative requires; other requires must be allowed packages. */
function closure(entry) {
  const files = new Set([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const match of fs.readFileSync(file, "utf8").matchAll(/require\("([^"]+)"\)/g)) {
      const specifier = match[1];
      if (specifier.startsWith(".")) {
        const target = resolveRelative(file, specifier);
        if (!files.has(target)) {
          files.add(target);
          queue.push(target);
        }
        continue;
      }
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
      if (builtinModules.includes(name.replace(/^node:/, ""))) continue;
      if (!PACKAGES.includes(name) && !OPTIONAL_PACKAGES.includes(name))
        fail(
          `${path.relative(ROOT, file)} requires ${specifier}, not a dependency of the pack (${PACKAGES.join(", ")})`,
        );
    }
  }
  return [...files];
}

const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
if (!fs.existsSync(ENTRY)) fail("dist/policies/index.js is missing: run tsc -p tsconfig.build.json first");

fs.rmSync(PACK, { recursive: true, force: true });
const files = closure(ENTRY);
for (const file of files) {
  const target = path.join(PACK, "lib", path.relative(DIST, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
}
fs.copyFileSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"), path.join(PACK, "PulumiPolicy.yaml"));
const packManifest = {
  name: "fargate-preflight-policy-pack",
  version: root.version,
  description: `${root.description} Built from fargate-preflight ${root.version}; run with \`pulumi preview --policy-pack <this directory>\`.`,
  license: root.license,
  private: true,
  main: `lib/${path.relative(DIST, ENTRY).split(path.sep).join("/")}`,
  // The same ranges the main package asks of its users.
  dependencies: Object.fromEntries(PACKAGES.map((name) => [name, root.peerDependencies[name]])),
  peerDependencies: Object.fromEntries(OPTIONAL_PACKAGES.map((name) => [name, root.peerDependencies[name]])),
  peerDependenciesMeta: Object.fromEntries(OPTIONAL_PACKAGES.map((name) => [name, { optional: true }])),
};
fs.writeFileSync(path.join(PACK, "package.json"), `${JSON.stringify(packManifest, null, 2)}\n`);
process.stdout.write(`built ${path.relative(process.cwd(), PACK) || PACK} (${files.length} compiled files)\n`);
