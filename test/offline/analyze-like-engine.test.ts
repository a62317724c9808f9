/**
 * The offline command talks to the pack as the engine does: `Analyze` per registration with
 * its inputs after Check, then `AnalyzeStack` with the planned state; and only properties that
 * depend on something carry a `propertyDependencies` entry (the engine drops empty lists).
 */
import { strict as assert } from "assert";
import { analyzeLikeEngine, PolicyPackProcess, toAnalyzerResource } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { referenceStack } from "../../examples/shared/reference";
import { diagnosticPairs } from "../support/findings";
import { runUnderMocks } from "../support/mocks";
import { PACK_DIR } from "../support/paths";

describe("analyzeLikeEngine", function () {
  this.timeout(180000);
  let pack: PolicyPackProcess;
  let recorded: StackResource[];

  before(async () => {
    recorded = await runUnderMocks("preview", () => void referenceStack("shop", { withoutGrants: ["secrets"] }));
    pack = await PolicyPackProcess.start(PACK_DIR, {
      env: {
        PULUMI_STACK: "dev",
        PULUMI_PROJECT: "shop",
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
      },
    });
  });
  after(async () => pack?.stop());

  it("sends no propertyDependencies entry for a property that depends on nothing", () => {
    const message = toAnalyzerResource({
      type: "aws:ec2/routeTable:RouteTable",
      urn: "urn:pulumi:dev::shop::aws:ec2/routeTable:RouteTable::rt",
      name: "rt",
      properties: {},
      dependencies: ["urn:pulumi:dev::shop::aws:ec2/vpc:Vpc::vpc"],
      propertyDependencies: { vpcId: ["urn:pulumi:dev::shop::aws:ec2/vpc:Vpc::vpc"], tags: [] },
    });
    assert.deepEqual([...message.getPropertydependenciesMap().keys()].sort(), ["vpcId"]);
  });

  it("a first preview of a stack whose execution role lacks the secret grant: the mandatory finding, as the engine would get it", async () => {
    const diagnostics = await analyzeLikeEngine(pack, recorded);
    assert.deepEqual(diagnosticPairs(diagnostics.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory")), [
      "FARGATE-SECRETS-IAM shop-execution",
    ]);
  });

  it("AnalyzeStack alone settles the same: the role's policies have no dependency key, so the program left them unset", async () => {
    // A fresh pack process: the one above has already seen the Analyze calls. The role's inputs
    // are literals, so (as the engine sends them) it has no propertyDependencies entry either.
    const fresh = await PolicyPackProcess.start(PACK_DIR, {
      env: {
        PULUMI_STACK: "dev",
        PULUMI_PROJECT: "shop",
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
      },
    });
    try {
      const withoutAnalyze = await fresh.analyzeStack(recorded.map((resource) => ({ ...resource, inputs: undefined })));
      assert.deepEqual(
        diagnosticPairs(withoutAnalyze.filter((diagnostic) => diagnostic.enforcementLevel === "mandatory")),
        ["FARGATE-SECRETS-IAM shop-execution"],
      );
    } finally {
      await fresh.stop();
    }
  });
});
