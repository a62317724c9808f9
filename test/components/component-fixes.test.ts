/**
 * Fix hints name the component input when the stack uses the component: a missing endpoint in a
 * VPC served by a FargateEndpointSet is an entry of its `services`; a missing grant on a
 * FargateExecutionRole's role is an entry of the matching input. Without the components, the
 * generic advice stays.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { referenceStack, ReferenceOptions } from "../../examples/shared/reference";
import { findingsOf } from "../support/findings";
import { runUnderMocks } from "../support/mocks";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { UNKNOWN } from "../../model/unknown";

async function messages(form: "preview" | "deployed", ruleId: string, options: ReferenceOptions): Promise<string[]> {
  const resources = await runUnderMocks(form, () => void referenceStack("shop", options));
  return findingsOf(resources)
    .filter((finding) => finding.ruleId === ruleId)
    .map((finding) => finding.message);
}

describe("fix hints name the component input when the stack uses the components", () => {
  it("a set without task security groups whose VPC CIDR is computed at preview: the advisory names vpcCidrBlock", async () => {
    const resources = await runUnderMocks("preview", () => void referenceStack("shop", { taskSecurityGroup: false }));
    // As in a real first preview, where the VPC's id (so its looked-up CIDR) is not known yet.
    const group = resources.find(
      (r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name === "shop-endpoints-endpoints",
    );
    assert.ok(group, resources.map((r) => r.name).join(", "));
    for (const state of [group.properties, group.inputs ?? {}])
      for (const rule of state.ingress as Record<string, unknown>[]) rule.cidrBlocks = [UNKNOWN];
    const advisories = findingsOf(resources).filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
    assert.ok(
      advisories.some((finding) =>
        /pass FargateEndpointSet shop-endpoints's `vpcCidrBlock` input \(vpc\.cidrBlock\), or its `taskSecurityGroupIds`/.test(
          finding.message,
        ),
      ),
      advisories.map((finding) => finding.message).join("\n"),
    );
  });

  for (const form of ["preview", "deployed"] as const) {
    it(`a missing Secrets Manager endpoint: add "secretsmanager" to the set's services, NAT still an alternative (${form})`, async () => {
      const [message, ...more] = await messages(form, "FARGATE-SECRETS-NETWORK", {
        services: ["ecr", "logs", "ssm"],
      });
      assert.deepEqual(more, []);
      assert.match(
        message,
        /\nFix: add "secretsmanager" to FargateEndpointSet shop-endpoints's `services` input; or give the subnet a NAT gateway route\.$/,
      );
      assert.doesNotMatch(message, /add an interface endpoint for/);
    });

    it(`missing ECR endpoints: add "ecr" (the group), not ecr.api or ecr.dkr (${form})`, async () => {
      const [message] = await messages(form, "FARGATE-ECR-NETWORK", { services: ["logs", "secretsmanager", "ssm"] });
      assert.match(message, /Fix: add "ecr" to FargateEndpointSet shop-endpoints's `services` input/);
    });

    it(`a secret missing from the execution role: add it to the role's secrets input (${form})`, async () => {
      const [message] = await messages(form, "FARGATE-SECRETS-IAM", { withoutGrants: ["secrets"] });
      // At preview the account is not known yet, so the name is what to add; once deployed, the ARN.
      const secret =
        form === "preview" ? "shop/db-password" : `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:\\S+`;
      assert.match(
        message,
        new RegExp(
          `Fix: add ${secret} to FargateExecutionRole shop-execution's \`secrets\` input, or give it the task definition's container definitions in \`containerDefinitions\` \\(it then allows secretsmanager:GetSecretValue on `,
        ),
      );
    });
  }

  it("a route table missing from the set's S3 gateway: names the set's routeTableIds input", async () => {
    const [message] = await messages("deployed", "FARGATE-S3-NETWORK", { routeTables: "first" });
    assert.match(message, /\(FargateEndpointSet shop-endpoints's `routeTableIds` input\)/);
  });

  it("a log group missing from the execution role: the logGroups input", async () => {
    const [message] = await messages("deployed", "FARGATE-LOGS-IAM", { withoutGrants: ["logGroups"] });
    assert.match(message, /to FargateExecutionRole shop-execution's `logGroups` input/);
  });

  it("without the components the advice stays generic", async () => {
    const resources = await runUnderMocks("deployed", () => {
      const { net } = referenceStack("bare", { endpointSet: false });
      // A hand-made endpoint in the task VPC, so the stack has endpoints but no set.
      new aws.ec2.VpcEndpoint("bare-logs", {
        vpcId: net.vpc.id,
        serviceName: `com.amazonaws.${REGION}.logs`,
        vpcEndpointType: "Interface",
      });
    });
    const network = findingsOf(resources).filter((finding) => finding.ruleId === "FARGATE-SECRETS-NETWORK");
    assert.ok(network.length > 0);
    for (const finding of network) assert.doesNotMatch(finding.message, /`services` input/);
  });

  it("a set in another VPC is not the one to change", async () => {
    const resources = await runUnderMocks("deployed", () => {
      referenceStack("shop", { services: ["ecr", "logs", "ssm"] });
      const other = referenceStack("other", { endpointSet: false });
      void other;
    });
    const other = findingsOf(resources).filter(
      (finding) => finding.ruleId === "FARGATE-SECRETS-NETWORK" && finding.message.includes('"other-'),
    );
    assert.ok(other.length > 0, "the set-less stack has its own finding");
    for (const finding of other) assert.doesNotMatch(finding.message, /FargateEndpointSet shop-endpoints/);
  });
});
