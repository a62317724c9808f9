/**
 * Lookups under the offline mocks: what a real program asks is answered as AWS would, with
 * things outside the stack given ids of AWS's form; aws.iam.getPolicyDocument renders the JSON
 * AWS would get; a lookup the mocks cannot answer is named.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import {
  Lookups,
  policyDocument,
  recordWithMocks,
  finishRecording,
  UnansweredLookupError,
} from "../../engine/simulator";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT } from "../fixtures/stacks";
import { runUnderMocks } from "../support/mocks";

describe("offline lookups", function () {
  this.timeout(120000);

  it("the default VPC and its subnets: outside the stack, with ids of AWS's form", async () => {
    const seen: Record<string, unknown> = {};
    const resources = await runUnderMocks("preview", async () => {
      const vpc = await aws.ec2.getVpc({ default: true });
      const subnets = await aws.ec2.getSubnets({ filters: [{ name: "vpc-id", values: [vpc.id] }] });
      const subnet = await aws.ec2.getSubnet({ id: subnets.ids[0] });
      const group = await aws.ec2.getSecurityGroup({ vpcId: vpc.id, name: "default" });
      const table = await aws.ec2.getRouteTable({ subnetId: subnet.id });
      const prefixList = await aws.ec2.getPrefixList({ name: "com.amazonaws.eu-west-1.s3" });
      const vpcs = await aws.ec2.getVpcs({});
      const groups = await aws.ec2.getSecurityGroups({ filters: [{ name: "vpc-id", values: [vpc.id] }] });
      const tables = await aws.ec2.getRouteTables({ vpcId: vpc.id });
      const endpoint = await aws.ec2.getVpcEndpoint({ vpcId: vpc.id, serviceName: "com.amazonaws.eu-west-1.s3" });
      Object.assign(seen, { vpc, subnets, subnet, group, table, prefixList, vpcs, groups, tables, endpoint });
      new aws.ec2.SecurityGroup("tasks", { vpcId: vpc.id });
    });
    const vpc = seen.vpc as aws.ec2.GetVpcResult;
    assert.match(vpc.id, /^vpc-[0-9a-f]{17}$/);
    assert.equal(vpc.cidrBlock, "172.31.0.0/16");
    assert.equal(vpc.enableDnsSupport, true);
    const ids = (seen.subnets as aws.ec2.GetSubnetsResult).ids;
    assert.equal(ids.length, 3);
    for (const id of ids) assert.match(id, /^subnet-[0-9a-f]{17}$/);
    assert.equal(new Set(ids).size, 3);
    const subnet = seen.subnet as aws.ec2.GetSubnetResult;
    assert.equal(subnet.vpcId, vpc.id);
    assert.equal(subnet.mapPublicIpOnLaunch, true, "a default subnet gives public IPs");
    assert.match((seen.group as aws.ec2.GetSecurityGroupResult).id, /^sg-[0-9a-f]{17}$/);
    assert.match((seen.table as aws.ec2.GetRouteTableResult).id, /^rtb-[0-9a-f]{17}$/);
    assert.match((seen.prefixList as aws.ec2.GetPrefixListResult).id, /^pl-[0-9a-f]{8}$/);
    assert.deepEqual((seen.vpcs as aws.ec2.GetVpcsResult).ids, [vpc.id]);
    const groups = seen.groups as aws.ec2.GetSecurityGroupsResult;
    assert.match(groups.ids[0], /^sg-[0-9a-f]{17}$/);
    assert.deepEqual(groups.vpcIds, [vpc.id]);
    assert.match((seen.tables as aws.ec2.GetRouteTablesResult).ids[0], /^rtb-[0-9a-f]{17}$/);
    const endpoint = seen.endpoint as aws.ec2.GetVpcEndpointResult;
    assert.match(endpoint.id, /^vpce-[0-9a-f]{17}$/);
    assert.equal(endpoint.vpcEndpointType, "Gateway");
    assert.equal(endpoint.vpcId, vpc.id);
    // Nothing looked up is in the stack: the pack will not find these ids among the resources.
    const stackIds = new Set(resources.map((resource) => resource.properties.id));
    for (const id of [vpc.id, ...ids]) assert.ok(!stackIds.has(id));
    assert.equal(resources.find((resource) => resource.name === "tasks")!.inputs!.vpcId, vpc.id);
  });

  it("IAM, secrets, parameters, keys, repositories and log groups answer with ARNs of AWS's form", async () => {
    const seen: Record<string, { arn?: string; id?: string }> = {};
    await runUnderMocks("preview", async () => {
      seen.role = await aws.iam.getRole({ name: "ops-execution" });
      seen.secret = await aws.secretsmanager.getSecret({ name: "shop/db" });
      seen.parameter = await aws.ssm.getParameter({ name: "/shop/token" });
      seen.key = await aws.kms.getKey({ keyId: "alias/shop" });
      seen.alias = await aws.kms.getAlias({ name: "alias/aws/ssm" });
      seen.repository = await aws.ecr.getRepository({ name: "shop/api" });
      seen.logGroup = await aws.cloudwatch.getLogGroup({ name: "/ecs/shop" });
      seen.caller = await aws.getCallerIdentity();
    });
    assert.equal(seen.role.arn, `arn:aws:iam::${ACCOUNT}:role/ops-execution`);
    assert.match(
      String(seen.secret.arn),
      new RegExp(`^arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shop/db-[0-9a-f]{6}$`),
    );
    assert.equal(seen.parameter.arn, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shop/token`);
    assert.match(String(seen.key.arn), new RegExp(`^arn:aws:kms:eu-west-1:${ACCOUNT}:key/[0-9a-f-]{36}$`));
    assert.equal(seen.alias.arn, `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/ssm`);
    assert.equal(seen.repository.arn, `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/shop/api`);
    assert.equal(seen.logGroup.arn, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/shop`);
    assert.equal(seen.caller.id, ACCOUNT);
  });

  it("lookups no rule reads (zone, certificate, AMI, ECR credentials, public parameters) answer in AWS's forms", async () => {
    const seen: Record<string, unknown> = {};
    await runUnderMocks("preview", async () => {
      seen.zone = await aws.route53.getZone({ name: "shop.example.com." });
      seen.certificate = await aws.acm.getCertificate({ domain: "shop.example.com", statuses: ["ISSUED"] });
      seen.ami = await aws.ec2.getAmi({
        owners: ["amazon"],
        mostRecent: true,
        filters: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
      });
      seen.token = await aws.ecr.getAuthorizationToken({});
      seen.recommended = await aws.ssm.getParameter({
        name: "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
      });
      seen.imageId = await aws.ssm.getParameter({
        name: "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
      });
      seen.latest = await aws.ssm.getParameter({
        name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      });
    });
    const zone = seen.zone as aws.route53.GetZoneResult;
    assert.equal(zone.name, "shop.example.com");
    assert.match(zone.zoneId, /^Z[0-9A-Z]{20}$/);
    assert.equal(zone.nameServers.length, 4);
    const certificate = seen.certificate as aws.acm.GetCertificateResult;
    assert.match(certificate.arn, new RegExp(`^arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/[0-9a-f-]{36}$`));
    assert.equal(certificate.status, "ISSUED");
    const ami = seen.ami as aws.ec2.GetAmiResult;
    assert.match(ami.id, /^ami-[0-9a-f]{17}$/);
    assert.match(ami.name, /^al2023-ami-[^*]+-x86_64$/);
    const token = seen.token as aws.ecr.GetAuthorizationTokenResult;
    assert.equal(Buffer.from(token.authorizationToken, "base64").toString(), `${token.userName}:${token.password}`);
    assert.equal(token.proxyEndpoint, `https://${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`);
    // awsx classic reads the recommended ECS AMI as JSON (autoscaling/launchConfiguration.ts getEcsAmiId).
    const recommended = seen.recommended as aws.ssm.GetParameterResult;
    const metadata = JSON.parse(recommended.value) as { image_id: string; os: string };
    assert.match(metadata.image_id, /^ami-[0-9a-f]{17}$/);
    assert.equal((seen.imageId as aws.ssm.GetParameterResult).value, metadata.image_id);
    assert.equal(
      recommended.arn,
      "arn:aws:ssm:eu-west-1::parameter/aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
    );
    assert.match((seen.latest as aws.ssm.GetParameterResult).value, /^ami-[0-9a-f]{17}$/);
  });

  it("getSubnetIds, getSubnets' name in @pulumi/aws 4 and 5, answers the same subnets with the VPC id", () => {
    const lookups = new Lookups(
      { form: "preview", region: "eu-west-1", accountId: ACCOUNT },
      { subnets: new Map(), vpcs: new Map() },
    );
    const vpcId = lookups.defaultVpcId;
    const current = lookups.answer("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: [vpcId] }] });
    const older = lookups.answer("aws:ec2/getSubnetIds:getSubnetIds", { vpcId });
    assert.deepEqual(older.ids, current.ids);
    assert.equal(older.vpcId, vpcId);
  });

  it("an explicit provider's region (and partition) answers its lookups and names its resources", async () => {
    const seen: Record<string, unknown> = {};
    const resources = await runUnderMocks("deployed", async () => {
      const virginia = new aws.Provider("virginia", { region: "us-east-1" });
      const beijing = new aws.Provider("beijing", { region: "cn-north-1" });
      seen.region = (await aws.getRegion({}, { provider: virginia })).name;
      seen.defaultRegion = (await aws.getRegion({})).name;
      seen.partition = (await aws.getPartition({}, { provider: beijing })).partition;
      new aws.ecr.Repository("images", { name: "shop/api" }, { provider: beijing });
    });
    assert.deepEqual(seen, { region: "us-east-1", defaultRegion: "eu-west-1", partition: "aws-cn" });
    const repository = resources.find((resource) => resource.name === "images")!.properties;
    assert.equal(repository.arn, `arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/shop/api`);
    assert.equal(repository.repositoryUrl, `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/shop/api`);
  });

  for (const form of ["preview", "deployed"] as const)
    it(`a regional resource's region is its provider's, known at plan; IAM has none (${form})`, async () => {
      const resources = await runUnderMocks(form, async () => {
        const frankfurt = new aws.Provider("frankfurt", { region: "eu-central-1" });
        new aws.ec2.Vpc("far", { cidrBlock: "10.1.0.0/16" }, { provider: frankfurt });
        new aws.ec2.Vpc("near", { cidrBlock: "10.2.0.0/16" });
        new aws.ec2.Vpc("pinned", { cidrBlock: "10.3.0.0/16", region: "us-west-2" }, { provider: frankfurt });
        new aws.iam.Role("role", { assumeRolePolicy: "{}" }, { provider: frankfurt });
      });
      const state = (name: string) => resources.find((resource) => resource.name === name)!.properties;
      assert.equal(state("far").region, "eu-central-1");
      assert.equal(state("near").region, "eu-west-1");
      assert.equal(state("pinned").region, "us-west-2");
      assert.equal(state("role").region, undefined);
    });

  it("a lookup the mocks cannot answer: finishRecording names the function (exit 2 in the command)", async () => {
    const recorded = await recordWithMocks(
      pulumi,
      { form: "preview", region: "eu-west-1", accountId: "123456789012" },
      "shop",
      "dev",
    );
    const instance = aws.ec2.getInstanceOutput({ instanceId: "i-0123456789abcdef0" });
    new aws.ec2.SecurityGroup("tasks", { vpcId: instance.subnetId });
    await pulumi.runtime.disconnect();
    await assert.rejects(finishRecording(recorded), (error: unknown) => {
      assert.ok(error instanceof UnansweredLookupError);
      assert.match(
        (error as Error).message,
        /the program calls aws:ec2\/getInstance:getInstance, which the offline check cannot answer; check the stack with pulumi preview --policy-pack instead/,
      );
      return true;
    });
  });
});

describe("aws.iam.getPolicyDocument offline: the JSON the provider renders", function () {
  this.timeout(60000);

  // Written by hand from the provider's rendering rules: Version first, statement fields in the
  // order Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal,
  // Condition; a single value as a string, several sorted in reverse; Effect defaults to Allow.
  const EXPECTED = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ecr:GetAuthorizationToken",
      "Resource": "*"
    },
    {
      "Sid": "Pull",
      "Effect": "Allow",
      "Action": [
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "ecr:BatchCheckLayerAvailability"
      ],
      "Resource": "arn:aws:ecr:eu-west-1:123456789012:repository/shop/api"
    },
    {
      "Effect": "Deny",
      "NotAction": "kms:Decrypt",
      "Resource": [
        "arn:aws:kms:eu-west-1:123456789012:key/b",
        "arn:aws:kms:eu-west-1:123456789012:key/a"
      ],
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "123456789012",
          "kms:ViaService": [
            "ssm.eu-west-1.amazonaws.com",
            "secretsmanager.eu-west-1.amazonaws.com"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "arn:aws:iam::123456789012:root",
        "Service": [
          "ecs.amazonaws.com",
          "ecs-tasks.amazonaws.com"
        ]
      }
    }
  ]
}`;
  const STATEMENTS = [
    { actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    {
      sid: "Pull",
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      resources: ["arn:aws:ecr:eu-west-1:123456789012:repository/shop/api"],
    },
    {
      effect: "Deny",
      notActions: ["kms:Decrypt"],
      resources: ["arn:aws:kms:eu-west-1:123456789012:key/a", "arn:aws:kms:eu-west-1:123456789012:key/b"],
      conditions: [
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: ["ssm.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"],
        },
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
      ],
    },
    {
      actions: ["sts:AssumeRole"],
      principals: [
        { type: "Service", identifiers: ["ecs.amazonaws.com", "ecs-tasks.amazonaws.com"] },
        { type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] },
      ],
    },
  ];

  it("renders json and minifiedJson as the provider does", () => {
    const result = policyDocument({ statements: STATEMENTS });
    assert.equal(result.json, EXPECTED);
    assert.equal(result.minifiedJson, JSON.stringify(JSON.parse(EXPECTED)));
    assert.match(String(result.id), /^\d+$/);
  });

  it("answers the SDK's invoke with that JSON", async () => {
    let json: string | undefined;
    await runUnderMocks("preview", async () => {
      json = (await aws.iam.getPolicyDocument({ statements: STATEMENTS })).json;
    });
    assert.equal(json, EXPECTED);
  });

  it('a principal of type "*" with identifier "*" becomes "*"; "&{" becomes "${"; source and override documents merge by Sid', () => {
    const source = JSON.stringify({
      Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    });
    const override = JSON.stringify({ Statement: [{ Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" }] });
    const result = policyDocument({
      sourcePolicyDocuments: [source],
      overridePolicyDocuments: [override],
      statements: [
        {
          sid: "B",
          actions: ["s3:PutObject"],
          resources: ["arn:aws:s3:::bucket/&{aws:username}/*"],
          principals: [{ type: "*", identifiers: ["*"] }],
        },
      ],
    });
    assert.deepEqual(JSON.parse(String(result.json)), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" },
      ],
    });
    const alone = policyDocument({
      statements: [
        {
          actions: ["s3:PutObject"],
          resources: ["arn:aws:s3:::bucket/&{aws:username}/*"],
          principals: [{ type: "*", identifiers: ["*"] }],
        },
      ],
    });
    assert.deepEqual(JSON.parse(String(alone.json)).Statement[0], {
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::bucket/${aws:username}/*",
      Principal: "*",
    });
  });

  it("statements read from a source document are rendered again as the provider renders them", () => {
    const source = JSON.stringify({
      Version: "2008-10-17",
      Statement: [
        {
          Resource: "*",
          Action: ["kms:Decrypt"],
          Condition: {
            StringEquals: { "kms:ViaService": ["ssm.eu-west-1.amazonaws.com"] },
            Bool: { "aws:SecureTransport": true },
          },
          Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] },
          Effect: "Allow",
        },
      ],
    });
    const result = policyDocument({ sourcePolicyDocuments: [source] });
    // Version: the newer of the source's and the data source's own (its default, 2012-10-17).
    assert.equal(
      result.minifiedJson,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*",' +
        '"Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:root"]},' +
        '"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"kms:ViaService":"ssm.eu-west-1.amazonaws.com"}}}]}',
    );
  });

  it("a source document that is not JSON is an error naming the input", () => {
    assert.throws(() => policyDocument({ sourcePolicyDocuments: ["{"] }), /sourcePolicyDocuments\[0\] is not JSON/);
  });
});
