/**
 * Security properties of what the components create, over random inputs: no IAM statement
 * on "*" but ecr:GetAuthorizationToken; the trust policy always carries the source-account
 * condition; the endpoints' security group never admits 0.0.0.0/0; the S3 gateway policy,
 * when set, always allows the ECR layer bucket.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { endpointIngressCidr, s3EndpointPolicy } from "../../components/endpoint-plan";
import { ComponentInputError } from "../../components/inputs";
import { executionRolePolicy, executionRoleTrustPolicy, needsForGrants } from "../../components/role-plan";
import { evaluateRequest, PolicyStatement } from "../../model";
import { RUNS } from "./properties.test";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1", "cn-north-1", "us-gov-west-1", "mx-central-1"];
const region = fc.constantFrom(...REGIONS);
const account = fc.stringMatching(/^\d{12}$/);
const name = fc.stringMatching(/^[a-z][a-z0-9/_-]{0,20}$/).filter((value) => !value.endsWith("/"));

describe("security properties of the components", () => {
  it("no IAM statement on * except ecr:GetAuthorizationToken; every grant is allowed by the policy", () => {
    fc.assert(
      fc.property(
        region,
        account,
        fc.record({
          repositories: fc.array(name, { maxLength: 3 }),
          logGroups: fc.array(
            name.map((value) => `/ecs/${value}`),
            { maxLength: 3 },
          ),
          secrets: fc.array(name, { maxLength: 3 }),
          parameters: fc.array(name, { maxLength: 3 }),
          kmsKeys: fc.array(fc.uuid(), { maxLength: 2 }),
          createLogGroups: fc.boolean(),
        }),
        (r, a, grants) => {
          const needs = needsForGrants(grants, r, a);
          const document = executionRolePolicy(needs);
          for (const statement of document.Statement as PolicyStatement[]) {
            const resources = ([] as string[]).concat(statement.Resource ?? []);
            if (resources.includes("*")) assert.deepEqual(statement.Action, "ecr:GetAuthorizationToken");
          }
          for (const need of needs)
            for (const requirement of need.iam)
              assert.equal(evaluateRequest([{ name: "role", document }], requirement).decision, "allowed");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the trust policy always names ecs-tasks.amazonaws.com with the source-account condition", () => {
    fc.assert(
      fc.property(region, account, (r, a) => {
        const statement = (executionRoleTrustPolicy(r, a).Statement as PolicyStatement[])[0];
        assert.deepEqual(statement.Principal, { Service: "ecs-tasks.amazonaws.com" });
        assert.equal((statement.Condition?.StringEquals as Record<string, string>)["aws:SourceAccount"], a);
      }),
      { numRuns: RUNS },
    );
  });

  it("the endpoints' security group never admits 0.0.0.0/0", () => {
    const cidr = fc.oneof(
      fc.constantFrom("0.0.0.0/0", " 0.0.0.0/0 ", "::/0"),
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 28 }))
        .map(([a, b, bits]) => `10.${a}.${b}.0/${bits}`),
    );
    fc.assert(
      fc.property(cidr, (value) => {
        try {
          assert.ok(!/^(0\.0\.0\.0\/0|::\/0)$/.test(endpointIngressCidr(value).trim()));
        } catch (error) {
          assert.ok(error instanceof ComponentInputError && /^vpcCidrBlock:/.test(error.message));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("an S3 gateway policy, when set, always allows the ECR layer bucket (or is refused, naming the input)", () => {
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      Principal: fc.constant("*"),
      Action: fc.constantFrom("s3:GetObject", "s3:*", "s3:PutObject", "*"),
      Resource: fc.constantFrom("arn:aws:s3:::shop-config/*", "arn:aws:s3:::*", "*", "arn:aws:s3:::prod-*"),
    });
    fc.assert(
      fc.property(region, fc.array(statement, { maxLength: 4 }), (r, extra) => {
        try {
          const document = s3EndpointPolicy(r, extra);
          const layer = `arn:${r.startsWith("cn-") ? "aws-cn" : r.startsWith("us-gov-") ? "aws-us-gov" : "aws"}:s3:::prod-${r}-starport-layer-bucket/sha256/abc`;
          assert.equal(
            evaluateRequest(
              [{ name: "endpoint", document }],
              { action: "s3:GetObject", resource: layer },
              [],
              "endpoint",
            ).decision,
            "allowed",
          );
        } catch (error) {
          assert.ok(
            error instanceof ComponentInputError && /^s3EndpointPolicyStatements:/.test(error.message),
            String(error),
          );
          assert.ok(extra.some((s) => s.Effect === "Deny"));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
