/**
 * The subnet layouts of awsx.ec2.Vpc, against the layouts the provider's own distributor
 * functions computed (run on pulumi-awsx e60adf3c's awsx/ec2/subnetDistributorLegacy.ts and
 * subnetDistributorNew.ts, facts.ts AWSX_SOURCE).
 */
import { strict as assert } from "assert";
import {
  allocateBlocks,
  checkLayout,
  creationOrder,
  LayoutRequest,
  planSubnets,
  SubnetSpecInput,
} from "../../engine/simulator/awsx/subnet-layout";

const zones = (count: number) => ["a", "b", "c", "d"].slice(0, count).map((letter) => `us-east-1${letter}`);

function layout(request: Partial<LayoutRequest> & { azCount?: number }, vpcCidr = "10.0.0.0/16") {
  const full: LayoutRequest = {
    vpcName: "vpc",
    azNames: zones(request.azCount ?? 3),
    specs: undefined,
    strategy: "Legacy",
    nameTagStrategy: "Legacy",
    ...request,
  };
  const blocks = allocateBlocks(full, vpcCidr);
  return planSubnets(full).map((subnet, i) => ({ ...subnet, cidrBlock: blocks[i] }));
}

const rows = (subnets: ReturnType<typeof layout>) =>
  subnets.map((subnet) => `${subnet.resourceName} ${subnet.azName.slice(-1)} ${subnet.cidrBlock}`);

