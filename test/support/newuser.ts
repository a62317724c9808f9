/**
 * A new user's project: the packed tarball installed next to the user's own @pulumi/pulumi and
 * @pulumi/aws, with no network. The project's lockfile is cut from this repository's lockfile
 * (the same versions, already in the npm cache after `npm ci`), so `npm ci --offline` installs
 * it in seconds and CI does not depend on the registry.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./paths";

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** The lockfile path a package resolves to from `from` (a lockfile path), as Node resolves it. */
function resolveIn(packages: Lockfile["packages"], from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/** Every lockfile entry the given packages need, with the repository's dev/peer flags removed. */
export function lockClosure(lock: Lockfile, roots: readonly string[]): Record<string, LockEntry> {
  const result: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean) => {
    const found = resolveIn(lock.packages, from, name);
    if (!found) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || "the project"}) is not in the repository's lockfile`);
    }
    if (result[found]) return;
    const entry: LockEntry = { ...lock.packages[found] };
    for (const flag of ["dev", "devOptional", "peer"]) delete entry[flag];
    result[found] = entry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(found, dependency, false);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(found, dependency, true);
    for (const dependency of Object.keys(entry.peerDependencies ?? {}))
      visit(found, dependency, entry.peerDependenciesMeta?.[dependency]?.optional === true);
  };
  for (const root of roots) visit("", root, false);
  return result;
}

export interface NewUserProject {
  directory: string;
  /** The installed package. */
  packageDir: string;
}

/**
 * Writes `directory/package.json` (the user's own dependencies plus the tarball) and a lockfile,
 * then installs with `npm ci --offline`.
 */
export function installNewUserProject(directory: string, tarball: string): NewUserProject {
  const repoLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lockfile;
  const packed = JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  ) as LockEntry & { name: string; bin?: Record<string, string>; engines?: Record<string, string> };
  const version = (name: string) => repoLock.packages[`node_modules/${name}`]?.version;
  // What `pulumi new aws-typescript` gives a user, at the versions this repository tests.
  const dependencies: Record<string, string> = {
    "@pulumi/aws": version("@pulumi/aws")!,
    "@pulumi/pulumi": version("@pulumi/pulumi")!,
    "fargate-preflight": `file:${path.relative(directory, tarball)}`,
  };
  const devDependencies: Record<string, string> = {
    "@types/node": version("@types/node")!,
    typescript: version("typescript")!,
  };
  const manifest = { name: "newuser-app", version: "1.0.0", private: true, dependencies, devDependencies };
  fs.writeFileSync(path.join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const closure = lockClosure(repoLock, [
    "@pulumi/aws",
    "@pulumi/pulumi",
    "@types/node",
    "typescript",
    ...Object.keys(packed.dependencies ?? {}),
    ...Object.keys(packed.peerDependencies ?? {}),
  ]);
  const integrity = `sha512-${crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies, devDependencies },
      ...closure,
      "node_modules/fargate-preflight": {
        version: packed.version,
        resolved: dependencies["fargate-preflight"],
        integrity,
        license: packed.license,
        dependencies: packed.dependencies,
        peerDependencies: packed.peerDependencies,
        bin: packed.bin,
        engines: packed.engines,
      },
    },
  };
  fs.writeFileSync(path.join(directory, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: directory,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return { directory, packageDir: path.join(directory, "node_modules", "fargate-preflight") };
}

/**
 * What the engine does with a published pack on a machine that runs it: the directory alone,
 * unpacked where no other node_modules is above it, then `npm install` of its package.json.
 * Here the install is `npm ci --offline` from a lockfile cut from this repository's.
 */
export function installPackCopy(packDir: string, directory: string): void {
  fs.cpSync(packDir, directory, { recursive: true });
  const repoLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lockfile;
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, "package.json"), "utf8")) as LockEntry & {
    name: string;
  };
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
      ...lockClosure(repoLock, Object.keys(manifest.dependencies ?? {})),
    },
  };
  fs.writeFileSync(path.join(directory, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: directory,
    stdio: ["ignore", "ignore", "pipe"],
  });
}
