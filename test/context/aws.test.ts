/**
 * context.aws: the app stack decided against its network as the EC2 API describes it
 * (aws-sdk-client-mock; no test reaches AWS): only the services' subnets and their VPCs,
 * every page, bounded in count and time, once per pack process, the SDK loaded only when on.
 */
import { INSTALL_SDK_FIX } from "../../policies/analysis/context-report";
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as sdk from "@aws-sdk/client-ec2";
import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand } from "@aws-sdk/client-ec2";
import {
  clearDescribeCache,
  describeNetwork,
  describeNetworkOnce,
  MAX_ITEMS_PER_KIND,
} from "../../policies/context/aws";
import { REPO_ROOT } from "../support/paths";
import { describeAnswers, mockEc2, SUBNETS } from "./aws-network";
import { appStack, BROKEN_EXPORT, fakeDeps, findingsWithContext, Form, levelsAndRules } from "./support";

type Ec2Module = Parameters<typeof describeNetwork>[0];
const SDK = sdk as unknown as Ec2Module;
const live = fakeDeps({}, [], (ids, options) => describeNetwork(SDK, ids, options));

describe("context.aws: the network described live (mocked EC2 API)", function () {
  this.timeout(60000);
  let ec2: ReturnType<typeof mockEc2> | undefined;
  afterEach(() => {
    ec2?.restore();
    ec2 = undefined;
    clearDescribeCache();
  });

  for (const form of ["preview", "deployed"] as const satisfies readonly Form[]) {
    it(`${form}: no Secrets Manager endpoint (one deleted) gives FARGATE-SECRETS-NETWORK, named as described live`, async () => {
      ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: false }));
      const findings = await findingsWithContext(appStack(form), { aws: true }, live);
      const mandatory = findings.filter((finding) => finding.level === "mandatory");
      assert.deepEqual(
        levelsAndRules(mandatory),
        ["mandatory FARGATE-SECRETS-NETWORK"],
        JSON.stringify(findings, null, 1),
      );
      assert.match(mandatory[0].message, /acme-tasks-a \(subnet-\w+\) from AWS \(described live in eu-west-1\)/);
    });

    it(`${form}: the working network passes, with nothing left unknown about it`, async () => {
      ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: true }));
      const findings = await findingsWithContext(appStack(form), { aws: true }, live);
      assert.deepEqual(
        findings.filter((finding) => finding.level === "mandatory"),
        [],
      );
      assert.ok(
        !findings.some((finding) => /subnet|security group|route table/.test(finding.message)),
        JSON.stringify(findings),
      );
    });
  }

  it("describes only the services' subnets, and follows every page (the Secrets Manager endpoint is on the last)", async () => {
    ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: true }), 2);
    await findingsWithContext(appStack("preview"), { aws: true }, live);
    const subnetCalls = ec2.commandCalls(DescribeSubnetsCommand);
    assert.deepEqual(subnetCalls[0].args[0].input.Filters, [{ Name: "subnet-id", Values: [...SUBNETS].sort() }]);
    assert.equal(ec2.commandCalls(DescribeVpcEndpointsCommand).length, 4, "7 endpoints in pages of 2");
  });

  it("describes nothing when an export already holds the subnets", async () => {
    ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: true }));
    const findings = await findingsWithContext(appStack("preview"), { aws: true, stackExports: [BROKEN_EXPORT] }, live);
    assert.equal(ec2.calls().length, 0);
    assert.deepEqual(levelsAndRules(findings.filter((f) => f.level === "mandatory")), [
      "mandatory FARGATE-SECRETS-NETWORK",
    ]);
  });

  it("an AWS error, or more items than the bound, gives an advisory and no facts (no partial picture)", async () => {
    ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: false }));
    ec2.on(DescribeSubnetsCommand).rejects(
      Object.assign(new Error("You are not authorized to perform this operation."), {
        name: "UnauthorizedOperation",
      }),
    );
    const denied = await findingsWithContext(appStack("preview"), { aws: true }, live);
    assert.match(
      denied.find((finding) => finding.ruleId === "FARGATE-CONTEXT")?.message ?? "",
      /context\.aws: describing subnets .* gave no facts: UnauthorizedOperation: You are not authorized/,
    );
    assert.ok(!denied.some((finding) => finding.level === "mandatory"));
    ec2.restore();
    const answers = describeAnswers({ secretsManagerEndpoint: false });
    const many = Array.from({ length: MAX_ITEMS_PER_KIND + 1 }, (_, i) => ({
      ...answers.SecurityGroups[0],
      GroupId: `sg-${i}`,
    }));
    ec2 = mockEc2({ ...answers, SecurityGroups: many }, 500);
    const partial = await findingsWithContext(appStack("preview"), { aws: true }, live);
    assert.match(
      partial.find((f) => f.ruleId === "FARGATE-CONTEXT")?.message ?? "",
      /more than 1000 items: the description would be partial/,
    );
    assert.ok(!partial.some((finding) => finding.level === "mandatory"));
  });

  it("gives up within the time limit when AWS does not answer", async () => {
    ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: true }));
    ec2.on(DescribeSubnetsCommand).callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    const result = await describeNetwork(SDK, SUBNETS, { region: "eu-west-1", timeoutMs: 300 });
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(result, { ok: false, error: "no answer within 0.3 s (context.timeoutSeconds)" });
  });

  it("describes a set of subnets once per pack process, and says when the SDK is not installed", async () => {
    ec2 = mockEc2(describeAnswers({ secretsManagerEndpoint: true }));
    const options = { region: "eu-west-1", timeoutMs: 5000 };
    const first = await describeNetworkOnce(SUBNETS, options, async () => sdk);
    const calls = ec2.calls().length;
    const second = await describeNetworkOnce([...SUBNETS].reverse(), options, async () => sdk);
    assert.equal(second, first);
    assert.equal(ec2.calls().length, calls);
    const missing = await describeNetworkOnce(["subnet-other"], options, () =>
      Promise.reject(new Error("Cannot find module")),
    );
    assert.deepEqual(missing, {
      ok: false,
      error: "@aws-sdk/client-ec2 is not installed (it is an optional peer dependency)",
      fix: INSTALL_SDK_FIX,
    });
  });

  it("an AWS module that cannot be loaded (no SDK types under the engine's ts-node) is an advisory, not a crash", async () => {
    const broken = fakeDeps({}, [], () => Promise.reject(new Error("⨯ Unable to compile TypeScript:\naws.ts: TS2307")));
    const findings = await findingsWithContext(appStack("preview"), { aws: true }, broken);
    assert.match(
      findings.find((finding) => finding.ruleId === "FARGATE-CONTEXT")?.message ?? "",
      /the AWS module could not be loaded \(⨯ Unable to compile TypeScript:\)\. Fix: install the AWS SDK clients where the pack runs/,
    );
  });

  it("the pack loads neither the AWS module nor the SDK unless context.aws is on", () => {
    const script = `
      const { fargatePreflightPolicies } = require("./policies/pack");
      const [mandatory] = fargatePreflightPolicies();
      Promise.resolve(mandatory.validateStack({ resources: [], getConfig: () => ({ context: { stackExports: [] } }) }, () => undefined))
        .then(() => console.log(JSON.stringify(Object.keys(require.cache).filter((key) => /client-ec2|client-iam|context[\\\\/]aws/.test(key)))));`;
    const loaded = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.deepEqual(JSON.parse(loaded), []);
  });
});
