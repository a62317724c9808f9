/**
 * `fargate-preflight check` on awsx programs as people write them (the shapes of Pulumi's
 * container template and of pulumi/examples' awsx programs, docs/real-programs.md; our own
 * code), with @pulumi/awsx installed as a user installs
 * it. Each is decided as `pulumi preview --policy-pack` decides the children awsx's provider
 * creates: passes, mandatory findings, the preview's own failure (exit 2), or not checked when
 * the command cannot construct a component (exit 4).
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

function check(directory: string, extra: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "check", directory, "--quiet", "--format", "json", ...extra], {
      cwd: REPO_ROOT,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const mandatory = (run: Run) =>
  (JSON.parse(run.stdout) as { findings: { level: string; ruleId: string; resourceName: string }[] }).findings
    .filter((finding) => finding.level === "mandatory")
    .map((finding) => `${finding.ruleId} ${finding.resourceName}`)
    .sort();

/** The program directories made, removed when the suite ends. */
const made: string[] = [];

function program(name: string, lines: string[], awsxVersion?: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `fargate-preflight-${name}-`));
  made.push(directory);
  fs.writeFileSync(path.join(directory, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(directory, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
  fs.writeFileSync(
    path.join(directory, "index.ts"),
    ['import * as aws from "@pulumi/aws";', 'import * as awsx from "@pulumi/awsx";', ...lines, ""].join("\n"),
  );
  if (awsxVersion === undefined)
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(directory, "node_modules"), "dir");
  else installWithAwsxVersion(directory, awsxVersion);
  return directory;
}

/**
 * node_modules as the repository's, but with its own copy of @pulumi/awsx that says it is
 * `version`: what the command reads to pick the provider behaviour (the SDK surface of the
 * modelled classes is the same across the supported releases).
 */
function installWithAwsxVersion(directory: string, version: string) {
  const modules = path.join(directory, "node_modules");
  const source = path.join(REPO_ROOT, "node_modules");
  fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
  for (const entry of fs.readdirSync(source))
    if (entry !== "@pulumi") fs.symlinkSync(path.join(source, entry), path.join(modules, entry), "dir");
  for (const entry of fs.readdirSync(path.join(source, "@pulumi")))
    if (entry !== "awsx")
      fs.symlinkSync(path.join(source, "@pulumi", entry), path.join(modules, "@pulumi", entry), "dir");
  const awsx = path.join(modules, "@pulumi", "awsx");
  fs.cpSync(path.join(source, "@pulumi", "awsx"), awsx, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(awsx, "package.json"), "utf8")) as { version: string };
  fs.writeFileSync(path.join(awsx, "package.json"), JSON.stringify({ ...manifest, version }, null, 2));
}

/** The Pulumi template's shape: a default ALB, an image built into a new repository, public IPs. */
const TEMPLATE = [
  'const cluster = new aws.ecs.Cluster("cluster");',
  'const lb = new awsx.lb.ApplicationLoadBalancer("lb", {});',
  'const repo = new awsx.ecr.Repository("repo", { forceDelete: true });',
  'const image = new awsx.ecr.Image("image", { repositoryUrl: repo.url, context: "./app", platform: "linux/amd64" });',
  'new awsx.ecs.FargateService("service", {',
  "  cluster: cluster.arn,",
  "  assignPublicIp: true,",
  "  taskDefinitionArgs: {",
  '    container: { name: "app", image: image.imageUri, cpu: 512, memory: 128, essential: true,',
  "      portMappings: [{ containerPort: 80, targetGroup: lb.defaultTargetGroup }] },",
  "  },",
  "});",
  "export const url = lb.loadBalancer.dnsName;",
];

/** The docs' VPC example: private subnets of a default awsx Vpc, nginx from Docker Hub. */
const privateNginx = (natGateways: string) => [
  `const vpc = new awsx.ec2.Vpc("vpc", { ${natGateways} });`,
  'const group = new aws.ec2.SecurityGroup("group", { vpcId: vpc.vpcId,',
  '  egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] });',
  'new awsx.ecs.FargateService("service", {',
  "  networkConfiguration: { subnets: vpc.privateSubnetIds, securityGroups: [group.id] },",
  "  desiredCount: 2,",
  '  taskDefinitionArgs: { container: { name: "nginx", image: "nginx:latest", cpu: 128, memory: 512, essential: true } },',
  "});",
];

