#!/usr/bin/env node
/**
 * Builds policy-pack/: the fast, self-contained policy pack the README's commands use.
 *
 * It holds the compiled policies/ and model/ (from dist/, so run `tsc -p tsconfig.build.json`
 * first), PulumiPolicy.yaml, and a package.json whose `main` is compiled JavaScript. Why:
 * - The engine runs `node <resolved @pulumi/pulumi/cmd/run-policy-pack> <engine> .` in the pack
 *   directory, resolving @pulumi/pulumi from there upwards (the `pulumi-analyzer-policy` shim
 *   in pulumi/pulumi sdk/nodejs/dist), so the directory needs no node_modules of its own inside
 *   a clone or an installed package: the ones above it serve.
 * - A JavaScript `main` is not type-checked by ts-node on every preview (about 1 s to start
 *   instead of 5-6 s for the TypeScript pack in policies/).
 * - `pulumi policy publish` uploads the directory as it is and the engine runs `npm install`
 *   where it is installed, so nothing may be imported from outside the folder except the
 *   dependencies listed in its package.json. This script refuses to build a pack that does.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { builtinModules } = require("module");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const PACK = path.join(ROOT, "policy-pack");
/** Compiled source folders the pack needs: the policies and the model they import (other files they import follow). */
const FOLDERS = ["policies", "model"];
/** The only packages the pack may load; the engine installs them from the pack's package.json. */
const PACKAGES = ["@pulumi/policy", "@pulumi/pulumi"];
/** Loaded only when pack config context.aws is on (policies/context/aws*.ts): optional peers of the pack. */
const OPTIONAL_PACKAGES = ["@aws-sdk/client-ec2", "@aws-sdk/client-iam"];

function fail(message) {
  process.stderr.write(`build-pack: ${message}\n`);
  process.exit(1);
}

/** The file Node loads for a relative require of `target` (without extension), if any. */
function moduleFile(target) {
  return [`${target}.js`, path.join(target, "index.js"), target].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

/** Copies into the pack every compiled file outside FOLDERS that a pack file imports by a relative path. */
function copyImportedFiles() {
  const queue = javascriptFiles(PACK);
  while (queue.length > 0) {
    const file = queue.pop();
    for (const match of fs.readFileSync(file, "utf8").matchAll(/require\("(\.[^"]+)"\)/g)) {
      const target = path.resolve(path.dirname(file), match[1]);
      if (!target.startsWith(path.join(PACK, "lib") + path.sep) || moduleFile(target)) continue;
      const source = moduleFile(path.join(DIST, path.relative(path.join(PACK, "lib"), target)));
      if (!source) continue; // reported by checkImports
      const copy = path.join(PACK, "lib", path.relative(DIST, source));
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.copyFileSync(source, copy);
      queue.push(copy);
    }
  }
}

function javascriptFiles(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return javascriptFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

/** Every `require("...")` of a compiled file must stay inside the pack or name an allowed package. */
function checkImports(file) {
  const source = fs.readFileSync(file, "utf8");
  for (const match of source.matchAll(/require\("([^"]+)"\)/g)) {
    const specifier = match[1];
    if (specifier.startsWith(".")) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(PACK + path.sep))
        fail(`${path.relative(ROOT, file)} imports ${specifier}, outside the pack`);
      if (!moduleFile(target)) fail(`${path.relative(ROOT, file)} imports ${specifier}, which is not in the pack`);
      continue;
    }
    const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    if (builtinModules.includes(name.replace(/^node:/, ""))) continue;
    if (!PACKAGES.includes(name) && !OPTIONAL_PACKAGES.includes(name))
      fail(`${path.relative(ROOT, file)} imports ${specifier}, not a dependency of the pack`);
  }
}

const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
for (const folder of FOLDERS) {
  if (!fs.existsSync(path.join(DIST, folder, "index.js")))
    fail(`dist/${folder} is missing: run tsc -p tsconfig.build.json first`);
}

fs.rmSync(PACK, { recursive: true, force: true });
for (const folder of FOLDERS) {
  for (const file of javascriptFiles(path.join(DIST, folder))) {
    const target = path.join(PACK, "lib", path.relative(DIST, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}
copyImportedFiles();
fs.copyFileSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"), path.join(PACK, "PulumiPolicy.yaml"));
const packManifest = {
  name: "fargate-preflight-policy-pack",
  version: root.version,
  description: `${root.description} Built from fargate-preflight ${root.version}; run with \`pulumi preview --policy-pack <this directory>\`.`,
  license: root.license,
  private: true,
  main: "lib/policies/index.js",
  // The same ranges the main package asks of its users.
  dependencies: Object.fromEntries(PACKAGES.map((name) => [name, root.peerDependencies[name]])),
  peerDependencies: Object.fromEntries(OPTIONAL_PACKAGES.map((name) => [name, root.peerDependencies[name]])),
  peerDependenciesMeta: Object.fromEntries(OPTIONAL_PACKAGES.map((name) => [name, { optional: true }])),
};
fs.writeFileSync(path.join(PACK, "package.json"), `${JSON.stringify(packManifest, null, 2)}\n`);
for (const file of javascriptFiles(PACK)) checkImports(file);
if (!fs.existsSync(path.join(PACK, packManifest.main))) fail(`${packManifest.main} was not built`);
process.stdout.write(`built ${path.relative(process.cwd(), PACK) || PACK} (${javascriptFiles(PACK).length} files)\n`);
