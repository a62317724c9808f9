/**
 * `fargate-preflight check` on programs the offline mocks used to get wrong: a default-VPC
 * program (crashed with exit 1 and no report), a resource object passed where an id is
 * expected, a lookup the mocks cannot answer (exit 2 naming the function), and an account stated
 * only in the pack config (the program was answered in another account).
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureBuilt } from "../support/built";
import { REPO_ROOT } from "../support/paths";

const BIN = path.join(REPO_ROOT, "bin", "fargate-preflight.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "check", ...args, "--quiet", "--format", "json"], { cwd: REPO_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Finding {
  level: string;
  ruleId: string;
  resourceName: string;
  message: string;
}

const findingsOf = (run: Run): Finding[] => (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
const lines = (findings: Finding[]) =>
  findings.map((finding) => `${finding.level} ${finding.ruleId} ${finding.resourceName}`).sort();

/** A program in a temporary directory that resolves this repository's packages and examples. */
function temporaryProgram(name: string, source: string, config = ""): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `fargate-preflight-${name}-`));
  fs.writeFileSync(path.join(directory, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(directory, "Pulumi.dev.yaml"), `config:\n  aws:region: eu-west-1\n${config}`);
  fs.writeFileSync(path.join(directory, "index.ts"), source);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(directory, "node_modules"), "dir");
  return directory;
}

const SHARED = path.join(REPO_ROOT, "examples", "shared").split(path.sep).join("/");
const COMPONENTS = path.join(REPO_ROOT, "components").split(path.sep).join("/");

