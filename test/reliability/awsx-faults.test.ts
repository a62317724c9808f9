/**
 * Single-fault injection over an awsx stack: examples/awsx-working constructed by the awsx
 * stand-ins, at a first preview and deployed. Each link the service depends on that awsx
 * created (a NAT route, the public subnet a NAT gateway sits in, the gateway itself) or that the
 * program added (the execution role's grants) is broken one at a time, and must be reported
 * exactly; links that do not matter at start-up (the load balancer's listener and security
 * group, the repository's lifecycle policy) must not be. Prints
 * `awsx faults: detected D/N, false alarms F/M`.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { StackResource } from "../../engine/stack-resource";
import { installAwsxStandIns } from "../../engine/simulator/awsx";
import type { StackForm } from "../../engine/simulator";
import { findingsOf, pairs } from "../support/findings";
import { runUnderMocks } from "../support/mocks";
import { REPO_ROOT } from "../support/paths";

const EXAMPLE = path.join(REPO_ROOT, "examples", "awsx-working", "index.ts");

async function record(form: StackForm): Promise<StackResource[]> {
  return runUnderMocks(form, () => {
    const session = installAwsxStandIns(REPO_ROOT, pulumi);
    try {
      delete require.cache[require.resolve(EXAMPLE)];
      require(EXAMPLE);
    } finally {
      session.uninstall();
    }
    assert.deepEqual(session.notConstructed(), []);
  });
}

type Edit = (resources: StackResource[]) => StackResource[];

const find = (resources: StackResource[], type: string, name: string) => {
  const found = resources.find((resource) => resource.type === type && resource.name === name);
  assert.ok(found, `${type} ${name}`);
  return found;
};

const remove =
  (type: string, name: string): Edit =>
  (resources) => {
    const gone = find(resources, type, name);
    return resources.filter((resource) => resource !== gone);
  };

/** Sets an input the program gives, in what Analyze and AnalyzeStack both show. */
const set =
  (type: string, name: string, property: string, value: unknown): Edit =>
  (resources) =>
    resources.map((resource) =>
      resource === find(resources, type, name)
        ? {
            ...resource,
            properties: { ...resource.properties, [property]: value },
            inputs: resource.inputs && { ...resource.inputs, [property]: value },
          }
        : resource,
    );

const ROUTE = "aws:ec2/route:Route";
const NAT = "aws:ec2/natGateway:NatGateway";
const NETWORK = ["FARGATE-ECR-NETWORK", "FARGATE-LOGS-NETWORK", "FARGATE-S3-NETWORK", "FARGATE-SECRETS-NETWORK"];

const FAULTS: { link: string; edit: Edit; expected: string[] }[] = [
  {
    link: "awsx's default route from private subnet 1 to its NAT gateway",
    edit: remove(ROUTE, "shop-private-1"),
    expected: NETWORK.map((rule) => `${rule} shop-api`),
  },
  {
    link: "awsx's internet gateway route of the public subnet NAT gateway 2 sits in",
    edit: remove(ROUTE, "shop-public-2"),
    expected: ["FARGATE-NAT-PLACEMENT shop-2"],
  },
  {
    link: "awsx's route table association of that public subnet",
    edit: remove("aws:ec2/routeTableAssociation:RouteTableAssociation", "shop-public-1"),
    expected: ["FARGATE-NAT-PLACEMENT shop-1"],
  },
  {
    link: "public connectivity of awsx's NAT gateway 1",
    edit: set(NAT, "shop-1", "connectivityType", "private"),
    expected: ["FARGATE-NAT-PLACEMENT shop-1"],
  },
  {
    link: "the execution role's grants (the program's FargateExecutionRole policy)",
    edit: (resources) =>
      resources.filter(
        (resource) =>
          !(resource.type === "aws:iam/rolePolicy:RolePolicy" && resource.name.startsWith("shop-execution")),
      ),
    expected: [
      "FARGATE-ECR-IAM shop-execution",
      "FARGATE-LOGS-IAM shop-execution",
      "FARGATE-SECRETS-IAM shop-execution",
    ],
  },
  { link: "the ALB's listener", edit: remove("aws:lb/listener:Listener", "shop-0"), expected: [] },
  { link: "the ALB's security group", edit: remove("aws:ec2/securityGroup:SecurityGroup", "shop"), expected: [] },
  {
    link: "the repository's lifecycle policy",
    edit: remove("aws:ecr/lifecyclePolicy:LifecyclePolicy", "shop-api"),
    expected: [],
  },
];

describe("single-fault injection over an awsx stack", function () {
  this.timeout(120000);

  for (const form of ["preview", "deployed"] as const) {
    it(`detects every breaking fault and raises no false alarm (${form === "preview" ? "first preview" : "deployed"})`, async () => {
      const baseline = await record(form);
      const mandatory = (resources: StackResource[]) =>
        pairs(findingsOf(resources).filter((finding) => finding.level === "mandatory"));
      assert.deepEqual(mandatory(baseline), [], "the unfaulted stack");
      const missed: string[] = [];
      const falseAlarms: string[] = [];
      for (const fault of FAULTS) {
        const got = mandatory(fault.edit(baseline));
        const expected = [...fault.expected].sort();
        if (JSON.stringify(got) === JSON.stringify(expected)) continue;
        (expected.length === 0 ? falseAlarms : missed).push(
          `${fault.link}: expected ${expected.join(", ") || "nothing"}; got ${got.join(", ") || "nothing"}`,
        );
      }
      const breaking = FAULTS.filter((fault) => fault.expected.length > 0).length;
      console.log(
        `      awsx faults: detected ${breaking - missed.length}/${breaking}, false alarms ${falseAlarms.length}/${FAULTS.length - breaking} (${form})`,
      );
      assert.deepEqual({ missed, falseAlarms }, { missed: [], falseAlarms: [] });
    });
  }
});
