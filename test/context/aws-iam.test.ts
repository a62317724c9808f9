/**
 * context.aws for IAM: an execution role passed to the task definition by ARN (made by the
 * platform team) is described live (aws-sdk-client-mock; no test reaches AWS), and the
 * app stack's IAM verdicts are decided on it.
 */
import { strict as assert } from "assert";
import * as iam from "@aws-sdk/client-iam";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import type { StackResource } from "../../engine/stack-resource";
import { clearRoleCache, describeRoles, roleNameOf } from "../../policies/context/aws-iam";
import { appStack, fakeDeps, findingsWithContext, Form, WORKING_EXPORT } from "./support";

const ROLE_ARN = "arn:aws:iam::123456789012:role/platform/shop-execution";
const CUSTOMER_POLICY = "arn:aws:iam::123456789012:policy/platform-extras";
type IamModule = Parameters<typeof describeRoles>[0];

/** The app stack with its execution role made elsewhere: the task definition names it by ARN. */
function roleByArn(form: Form): { resources: StackResource[]; trust: string; policy: string } {
  const all = appStack(form);
  const deployed = appStack("deployed");
  const role = deployed.find((resource) => resource.type === "aws:iam/role:Role")!;
  const policy = deployed.find((resource) => resource.type === "aws:iam/rolePolicy:RolePolicy")!;
  const resources = all
    .filter((resource) => !/aws:iam\/|FargateExecutionRole/.test(resource.type))
    .map((resource) => {
      if (resource.type !== "aws:ecs/taskDefinition:TaskDefinition") return resource;
      const withArn = (properties?: Record<string, unknown>) =>
        properties && { ...properties, executionRoleArn: ROLE_ARN };
      return {
        ...resource,
        properties: withArn(resource.properties)!,
        inputs: withArn(resource.inputs),
        propertyDependencies: { ...resource.propertyDependencies, executionRoleArn: [] },
      };
    });
  return { resources, trust: String(role.properties.assumeRolePolicy), policy: String(policy.properties.policy) };
}

function mockIam(trust: string, inline: string) {
  const stub = mockClient(IAMClient);
  stub.on(GetRoleCommand).resolves({
    Role: {
      RoleName: "shop-execution",
      Arn: ROLE_ARN,
      Path: "/platform/",
      RoleId: "AROAEXAMPLE",
      CreateDate: new Date(0),
      AssumeRolePolicyDocument: encodeURIComponent(trust),
    },
  });
  stub.on(ListRolePoliciesCommand).resolves({ PolicyNames: ["start-up"], IsTruncated: false });
  stub.on(GetRolePolicyCommand).resolves({
    RoleName: "shop-execution",
    PolicyName: "start-up",
    PolicyDocument: encodeURIComponent(inline),
  });
  // Two pages: an AWS managed policy the shared model knows (an unknown one would leave every call unknown), then a customer managed one.
  stub.on(ListAttachedRolePoliciesCommand).callsFake((input: { Marker?: string }) =>
    input.Marker
      ? { AttachedPolicies: [{ PolicyName: "platform-extras", PolicyArn: CUSTOMER_POLICY }], IsTruncated: false }
      : {
          AttachedPolicies: [
            {
              PolicyName: "AmazonECSTaskExecutionRolePolicy",
              PolicyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            },
          ],
          IsTruncated: true,
          Marker: "page-2",
        },
  );
  stub.on(GetPolicyCommand).resolves({ Policy: { PolicyName: "platform-extras", DefaultVersionId: "v3" } });
  stub.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      VersionId: "v3",
      IsDefaultVersion: true,
      Document: encodeURIComponent(
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" }],
        }),
      ),
    },
  });
  return stub;
}

/** The role's start-up policy without the statements that read secrets. */
function withoutSecrets(policy: string): string {
  const document = JSON.parse(policy) as { Statement: { Action: string | string[] }[] };
  document.Statement = document.Statement.filter(
    (statement) => ![statement.Action].flat().some((action) => action.startsWith("secretsmanager:")),
  );
  return JSON.stringify(document);
}

describe("context.aws: an execution role passed by ARN, described live (mocked IAM API)", function () {
  this.timeout(60000);
  let stub: ReturnType<typeof mockIam> | undefined;
  afterEach(() => {
    stub?.restore();
    stub = undefined;
    clearRoleCache();
  });
  const deps = () =>
    fakeDeps({}, [], undefined, (arns, options) => describeRoles(iam as unknown as IamModule, arns, options));

  it("reads the role name from an ARN with a path", () => {
    assert.equal(roleNameOf(ROLE_ARN), "shop-execution");
    assert.equal(roleNameOf("arn:aws:iam::123456789012:policy/x"), undefined);
  });

  for (const form of ["preview", "deployed"] as const satisfies readonly Form[]) {
    it(`${form}: without context the role's calls stay unknown; described, its grants pass`, async () => {
      const { resources, trust, policy } = roleByArn(form);
      const unknown = await findingsWithContext(resources, { stackExports: [WORKING_EXPORT] });
      assert.ok(
        unknown.some(
          (f) => f.ruleId === "FARGATE-UNKNOWN" && /role .*shop-execution is not in this stack/.test(f.message),
        ),
      );
      stub = mockIam(trust, policy);
      const findings = await findingsWithContext(resources, { stackExports: [WORKING_EXPORT], aws: true }, deps());
      assert.deepEqual(
        findings.filter((f) => f.level === "mandatory"),
        [],
        JSON.stringify(findings, null, 1),
      );
      assert.ok(!findings.some((f) => /shop-execution/.test(f.message)), JSON.stringify(findings, null, 1));
      assert.equal(stub.commandCalls(ListAttachedRolePoliciesCommand).length, 2, "both pages read");
    });

    it(`${form}: a described role without the secret grant gives FARGATE-SECRETS-IAM, named as described live`, async () => {
      const { resources, trust, policy } = roleByArn(form);
      stub = mockIam(trust, withoutSecrets(policy));
      const findings = await findingsWithContext(resources, { stackExports: [WORKING_EXPORT], aws: true }, deps());
      const mandatory = findings.filter((f) => f.level === "mandatory");
      assert.deepEqual(
        mandatory.map((f) => f.ruleId),
        ["FARGATE-SECRETS-IAM"],
      );
      assert.match(
        mandatory[0].message,
        /role shop-execution from AWS IAM \(described live\) may not call secretsmanager:GetSecretValue/,
      );
    });
  }

  it("an IAM error gives an advisory naming it, and the role stays unknown", async () => {
    const { resources, trust, policy } = roleByArn("preview");
    stub = mockIam(trust, policy);
    stub
      .on(GetRoleCommand)
      .rejects(Object.assign(new Error("User is not authorized to perform: iam:GetRole"), { name: "AccessDenied" }));
    const findings = await findingsWithContext(resources, { stackExports: [WORKING_EXPORT], aws: true }, deps());
    assert.match(
      findings.find((f) => f.ruleId === "FARGATE-CONTEXT")?.message ?? "",
      /describing roles arn:aws:iam::123456789012:role\/platform\/shop-execution gave no facts: AccessDenied/,
    );
    assert.ok(!findings.some((f) => f.level === "mandatory"));
  });
});
