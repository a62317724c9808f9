import { strict as assert } from "assert";
import { encodeAnalyzeRequest, encodeAnalyzeStackRequest, PolicyPackProcess } from "../cli/analyzerClient";
import type { StackResource } from "../engine/stack-resource";
import { natStack, publicStack, referenceStack } from "./fixtures/stacks";
import { unknownProperty } from "./fixtures/variants";
import { diagnosticPairs, ruleIdOf } from "./support/findings";
import { PACK_DIR } from "./support/paths";

describe("policy pack started as the engine starts it", function () {
  // The engine type-checks the pack with ts-node on every start: this is slow by nature.
  this.timeout(120000);
  let pack: PolicyPackProcess;

  before(async () => {
    pack = await PolicyPackProcess.start(PACK_DIR, {
      env: {
        PULUMI_STACK: "dev",
        PULUMI_PROJECT: "shop",
        PULUMI_CONFIG: JSON.stringify({ "aws:region": "eu-west-1" }),
      },
    });
  });
  after(async () => pack?.stop());

  it("prints only its port first and describes its one policy", async () => {
    const info = await pack.getAnalyzerInfo();
    assert.equal(info.name, "fargate-preflight");
    assert.equal(info.version, "0.1.0");
    assert.deepEqual(
      info.policies.map((policy) => [policy.name, policy.enforcementLevel]),
      [["fargate-preflight", "mandatory"]],
    );
  });

  it("answers AnalyzeStack on an empty stack with no diagnostics", async () => {
    assert.deepEqual(await pack.analyzeStack([]), []);
  });

  for (const form of ["deployed", "preview"] as const) {
    it(`passes the reference stack with no mandatory finding (${form})`, async () => {
      const diagnostics = await previewLikeEngine(referenceStack(form).resources);
      assert.deepEqual(
        diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
        [],
      );
    });

    it(`reports seed 000, a missing Secrets Manager endpoint, on the service (${form})`, async () => {
      const diagnostics = await previewLikeEngine(referenceStack(form).remove("secretsmanager-endpoint").resources);
      const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory");
      assert.deepEqual(diagnosticPairs(mandatory), ["FARGATE-SECRETS-NETWORK api-service"]);
      assert.equal(mandatory[0].policyName, "fargate-preflight");
      assert.match(mandatory[0].message, /unable to retrieve secret from asm/);
      assert.match(mandatory[0].message, /com\.amazonaws\.eu-west-1\.secretsmanager/);
    });
  }

  /** What the engine does at a preview: Analyze with each resource's inputs, then AnalyzeStack. */
  async function previewLikeEngine(resources: readonly StackResource[], analyze = true) {
    if (analyze)
      for (const resource of resources) await pack.analyze({ ...resource, properties: resource.inputs ?? {} });
    return pack.analyzeStack(resources);
  }

  it("settles the planned state from the Analyze calls it saw, and from AnalyzeStack alone (faithful first preview)", async () => {
    // No route to the NAT gateway: every need is blocked once the route table's routes are settled.
    const stack = natStack("preview").remove("private-default");
    for (const analyze of [true, false]) {
      const diagnostics = await previewLikeEngine(stack.resources, analyze);
      assert.ok(
        diagnosticPairs(diagnostics.filter((d) => d.enforcementLevel === "mandatory")).includes(
          "FARGATE-SECRETS-NETWORK api-service",
        ),
        `with${analyze ? "" : "out"} Analyze`,
      );
    }
    // A route table whose routes the program built from another stack's output stays unknown.
    const fromElsewhere = unknownProperty(natStack("preview").remove("private-default"), "private-rt", "routes");
    const unknown = await previewLikeEngine(fromElsewhere.resources);
    assert.deepEqual(
      diagnosticPairs(unknown.filter((d) => d.enforcementLevel === "mandatory")),
      [],
      "routes from another stack are not a proof of no route",
    );
    assert.ok(unknown.some((d) => /routes of route table private-rt/.test(d.message)));
  });

  it("reports a public subnet without public IP, and a NAT gateway in a private subnet", async () => {
    assert.deepEqual(diagnosticPairs(await pack.analyzeStack(publicStack("deployed", false).resources)), [
      "FARGATE-PUBLIC-IP api-service",
    ]);
    assert.deepEqual(diagnosticPairs(await pack.analyzeStack(natStack("deployed", false).resources)), [
      "FARGATE-NAT-PLACEMENT nat-a",
    ]);
  });

  it("answers requests sent as bytes encoded ahead of time as it answers the messages (bench/ sends those)", async () => {
    const resources = referenceStack("preview").remove("secretsmanager-endpoint").resources;
    for (const resource of resources)
      assert.deepEqual(await pack.analyzeEncoded(encodeAnalyzeRequest(resource)), await pack.analyze(resource));
    const viaMessages = await pack.analyzeStack(resources);
    assert.deepEqual(await pack.analyzeStackEncoded(encodeAnalyzeStackRequest(resources)), viaMessages);
    assert.deepEqual(diagnosticPairs(viaMessages.filter((d) => d.enforcementLevel === "mandatory")), [
      "FARGATE-SECRETS-NETWORK api-service",
    ]);
  });

  it("takes rule levels from the pack config the engine sends, each finding at its own level", async () => {
    const stack = referenceStack("deployed").remove("secretsmanager-endpoint").resources;
    await pack.configure({
      "fargate-preflight": {
        enforcementLevel: "mandatory",
        properties: { levels: { "FARGATE-SECRETS-NETWORK": "advisory" } },
      },
    });
    assert.deepEqual(
      (await pack.analyzeStack(stack)).map((d) => [d.enforcementLevel, d.policyName, ruleIdOf(d)]),
      [["advisory", "fargate-preflight", "FARGATE-SECRETS-NETWORK"]],
    );
    // The policy set to advisory (a policy group's choice) blocks nothing, whatever the rule's level.
    await pack.configure({ "fargate-preflight": { enforcementLevel: "advisory", properties: {} } });
    assert.deepEqual(
      (await pack.analyzeStack(stack)).map((d) => [d.enforcementLevel, ruleIdOf(d)]),
      [["advisory", "FARGATE-SECRETS-NETWORK"]],
    );
    await pack.configure({ "fargate-preflight": { enforcementLevel: "mandatory", properties: {} } });
    const diagnostics = await pack.analyzeStack(stack);
    assert.deepEqual(
      diagnostics.map((d) => [d.enforcementLevel, ruleIdOf(d)]),
      [["mandatory", "FARGATE-SECRETS-NETWORK"]],
    );
    // Config the engine's schema check lets through but that would do nothing: one mandatory finding on the stack.
    await pack.configure({
      "fargate-preflight": {
        enforcementLevel: "mandatory",
        properties: {
          levels: { "FARGATE-SECRET-NETWORK": "disabled", "FARGATE-ACK-EXPIRED": "advisory" },
          acknowledgements: [
            { rule: "FARGATE-SECRETS-IAM", resource: "exec", reason: "accepted for now", expires: "31/12/2020" },
          ],
        },
      },
    });
    const misconfigured = await pack.analyzeStack(stack);
    const config = misconfigured.find((d) => ruleIdOf(d) === "FARGATE-CONFIG");
    assert.equal(config?.enforcementLevel, "mandatory");
    assert.equal(config?.urn, "");
    assert.match(
      config!.message,
      /levels\.FARGATE-SECRET-NETWORK: unknown rule id \(did you mean FARGATE-SECRETS-NETWORK\?\)/,
    );
    assert.match(config!.message, /levels\.FARGATE-ACK-EXPIRED: not configurable/);
    assert.match(config!.message, /acknowledgements\[0\]\.expires: expected a date/);
    await pack.configure({ "fargate-preflight": { enforcementLevel: "mandatory", properties: {} } });
    // The message reads as a plain report: the policy's description, then the finding.
    assert.match(
      diagnostics[0].message,
      /^Every Fargate service can reach, and may use, .*\n\[FARGATE-SECRETS-NETWORK\] /,
    );
  });
});
