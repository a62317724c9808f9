/** Where fargate-preflight itself is: its package root, the built pack, its own code. */
import * as fs from "fs";
import * as path from "path";

/** fargate-preflight's own root: the directory of its package.json (dist/cli/.. /.. installed, cli/.. in a clone). */
export function packageRoot(from = __dirname): string {
  for (let directory = from; ; directory = path.dirname(directory)) {
    const manifest = path.join(directory, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "fargate-preflight")
      return directory;
    if (path.dirname(directory) === directory) throw new Error(`no fargate-preflight package.json above ${from}`);
  }
}

export const ROOT = packageRoot();
/** The built, self-contained pack (npm run build); the same directory users pass to --policy-pack. */
export const PACK_DIR = path.join(ROOT, "policy-pack");
/** fargate-preflight's own code: frames there are skipped when locating a resource's declaration. */
export const OWN_DIRECTORIES = ["dist", "cli", "components", "engine", "model", "policies"].map((name) =>
  path.join(ROOT, name),
);

export function version(): string {
  return String(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
}