describe("awsx.ec2.Vpc subnet layout", () => {
  it("Legacy defaults, 3 zones: a /19 private and a /20 public in each /18", () => {
    assert.deepEqual(rows(layout({})), [
      "vpc-private-1 a 10.0.0.0/19",
      "vpc-private-2 b 10.0.64.0/19",
      "vpc-private-3 c 10.0.128.0/19",
      "vpc-public-1 a 10.0.32.0/20",
      "vpc-public-2 b 10.0.96.0/20",
      "vpc-public-3 c 10.0.160.0/20",
    ]);
  });

  it("Legacy defaults, 2 zones: /18 private and /19 public in each /17", () => {
    assert.deepEqual(rows(layout({ azCount: 2 })), [
      "vpc-private-1 a 10.0.0.0/18",
      "vpc-private-2 b 10.0.128.0/18",
      "vpc-public-1 a 10.0.64.0/19",
      "vpc-public-2 b 10.0.192.0/19",
    ]);
  });

  it("Legacy defaults with 1 and 4 zones, and in a /20 VPC", () => {
    assert.deepEqual(rows(layout({ azCount: 1 })), ["vpc-private-1 a 10.0.0.0/17", "vpc-public-1 a 10.0.128.0/18"]);
    assert.deepEqual(
      layout({ azCount: 4 }).map((subnet) => subnet.cidrBlock),
      [
        "10.0.0.0/19",
        "10.0.64.0/19",
        "10.0.128.0/19",
        "10.0.192.0/19",
        "10.0.32.0/20",
        "10.0.96.0/20",
        "10.0.160.0/20",
        "10.0.224.0/20",
      ],
    );
    assert.deepEqual(
      layout({}, "10.0.0.0/20").map((subnet) => subnet.cidrBlock),
      ["10.0.0.0/23", "10.0.4.0/23", "10.0.8.0/23", "10.0.2.0/24", "10.0.6.0/24", "10.0.10.0/24"],
    );
  });

  it("Legacy with specs places private, then public, then isolated in each zone, whatever the order given", () => {
    const specs: SubnetSpecInput[] = [{ type: "Public" }, { type: "Private" }, { type: "Isolated" }];
    assert.deepEqual(rows(layout({ specs })).slice(0, 3), [
      "vpc-private-1 a 10.0.0.0/19",
      "vpc-public-1 a 10.0.32.0/20",
      "vpc-isolated-1 a 10.0.48.0/24",
    ]);
    // With two specs in two zones the masks are /19 and /20 (unlike the /18 and /19 of no specs).
    assert.deepEqual(
      layout({ azCount: 2, specs: [{ type: "Public" }, { type: "Private" }] }).map((subnet) => subnet.cidrBlock),
      ["10.0.0.0/19", "10.0.32.0/20", "10.0.128.0/19", "10.0.160.0/20"],
    );
    assert.deepEqual(
      layout({
        specs: [
          { type: "Public", cidrMask: 24 },
          { type: "Private", cidrMask: 24 },
        ],
      })
        .map((subnet) => subnet.cidrBlock)
        .slice(0, 4),
      ["10.0.0.0/24", "10.0.1.0/24", "10.0.64.0/24", "10.0.65.0/24"],
    );
  });

  it("Auto: the defaults give Legacy's blocks, and specs are packed in the order given", () => {
    const auto = layout({ strategy: "Auto" });
    assert.deepEqual(new Set(auto.map((subnet) => subnet.cidrBlock)), new Set(layout({}).map((s) => s.cidrBlock)));
    assert.deepEqual(rows(auto).slice(0, 2), ["vpc-private-1 a 10.0.0.0/19", "vpc-public-1 a 10.0.32.0/20"]);
    assert.deepEqual(rows(layout({ strategy: "Auto", specs: [{ type: "Public" }, { type: "Private" }] })).slice(0, 4), [
      "vpc-public-1 a 10.0.0.0/19",
      "vpc-private-1 a 10.0.32.0/19",
      "vpc-public-2 b 10.0.64.0/19",
      "vpc-private-2 b 10.0.96.0/19",
    ]);
  });

  it("explicit cidrBlocks are used as given, one per zone", () => {
    const specs: SubnetSpecInput[] = [
      { type: "Private", cidrBlocks: ["10.0.0.0/20", "10.0.16.0/20"] },
      { type: "Public", cidrBlocks: ["10.0.32.0/24", "10.0.33.0/24"] },
    ];
    assert.deepEqual(rows(layout({ strategy: "Auto", azCount: 2, specs })), [
      "vpc-private-1 a 10.0.0.0/20",
      "vpc-public-1 a 10.0.32.0/24",
      "vpc-private-2 b 10.0.16.0/20",
      "vpc-public-2 b 10.0.33.0/24",
    ]);
  });

  it("named specs and the AvailabilityZone name tag strategy (which changes the Name tag only)", () => {
    const subnets = layout({
      strategy: "Auto",
      nameTagStrategy: "AvailabilityZone",
      specs: [{ type: "Private", name: "app" }, { type: "Public" }],
    });
    assert.deepEqual(
      subnets.slice(0, 2).map((subnet) => [subnet.resourceName, subnet.nameTag]),
      [
        ["vpc-app-1", "vpc-app-1a"],
        ["vpc-public-1", "vpc-public-1a"],
      ],
    );
  });

  it("creates each zone's public subnets first, then private, then isolated", () => {
    const specs: SubnetSpecInput[] = [{ type: "Isolated" }, { type: "Private" }, { type: "Public" }];
    assert.deepEqual(
      creationOrder(layout({ strategy: "Auto", azCount: 2, specs }), 2).map((subnet) => subnet.resourceName),
      ["vpc-public-1", "vpc-private-1", "vpc-isolated-1", "vpc-public-2", "vpc-private-2", "vpc-isolated-2"],
    );
  });

  it("refuses what awsx refuses: overlaps, gaps under Exact, NAT gateways without public subnets, duplicate names", () => {
    const check = (subnets: ReturnType<typeof layout>, natStrategy = "None", exact = false) =>
      checkLayout(subnets, { vpcCidr: "10.0.0.0/16", exact, natStrategy, natMayServeIsolated: true });
    assert.throws(
      () =>
        check(
          layout({
            strategy: "Auto",
            azCount: 2,
            specs: [{ type: "Private", cidrBlocks: ["10.0.0.0/20", "10.0.8.0/24"] }],
          }),
        ),
      /overlap/,
    );
    assert.throws(() => check(layout({ strategy: "Auto" }), "None", true), /gaps/);
    assert.doesNotThrow(() => check(layout({ specs: [{ type: "Public" }] }), "None"));
    assert.throws(() => check(layout({ specs: [{ type: "Public" }] }), "OnePerAz"), /needs public subnets/);
    assert.throws(() => check(layout({ specs: [{ type: "Private" }] }), "Single"), /needs public subnets/);
    assert.throws(
      () => layout({ strategy: "Auto", specs: [{ type: "Private" }, { type: "Private" }] }),
      /distinct names/,
    );
  });
});
