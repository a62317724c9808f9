/**
 * One model: a deployed stack split into an app stack and a network export gets the same
 * verdicts as the whole stack, for every cell of the synthetic benchmark stack (endpoints,
 * a missing Secrets Manager endpoint, NAT, public subnets with and without public IP).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { splitNetwork } from "../../bench/context";
import { syntheticStack } from "../../bench/synthetic";
import { stackExport } from "../support/stack-export";
import { findingsWithContext } from "./support";

const named = (findings: { level: string; ruleId: string; urn: string }[]) =>
  findings
    .filter((finding) => finding.level === "mandatory")
    .map((finding) => `${finding.ruleId} ${finding.urn.slice(finding.urn.lastIndexOf("::") + 2)}`)
    .sort();

describe("context: an app stack plus its network's export is judged as the whole stack", function () {
  this.timeout(60000);

  it("gives the same mandatory findings, on the same resources, for every kind of cell", async () => {
    const all = syntheticStack("deployed", 600).resources;
    const { app, network } = splitNetwork(all);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "split-")), "network.json");
    fs.writeFileSync(file, JSON.stringify(stackExport(network)));
    const whole = named(await findingsWithContext(all, undefined));
    const split = named(await findingsWithContext(app, { stackExports: [file] }));
    assert.ok(whole.length >= 4, `the synthetic stack has broken cells (${whole.length})`);
    assert.deepEqual(split, whole);
    // Without the export nothing about the network is proven, so nothing network-related is mandatory.
    const alone = named(await findingsWithContext(app, undefined));
    assert.ok(!alone.some((finding) => /NETWORK|PUBLIC-IP|NAT/.test(finding)), alone.join("\n"));
  });
});
