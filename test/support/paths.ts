import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PACK_DIR = path.join(REPO_ROOT, "policies");
