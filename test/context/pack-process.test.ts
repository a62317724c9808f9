/**
 * The app stack decided over gRPC by the pack started as the engine starts it, with context
 * from export files and from a stand-in `pulumi` CLI first on PATH, at a first preview and
 * deployed (the first preview as the engine sends it: Analyze with the inputs, then the
 * provider's planned state to AnalyzeStack). Also: each referenced stack is exported once per pack process (one preview), a
 * failing or hanging CLI gives an advisory within the time limit.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Diagnostic, PolicyPackProcess } from "../../cli/analyzerClient";
import type { StackResource } from "../../engine/stack-resource";
import { diagnosticPairs, ruleIdOf } from "../support/findings";
import { PACK_DIR } from "../support/paths";
import { appStack, BROKEN_EXPORT, Form, STAND_IN_BIN, WORKING_EXPORT } from "./support";

const STACKS = {
  "acme/network/prod": BROKEN_EXPORT,
  "acme/network-ok/prod": WORKING_EXPORT,
  "acme/network/denied": "fail:[403] Forbidden: you do not have access to this stack",
  "acme/network/hang": "hang",
};

describe("context over gRPC: the pack as the engine starts it, with a stand-in pulumi CLI", function () {
  this.timeout(120000);
  let pack: PolicyPackProcess;
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stand-in-")), "calls.log");

  before(async () => {
    pack = await PolicyPackProcess.start(PACK_DIR, {
      env: {
        PULUMI_STACK: "dev",
        PULUMI_PROJECT: "shop-app",
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
        PATH: `${STAND_IN_BIN}${path.delimiter}${process.env.PATH}`,
        FARGATE_PREFLIGHT_TEST_EXPORTS: JSON.stringify(STACKS),
        FARGATE_PREFLIGHT_TEST_LOG: log,
      },
    });
  });
  after(async () => pack?.stop());

  const configure = (context: Record<string, unknown> | undefined) =>
    pack.configure({
      "fargate-preflight": { enforcementLevel: "mandatory", properties: context ? { context } : {} },
    });
  /** What the engine does at a preview: Analyze with each resource's inputs (after Check), then AnalyzeStack. */
  const preview = async (resources: readonly StackResource[]) => {
    for (const resource of resources)
      if (resource.inputs) await pack.analyze({ ...resource, properties: resource.inputs });
    return pack.analyzeStack(resources);
  };
  const mandatory = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.enforcementLevel === "mandatory");

  for (const form of ["preview", "deployed"] as const satisfies readonly Form[]) {
    describe(form, () => {
      let resources: StackResource[];
      before(() => {
        resources = appStack(form);
      });

      it("without context: no verdict, one advisory naming the ways to supply the network", async () => {
        await configure(undefined);
        const diagnostics = await preview(resources);
        assert.deepEqual(mandatory(diagnostics), []);
        const outside = diagnostics.filter((d) => /not in this stack/.test(d.message));
        assert.equal(outside.length, 1);
        assert.equal(ruleIdOf(outside[0]), "FARGATE-UNKNOWN");
        assert.match(outside[0].message, /--context network\.json.*context\.stackReferences/s);
      });

      it("export file, broken network: FARGATE-SECRETS-NETWORK on the service, facts named by their stack", async () => {
        await configure({ stackExports: [BROKEN_EXPORT] });
        const found = mandatory(await preview(resources));
        assert.deepEqual(diagnosticPairs(found), ["FARGATE-SECRETS-NETWORK shop-api"]);
        assert.match(found[0].message, /unable to retrieve secret from asm/);
        assert.match(found[0].message, /from stack network\/prod \(network-broken\.json\)/);
      });

      it("export file, working network: no mandatory finding", async () => {
        await configure({ stackExports: [WORKING_EXPORT] });
        assert.deepEqual(mandatory(await preview(resources)), []);
      });

      it("stand-in CLI, broken and working network: the same verdicts, named after the referenced stack", async () => {
        await configure({ stackReferences: ["acme/network/prod"] });
        const found = mandatory(await preview(resources));
        assert.deepEqual(diagnosticPairs(found), ["FARGATE-SECRETS-NETWORK shop-api"]);
        assert.match(found[0].message, /acme-tasks-a \(subnet-\w+\) from stack acme\/network\/prod/);
        await configure({ stackReferences: ["acme/network-ok/prod"] });
        assert.deepEqual(mandatory(await preview(resources)), []);
      });
    });
  }

  // After the forms above (mocha runs a suite's own tests before its nested suites).
  describe("then", () => {
    it("exports each referenced stack once per pack process, however many requests and policies ask", () => {
      const calls = fs.readFileSync(log, "utf8").trim().split("\n").sort();
      assert.deepEqual(calls, ["acme/network-ok/prod", "acme/network/prod"]);
    });

    it("discovers the referenced stack from a StackReference resource the pack is sent (an app-stack export)", async () => {
      const reference: StackResource = {
        type: "pulumi:pulumi:StackReference",
        urn: "urn:pulumi:dev::shop-app::pulumi:pulumi:StackReference::network",
        name: "network",
        properties: { name: "acme/network/prod", outputs: {}, secretOutputNames: [] },
        dependencies: [],
        propertyDependencies: {},
      };
      await configure({ stackReferences: true });
      const found = mandatory(await pack.analyzeStack([...appStack("deployed"), reference]));
      assert.deepEqual(diagnosticPairs(found), ["FARGATE-SECRETS-NETWORK shop-api"]);
    });

    it("a CLI that fails, or hangs past the time limit, gives an advisory and leaves the verdict unknown", async () => {
      await configure({ stackReferences: ["acme/network/denied", "acme/network/hang"], timeoutSeconds: 2 });
      const started = Date.now();
      const diagnostics = await preview(appStack("preview"));
      assert.ok(Date.now() - started < 15000, "the time limit holds");
      assert.deepEqual(mandatory(diagnostics), []);
      const context = diagnostics.filter((d) => ruleIdOf(d) === "FARGATE-CONTEXT").map((d) => d.message);
      assert.equal(context.length, 2);
      assert.ok(context.some((message) => /acme\/network\/denied.*\[403\] Forbidden/.test(message)));
      assert.ok(context.some((message) => /acme\/network\/hang.*no answer within 2 s/.test(message)));
      assert.ok(diagnostics.some((d) => /not in this stack/.test(d.message)));
    });
  });
});
