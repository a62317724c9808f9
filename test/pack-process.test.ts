import { strict as assert } from "assert";
import { PolicyPackProcess } from "../cli/analyzerClient";
import { PACK_DIR } from "./support/paths";

describe("policy pack started as the engine starts it", function () {
  // The engine type-checks the pack with ts-node on every start: this is slow by nature.
  this.timeout(120000);
  let pack: PolicyPackProcess;

  before(async () => {
    pack = await PolicyPackProcess.start(PACK_DIR, { env: { PULUMI_STACK: "dev", PULUMI_PROJECT: "test" } });
  });
  after(async () => pack?.stop());

  it("prints only its port first and answers GetAnalyzerInfo", async () => {
    const info = await pack.getAnalyzerInfo();
    assert.equal(info.name, "fargate-preflight");
    assert.equal(info.version, "0.1.0");
  });

  it("answers AnalyzeStack on an empty stack with no diagnostics", async () => {
    assert.deepEqual(await pack.analyzeStack([]), []);
  });
});
