import { installNewUserProject } from "../test/support/newuser";
import * as fs from "fs";
const dir = "/tmp/nu2"; fs.rmSync(dir, { recursive: true, force: true }); fs.mkdirSync(dir);
const t = Date.now();
installNewUserProject(dir, "/tmp/pk/fargate-preflight-0.1.0.tgz");
console.log("installed in", Date.now() - t, "ms");
