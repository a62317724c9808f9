import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackResource } from "../../engine/stack-resource";
import { appStack, BROKEN_EXPORT, findingsWithContext, WORKING_EXPORT } from "../context/support";

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  outputs: Record<string, unknown>;
}

function exportedSubnets(file: string): ExportedResource[] {
  const document = JSON.parse(fs.readFileSync(file, "utf8"));
  return document.deployment.resources.filter((r: ExportedResource) => r.type === "aws:ec2/subnet:Subnet");
}

describe("FARGATE-CONTEXT-CONFLICT", function () {
  this.timeout(60000);

  it("reports a subnet the stack places in one VPC and an export in another, and uses the stack's facts", async () => {
    const [subnet] = exportedSubnets(BROKEN_EXPORT);
    const own: StackResource = {
      type: subnet.type,
      urn: "urn:pulumi:dev::shop-app::aws:ec2/subnet:Subnet::adopted",
      name: "adopted",
      properties: { ...subnet.outputs, vpcId: "vpc-0other" },
      dependencies: [],
      propertyDependencies: {},
    };
    const findings = await findingsWithContext([...appStack("deployed"), own], { stackExports: [BROKEN_EXPORT] });
    const conflicts = findings.filter((finding) => finding.ruleId === "FARGATE-CONTEXT-CONFLICT");
    assert.equal(conflicts.length, 1);
    assert.equal(conflicts[0].level, "mandatory");
    assert.equal(conflicts[0].urn, own.urn);
    assert.match(
      conflicts[0].message,
      new RegExp(
        `subnet ${subnet.id} has vpcId vpc-0other in this stack but vpc-\\w+ in stack network/prod \\(network-broken\\.json\\)`,
      ),
    );
    // The stack's own subnet wins: its VPC is not known, so that subnet is unknown rather than judged by the export.
    assert.ok(findings.some((finding) => /the VPC of subnet adopted/.test(finding.message)));
  });

  it("sets aside a subnet two exports place in different VPCs, instead of guessing", async () => {
    const document = JSON.parse(fs.readFileSync(WORKING_EXPORT, "utf8").replace(/::network::/g, "::network-copy::"));
    const [first] = exportedSubnets(WORKING_EXPORT);
    const copy = document.deployment.resources.find((r: ExportedResource) => r.id === first.id);
    copy.outputs.vpcId = "vpc-0elsewhere";
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "context-")), "copy.json");
    fs.writeFileSync(file, JSON.stringify(document));
    const findings = await findingsWithContext(appStack("deployed"), { stackExports: [WORKING_EXPORT, file] });
    const conflicts = findings.filter((finding) => finding.ruleId === "FARGATE-CONTEXT-CONFLICT");
    assert.equal(conflicts.length, 1);
    assert.match(conflicts[0].message, /neither is used/);
    assert.ok(findings.some((finding) => new RegExp(`subnet ${first.id} is not in this stack`).test(finding.message)));
  });

  it("is silent when the same export is given twice, or agrees with the stack", async () => {
    const findings = await findingsWithContext(appStack("deployed"), {
      stackExports: [WORKING_EXPORT, WORKING_EXPORT],
    });
    assert.deepEqual(
      findings.filter((finding) => finding.ruleId === "FARGATE-CONTEXT-CONFLICT"),
      [],
    );
    assert.deepEqual(
      findings.filter((finding) => finding.level === "mandatory"),
      [],
    );
  });
});