describe("`fargate-preflight check` on awsx programs", function () {
  this.timeout(600000);
  const runs = new Map<string, Run>();

  before(async () => {
    ensureBuilt();
    const jobs: [string, string, string[]][] = [
      // Type-checked, as pulumi preview does: the program compiles against the real @pulumi/awsx types.
      ["template", program("awsx-template", TEMPLATE), []],
      ["vpc with NAT", program("awsx-vpc-nat", privateNginx("")), ["--skip-typecheck"]],
      [
        "vpc without NAT",
        program("awsx-vpc-no-nat", privateNginx('natGateways: { strategy: "None" }')),
        ["--skip-typecheck"],
      ],
      [
        "vpc without NAT, with endpoints",
        program("awsx-endpoints", [
          `import { FargateEndpointSet } from "${path.join(REPO_ROOT, "components").split(path.sep).join("/")}";`,
          'const vpc = new awsx.ec2.Vpc("vpc", { natGateways: { strategy: "None" }, enableDnsHostnames: true });',
          'const repo = new awsx.ecr.Repository("repo", {});',
          'const secret = new aws.secretsmanager.Secret("db", { name: "app/db" });',
          'const group = new aws.ec2.SecurityGroup("group", { vpcId: vpc.vpcId,',
          '  egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] });',
          'new FargateEndpointSet("endpoints", { vpcId: vpc.vpcId, subnetIds: vpc.privateSubnetIds,',
          "  routeTableIds: vpc.routeTables.apply((tables) => tables.map((table) => table.id)),",
          '  taskSecurityGroupIds: [group.id], services: ["ecr", "logs", "secretsmanager"] });',
          'new awsx.ecs.FargateService("service", {',
          "  networkConfiguration: { subnets: vpc.privateSubnetIds, securityGroups: [group.id] },",
          "  taskDefinitionArgs: {",
          '    executionRole: { args: { policyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",',
          '      "arn:aws:iam::aws:policy/SecretsManagerReadWrite"] } },',
          '    container: { name: "app", image: repo.url, cpu: 256, memory: 512, secrets: [{ name: "DB", valueFrom: secret.arn }] },',
          "  },",
          "});",
        ]),
        ["--skip-typecheck"],
      ],
      [
        "public-only vpc",
        program("awsx-public-only", [
          'const vpc = new awsx.ec2.Vpc("vpc", { subnetSpecs: [{ type: "Public" }], natGateways: { strategy: "None" } });',
          'const lb = new awsx.lb.ApplicationLoadBalancer("lb", { subnets: vpc.subnets });',
          'const group = new aws.ec2.SecurityGroup("group", { vpcId: vpc.vpcId,',
          '  ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", securityGroups: [lb.defaultSecurityGroup.apply((sg) => sg!.id)] }],',
          '  egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }] });',
          'new awsx.ecs.FargateService("service", {',
          "  networkConfiguration: { subnets: vpc.publicSubnetIds, securityGroups: [group.id], assignPublicIp: true },",
          '  taskDefinitionArgs: { container: { name: "nginx", image: "nginx:latest", cpu: 512, memory: 128,',
          "    portMappings: [{ containerPort: 80, targetGroup: lb.defaultTargetGroup }] } },",
          "});",
        ]),
        ["--skip-typecheck"],
      ],
      [
        "default VPC without a public IP",
        program("awsx-default-vpc-private", [
          'const lb = new awsx.lb.ApplicationLoadBalancer("lb", {});',
          'new awsx.ecs.FargateService("redis", { taskDefinitionArgs: { container: { name: "redis", image: "redis:alpine",',
          "  memory: 512, portMappings: [{ containerPort: 6379, targetGroup: lb.defaultTargetGroup }] } } });",
        ]),
        ["--skip-typecheck"],
      ],
      [
        "vpc without NAT, awsx 2.21.1",
        program("awsx-2-21", privateNginx('natGateways: { strategy: "None" }'), "2.21.1"),
        ["--skip-typecheck"],
      ],
      [
        "vpc without NAT, awsx 2.6.0",
        program("awsx-2-6", privateNginx('natGateways: { strategy: "None" }'), "2.6.0"),
        ["--skip-typecheck"],
      ],
      ["vpc, awsx v1.0.0", program("awsx-1-0", ['new awsx.ec2.Vpc("vpc", {});'], "v1.0.0"), ["--skip-typecheck"]],
      [
        "component without a stand-in",
        program("awsx-nlb", [
          'const vpc = new awsx.ec2.Vpc("vpc", {});',
          'new awsx.lb.NetworkLoadBalancer("nlb", { subnetIds: vpc.publicSubnetIds });',
        ]),
        ["--skip-typecheck"],
      ],
      [
        "refused feature",
        program("awsx-ipam", [
          'new awsx.ec2.Vpc("vpc", { ipv4IpamPoolId: "ipam-pool-0123456789abcdef0", ipv4NetmaskLength: 16 });',
        ]),
        ["--skip-typecheck"],
      ],
    ];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const [name, directory, extra] = jobs[next++];
        runs.set(name, await check(directory, extra));
      }
    };
    await Promise.all([worker(), worker()]);
  });

  after(() => {
    for (const directory of made.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
  });

  it("the template's shape (default VPC, public IPs, image built into a new repository) passes, type-checked", () => {
    const run = runs.get("template")!;
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(mandatory(run), []);
  });

  it("private subnets of a default awsx Vpc reach Docker Hub through the NAT gateways; without them they do not", () => {
    const withNat = runs.get("vpc with NAT")!;
    assert.equal(withNat.code, 0, withNat.stderr);
    assert.deepEqual(mandatory(withNat), []);
    const withoutNat = runs.get("vpc without NAT")!;
    assert.equal(withoutNat.code, 1, withoutNat.stderr);
    // The pack reports an internet image on each subnet without a path (here the private subnets awsx created).
    assert.deepEqual(mandatory(withoutNat), [
      "FARGATE-INTERNET-IMAGE vpc-private-1",
      "FARGATE-INTERNET-IMAGE vpc-private-2",
      "FARGATE-INTERNET-IMAGE vpc-private-3",
      "FARGATE-LOGS-NETWORK service",
    ]);
  });

  it("private subnets of an awsx Vpc without NAT pass with FargateEndpointSet's endpoints on awsx's route tables", () => {
    const run = runs.get("vpc without NAT, with endpoints")!;
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(mandatory(run), []);
  });

  it("follows the installed @pulumi/awsx: 2.21.1 is decided as 3.9.0 is, 2.6.0 is not checked (exit 4) naming both", () => {
    const older = runs.get("vpc without NAT, awsx 2.21.1")!;
    assert.equal(older.code, 1, older.stderr);
    assert.deepEqual(mandatory(older), mandatory(runs.get("vpc without NAT")!));
    const unmodelled = runs.get("vpc without NAT, awsx 2.6.0")!;
    assert.equal(unmodelled.code, 4, unmodelled.stderr);
    assert.equal(unmodelled.stdout, "");
    assert.match(
      unmodelled.stderr,
      /awsx:ec2:Vpc vpc: fargate-preflight constructs the awsx components of @pulumi\/awsx 2\.7\.0 to 2\.22\.x, 3\.0\.0 to 3\.1\.x and 3\.3\.1 to 3\.9\.x, and this program has 2\.6\.0/,
    );
  });

  it("reads the version awsx 0.x and 1.x publish (v1.0.0) and names it when it refuses", () => {
    const run = runs.get("vpc, awsx v1.0.0")!;
    assert.equal(run.code, 4, run.stderr);
    assert.match(
      run.stderr,
      /awsx:ec2:Vpc vpc: fargate-preflight constructs the awsx components of .*, and this program has 1\.0\.0/,
    );
  });

  it("a public-only awsx Vpc (no NAT) behind its ALB, with public IPs, passes", () => {
    const run = runs.get("public-only vpc")!;
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(mandatory(run), []);
  });

  it("a FargateService in the default VPC without a public IP fails as the preview fails (exit 2), saying why", () => {
    const run = runs.get("default VPC without a public IP")!;
    assert.equal(run.code, 2, run.stdout);
    assert.match(
      run.stderr,
      /awsx:ecs:FargateService redis: .*default VPC.* has none, so `pulumi preview` fails here too/,
    );
    assert.match(run.stderr, /Set assignPublicIp: true/);
  });

  it("an awsx component without a stand-in is not checked (exit 4), named with what to run instead", () => {
    const run = runs.get("component without a stand-in")!;
    assert.equal(run.code, 4, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /not checked: .*\n {2}awsx:lb:NetworkLoadBalancer nlb: the awsx provider plugin constructs it/,
    );
    assert.match(run.stderr, /pulumi preview --policy-pack/);
    assert.doesNotMatch(run.stderr, /awsx:ec2:Vpc/);
  });

  it("a feature a stand-in does not model (a CIDR from an IPAM pool) is not checked (exit 4)", () => {
    const run = runs.get("refused feature")!;
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /awsx:ec2:Vpc vpc: its CIDR comes from an IPAM pool/);
  });
});