describe("`fargate-preflight check` on real-world program shapes", function () {
  this.timeout(600000);
  const runs = new Map<string, Run>();

  before(async () => {
    ensureBuilt(); // the command runs the compiled code
    const withoutInlinePolicy = temporaryProgram(
      "resource-as-id-broken",
      fs
        .readFileSync(path.join(REPO_ROOT, "examples", "resource-as-id", "index.ts"), "utf8")
        .replace(/"\.\.\/shared\//g, `"${SHARED}/`)
        .replace(/new aws\.iam\.RolePolicy\("shop-execution-secrets", /, "export const inlinePolicyLeftOut = ("),
    );
    const unanswerable = temporaryProgram(
      "unanswerable-lookup",
      [
        'import * as aws from "@pulumi/aws";',
        "// The promise form, as many programs write it: the failure surfaces as an unhandled rejection.",
        'aws.ec2.getInstance({ instanceId: "i-0123456789abcdef0" }).then((instance) => {',
        '  new aws.ec2.SecurityGroup("tasks", { vpcId: instance.subnetId });',
        "});",
        "",
      ].join("\n"),
    );
    // Everything the task reads lives in account 999988887777, named by literal ARNs; the role grants exactly those.
    const inAccount = [
      'import * as aws from "@pulumi/aws";',
      `import { FargateEndpointSet, FargateExecutionRole } from "${COMPONENTS}";`,
      `import { network } from "${SHARED}/network";`,
      'const net = network("acct");',
      "const containers = JSON.stringify([{",
      '  name: "api",',
      '  image: "999988887777.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1",',
      '  secrets: [{ name: "DB", valueFrom: "arn:aws:secretsmanager:eu-west-1:999988887777:secret:shop/db-AbCdEf" }],',
      "}]);",
      'const role = new FargateExecutionRole("acct-execution", { containerDefinitions: [containers] });',
      'new FargateEndpointSet("acct-endpoints", {',
      "  vpcId: net.vpc.id,",
      "  subnetIds: net.taskSubnets.map((subnet) => subnet.id),",
      "  routeTableIds: net.taskRouteTables.map((table) => table.id),",
      "  taskSecurityGroupIds: [net.taskSecurityGroup.id],",
      "  containerDefinitions: [containers],",
      "});",
      'const task = new aws.ecs.TaskDefinition("acct-api", {',
      '  family: "acct-api", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512",',
      "  executionRoleArn: role.roleArn, containerDefinitions: containers,",
      "});",
      'new aws.ecs.Service("acct-api", {',
      '  launchType: "FARGATE", taskDefinition: task.arn,',
      "  networkConfiguration: { subnets: net.taskSubnets.map((subnet) => subnet.id), securityGroups: [net.taskSecurityGroup.id] },",
      "});",
      "",
    ].join("\n");
    const accountUnknown = temporaryProgram("account-unknown", inAccount);
    const accountDeclared = temporaryProgram(
      "account-declared",
      inAccount,
      '  aws:allowedAccountIds: ["999988887777"]\n',
    );
    // As pulumi's cmd/run runs a program: inside the root stack (registerStackTransformation needs
    // it), and an exported function is the program.
    const legacyTransformation = temporaryProgram(
      "stack-transformation",
      [
        'import * as pulumi from "@pulumi/pulumi";',
        `import { referenceStack } from "${SHARED}/reference";`,
        "pulumi.runtime.registerStackTransformation((args) =>",
        '  args.type === "aws:ecs/service:Service"',
        "    ? { props: { ...args.props, networkConfiguration: { ...args.props.networkConfiguration, assignPublicIp: true } }, opts: args.opts }",
        "    : undefined,",
        ");",
        'referenceStack("shop", { network: { publicTasks: true }, endpointSet: false, assignPublicIp: false });',
        "",
      ].join("\n"),
    );
    const exportedFunction = temporaryProgram(
      "exported-function",
      [
        `import { referenceStack } from "${SHARED}/reference";`,
        "export = async () => {",
        "  await new Promise((resolve) => setTimeout(resolve, 10));",
        '  referenceStack("shop", { network: { publicTasks: true }, endpointSet: false, assignPublicIp: false });',
        '  return { note: "exported" };',
        "};",
        "",
      ].join("\n"),
    );
    const accountConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fargate-preflight-account-")), "pack.json");
    fs.writeFileSync(accountConfig, JSON.stringify({ "fargate-preflight": { accountId: "111122223333" } }));
    const jobs: [string, string[]][] = [
      ["account not known", [accountUnknown]],
      ["account declared by aws:allowedAccountIds", [accountDeclared]],
      ["default-vpc", ["examples/default-vpc"]],
      ["resource-as-id", ["examples/resource-as-id"]],
      ["resource-as-id --deployed", ["examples/resource-as-id", "--deployed"]],
      ["resource-as-id without its inline policy", [withoutInlinePolicy, "--deployed"]],
      ["unanswerable lookup", [unanswerable]],
      ["public-without-public-ip", ["examples/public-without-public-ip"]],
      ["legacy stack transformation", [legacyTransformation]],
      ["exported function", [exportedFunction]],
      [
        "secrets-endpoint-missing, accountId in --config",
        ["examples/secrets-endpoint-missing", "--config", accountConfig],
      ],
    ];
    // Two at a time: the machine has two cores.
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const [name, args] = jobs[next++];
        runs.set(name, await check(args));
      }
    };
    await Promise.all([worker(), worker()]);
  });

  it("a default-VPC program: exit 0, and the subnets outside the stack are named as not checked", () => {
    const run = runs.get("default-vpc")!;
    assert.equal(run.code, 0, run.stderr);
    const findings = findingsOf(run);
    assert.deepEqual(lines(findings), [
      "advisory FARGATE-UNKNOWN shop-api",
      "advisory FARGATE-UNKNOWN shop-api",
      "advisory FARGATE-UNKNOWN shop-execution",
    ]);
    // One advisory names every subnet outside the stack and the ways to supply the network's facts.
    const outside = findings.filter((finding) =>
      /subnets (subnet-[0-9a-f]{17}, ){2}subnet-[0-9a-f]{17} are not in this stack, so routes/.test(finding.message),
    );
    assert.equal(outside.length, 1, JSON.stringify(findings, null, 2));
    // Offline those ids are made up for the lookup's answer: the command says so, naming each.
    const ids = outside[0].message.match(/subnet-[0-9a-f]{17}/g)!;
    assert.match(
      run.stderr,
      new RegExp(
        `note: ${ids.join(", ")} \\(from aws:ec2/getSubnets:getSubnets\\): ids the offline run made up for what the lookups return; pulumi preview shows your account's real ones`,
      ),
    );
  });

  it("a resource object passed as the role of its policies: matched to the role, at a first preview and deployed", () => {
    for (const name of ["resource-as-id", "resource-as-id --deployed"]) {
      const run = runs.get(name)!;
      assert.equal(run.code, 0, `${name}: ${run.stderr}`);
      assert.deepEqual(
        findingsOf(run).filter((finding) => finding.level === "mandatory"),
        [],
        name,
      );
    }
    // The attachment by role object is what grants ECR and logs: had it not been matched to the
    // role, the deployed stack would not pass. And leaving out the inline policy is caught.
    const broken = runs.get("resource-as-id without its inline policy")!;
    assert.equal(broken.code, 1, broken.stderr);
    assert.deepEqual(lines(findingsOf(broken)), [
      "mandatory FARGATE-SECRETS-IAM shop-execution",
      "mandatory FARGATE-SSM-IAM shop-execution",
    ]);
  });

  it("the account: the mocks' stand-in is never taken for the stack's; the one aws:allowedAccountIds declares is", () => {
    // Without it, the resources named by literal ARNs may be in another account: unknown, never denied.
    const unknown = runs.get("account not known")!;
    assert.equal(unknown.code, 0, unknown.stderr);
    const open = findingsOf(unknown).filter((finding) => /account/.test(finding.message));
    assert.ok(open.length > 0, JSON.stringify(findingsOf(unknown), null, 2));
    assert.ok(open.every((finding) => finding.level === "advisory"));
    // Declared: the same account as the ARNs, so every call is decided (allowed).
    const declared = runs.get("account declared by aws:allowedAccountIds")!;
    assert.equal(declared.code, 0, declared.stderr);
    assert.deepEqual(
      findingsOf(declared).filter((finding) => /account/.test(finding.message)),
      [],
    );
  });

  it("the pack config's accountId is the account the program is answered in too, so grants are proven, not refused", () => {
    // Told 111122223333 while the program built its role's grants in the placeholder account,
    // the pack would report every grant as missing; stated once, both agree, as under a real
    // preview, and the IAM advisory that asked for the account is settled.
    const run = runs.get("secrets-endpoint-missing, accountId in --config")!;
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(lines(findingsOf(run)), [
      "advisory FARGATE-UNKNOWN shop-api",
      "mandatory FARGATE-SECRETS-NETWORK shop-api",
    ]);
    assert.match(
      findingsOf(run).find((finding) => finding.level === "mandatory")!.message,
      /:111122223333:secret:shop/,
    );
  });

  it("runs the program as pulumi does: in the root stack, so a stack transformation applies", () => {
    const plain = runs.get("public-without-public-ip")!;
    assert.equal(plain.code, 1, plain.stderr);
    assert.ok(findingsOf(plain).some((finding) => finding.ruleId === "FARGATE-PUBLIC-IP"));
    const transformed = runs.get("legacy stack transformation")!;
    assert.equal(transformed.code, 0, transformed.stderr);
    assert.ok(!findingsOf(transformed).some((finding) => finding.ruleId === "FARGATE-PUBLIC-IP"));
  });

  it("runs an exported function as the program, as pulumi does, and checks what it declares", () => {
    const run = runs.get("exported function")!;
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(lines(findingsOf(run)), lines(findingsOf(runs.get("public-without-public-ip")!)));
  });

  it("a lookup the mocks cannot answer: exit 2, no report, and a message naming the function", () => {
    const run = runs.get("unanswerable lookup")!;
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /the program calls aws:ec2\/getInstance:getInstance, which the offline check cannot answer; check the stack with pulumi preview --policy-pack instead/,
    );
  });
});
