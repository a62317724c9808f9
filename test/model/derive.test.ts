import { strict as assert } from "assert";
import {
  deriveTaskNeeds,
  endpointServiceName,
  IamRequirement,
  NeedKind,
  parseEndpointServiceName,
  TaskDefinitionError,
  TaskDefinitionFacts,
  UNKNOWN,
} from "../../model";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";

function facts(containers: unknown[], extra: Partial<TaskDefinitionFacts> = {}): TaskDefinitionFacts {
  return { containerDefinitions: JSON.stringify(containers), region: REGION, accountId: ACCOUNT, ...extra };
}

function container(extra: Record<string, unknown>): Record<string, unknown> {
  return { name: "app", image: "nginx:1.27", ...extra };
}

type Grant = [IamRequirement["role"], string, string, string?];

interface ExpectedNeed {
  kind: NeedKind;
  target: string;
  network: unknown;
  iam: Grant[];
}

/** Needs of the given kinds as plain tuples, so expectations read as a table. */
function needsOf(derived: ReturnType<typeof deriveTaskNeeds>, kinds: NeedKind[]): ExpectedNeed[] {
  return derived.needs
    .filter((need) => kinds.includes(need.kind))
    .map((need) => ({
      kind: need.kind,
      target: need.target,
      network: need.network,
      iam: need.iam.map(
        (r): Grant =>
          r.grantResource === r.resource
            ? [r.role, r.action, r.resource]
            : [r.role, r.action, r.resource, r.grantResource],
      ),
    }));
}

const ecrPull = (arn: string): Grant[] => [
  ["execution", "ecr:GetAuthorizationToken", "*"],
  ["execution", "ecr:BatchCheckLayerAvailability", arn],
  ["execution", "ecr:GetDownloadUrlForLayer", arn],
  ["execution", "ecr:BatchGetImage", arn],
];

describe("deriveTaskNeeds", () => {
  describe("images", () => {
    const cases: { title: string; image: string; expected: ExpectedNeed[] }[] = [
      {
        title: "ECR image with a tag",
        image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.4.2`,
        expected: [
          {
            kind: "ecr-image",
            target: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/api`,
            network: { kind: "aws", services: ["ecr.api", "ecr.dkr"], region: "eu-west-1" },
            iam: ecrPull(`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/api`),
          },
          {
            kind: "ecr-layers",
            target: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*",
            network: { kind: "aws", services: ["s3"], region: "eu-west-1" },
            iam: [],
          },
        ],
      },
      {
        title: "ECR image with a digest",
        image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:${"a".repeat(64)}`,
        expected: [
          {
            kind: "ecr-image",
            target: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/api`,
            network: { kind: "aws", services: ["ecr.api", "ecr.dkr"], region: "eu-west-1" },
            iam: ecrPull(`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/api`),
          },
        ],
      },
      {
        title: "ECR image in another account and region",
        image: "444455556666.dkr.ecr.us-east-1.amazonaws.com/shared/base:latest",
        expected: [
          {
            kind: "ecr-image",
            target: "arn:aws:ecr:us-east-1:444455556666:repository/shared/base",
            network: { kind: "aws", services: ["ecr.api", "ecr.dkr"], region: "us-east-1" },
            iam: ecrPull("arn:aws:ecr:us-east-1:444455556666:repository/shared/base"),
          },
        ],
      },
      {
        title: "ECR image in China",
        image: `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/api:2`,
        expected: [
          {
            kind: "ecr-image",
            target: `arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/api`,
            network: { kind: "aws", services: ["ecr.api", "ecr.dkr"], region: "cn-north-1" },
            iam: ecrPull(`arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/api`),
          },
        ],
      },
      {
        title: "public.ecr.aws image (internet only)",
        image: "public.ecr.aws/nginx/nginx:1.27",
        expected: [
          {
            kind: "internet-image",
            target: "public.ecr.aws/nginx/nginx:1.27",
            network: { kind: "internet", host: "public.ecr.aws" },
            iam: [],
          },
        ],
      },
      {
        title: "Docker Hub image (internet only)",
        image: "bitnami/redis:7.2",
        expected: [
          {
            kind: "internet-image",
            target: "bitnami/redis:7.2",
            network: { kind: "internet", host: "registry-1.docker.io" },
            iam: [],
          },
        ],
      },
      {
        title: "GHCR image by digest (internet only)",
        image: `ghcr.io/org/app@sha256:${"b".repeat(64)}`,
        expected: [
          {
            kind: "internet-image",
            target: `ghcr.io/org/app@sha256:${"b".repeat(64)}`,
            network: { kind: "internet", host: "ghcr.io" },
            iam: [],
          },
        ],
      },
    ];
    for (const { title, image, expected } of cases) {
      it(title, () => {
        const derived = deriveTaskNeeds(facts([container({ image })]));
        const kinds = [...new Set(expected.map((need) => need.kind))];
        assert.deepEqual(needsOf(derived, kinds), expected);
      });
    }

    it("notes the cross-account repository policy and the cross-region path", () => {
      const derived = deriveTaskNeeds(
        facts([container({ image: "444455556666.dkr.ecr.us-east-1.amazonaws.com/shared/base:latest" })]),
      );
      const notes = derived.needs.find((need) => need.kind === "ecr-image")?.notes.join("\n") ?? "";
      assert.match(notes, /account 444455556666: its repository policy must also allow/);
      assert.match(notes, /in us-east-1 but the task runs in eu-west-1/);
    });
  });

  describe("secrets and parameters", () => {
    const secretArn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbC123`;
    const partialArn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db`;
    const cases: { title: string; valueFrom: string; expected: ExpectedNeed }[] = [
      {
        title: "full Secrets Manager ARN",
        valueFrom: secretArn,
        expected: {
          kind: "secretsmanager-secret",
          target: secretArn,
          network: { kind: "aws", services: ["secretsmanager"], region: "eu-west-1" },
          iam: [["execution", "secretsmanager:GetSecretValue", secretArn]],
        },
      },
      {
        title: "ARN with json-key, version stage and version id",
        valueFrom: `${secretArn}:password:AWSCURRENT:`,
        expected: {
          kind: "secretsmanager-secret",
          target: secretArn,
          network: { kind: "aws", services: ["secretsmanager"], region: "eu-west-1" },
          iam: [["execution", "secretsmanager:GetSecretValue", secretArn]],
        },
      },
      {
        title: "partial ARN without the random suffix",
        valueFrom: partialArn,
        expected: {
          kind: "secretsmanager-secret",
          target: partialArn,
          network: { kind: "aws", services: ["secretsmanager"], region: "eu-west-1" },
          iam: [
            ["execution", "secretsmanager:GetSecretValue", `${partialArn}-{secret-suffix}`, `${partialArn}-??????`],
          ],
        },
      },
      {
        title: "SSM parameter name with a path",
        valueFrom: "/prod/api/token",
        expected: {
          kind: "ssm-parameter",
          target: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/api/token`,
          network: { kind: "aws", services: ["ssm"], region: "eu-west-1" },
          iam: [["execution", "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/api/token`]],
        },
      },
      {
        title: "SSM parameter name without a slash",
        valueFrom: "api-token",
        expected: {
          kind: "ssm-parameter",
          target: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/api-token`,
          network: { kind: "aws", services: ["ssm"], region: "eu-west-1" },
          iam: [["execution", "ssm:GetParameters", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/api-token`]],
        },
      },
      {
        title: "SSM parameter ARN in another region",
        valueFrom: `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/shared/flag`,
        expected: {
          kind: "ssm-parameter",
          target: `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/shared/flag`,
          network: { kind: "aws", services: ["ssm"], region: "us-west-2" },
          iam: [["execution", "ssm:GetParameters", `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/shared/flag`]],
        },
      },
    ];
    for (const { title, valueFrom, expected } of cases) {
      it(title, () => {
        const derived = deriveTaskNeeds(facts([container({ secrets: [{ name: "X", valueFrom }] })]));
        assert.deepEqual(needsOf(derived, ["secretsmanager-secret", "ssm-parameter"]), [expected]);
      });
    }

    it("reads log driver secretOptions as secrets too", () => {
      const derived = deriveTaskNeeds(
        facts([
          container({
            logConfiguration: { logDriver: "splunk", secretOptions: [{ name: "t", valueFrom: secretArn }] },
          }),
        ]),
      );
      assert.deepEqual(
        derived.needs.map((need) => [need.kind, need.sources]),
        [
          ["internet-image", ["containerDefinitions[0].image"]],
          ["secretsmanager-secret", ["containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom"]],
        ],
      );
    });
  });

  describe("awslogs", () => {
    const group = (region: string) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:/ecs/api`;
    const cases: { title: string; options: Record<string, string>; expected: ExpectedNeed }[] = [
      {
        title: "log group in the task's region",
        options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" },
        expected: {
          kind: "awslogs",
          target: group("eu-west-1"),
          network: { kind: "aws", services: ["logs"], region: "eu-west-1" },
          iam: [
            [
              "execution",
              "logs:CreateLogStream",
              `${group("eu-west-1")}:log-stream:api/app/{task-id}`,
              `${group("eu-west-1")}:*`,
            ],
            [
              "execution",
              "logs:PutLogEvents",
              `${group("eu-west-1")}:log-stream:api/app/{task-id}`,
              `${group("eu-west-1")}:*`,
            ],
          ],
        },
      },
      {
        title: "awslogs-region different from the task's region, with awslogs-create-group",
        options: { "awslogs-group": "/ecs/api", "awslogs-region": "us-east-1", "awslogs-create-group": "true" },
        expected: {
          kind: "awslogs",
          target: group("us-east-1"),
          network: { kind: "aws", services: ["logs"], region: "us-east-1" },
          iam: [
            [
              "execution",
              "logs:CreateLogStream",
              `${group("us-east-1")}:log-stream:{container-id}`,
              `${group("us-east-1")}:*`,
            ],
            [
              "execution",
              "logs:PutLogEvents",
              `${group("us-east-1")}:log-stream:{container-id}`,
              `${group("us-east-1")}:*`,
            ],
            ["execution", "logs:CreateLogGroup", group("us-east-1")],
          ],
        },
      },
    ];
    for (const { title, options, expected } of cases) {
      it(title, () => {
        const derived = deriveTaskNeeds(facts([container({ logConfiguration: { logDriver: "awslogs", options } })]));
        assert.deepEqual(needsOf(derived, ["awslogs"]), [expected]);
      });
    }
  });

  it("awslogs of definitions rebuilt at preview: any stream of the group (prefix and container unknown)", () => {
    const options = { "awslogs-group": "/ecs/api", "awslogs-stream-prefix": "api" };
    const derived = deriveTaskNeeds(
      facts([container({ logConfiguration: { logDriver: "awslogs", options } })], { streamsUnknown: true }),
    );
    const streams = derived.needs.flatMap((need) => need.iam.map((requirement) => requirement.resource));
    assert.deepEqual(streams, [
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api:log-stream:{log-stream}`,
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/api:log-stream:{log-stream}`,
    ]);
  });

  it("environment files: s3:GetObject on the object, GetBucketLocation on the bucket", () => {
    const derived = deriveTaskNeeds(
      facts([container({ environmentFiles: [{ value: "arn:aws:s3:::config-bucket/api/prod.env", type: "s3" }] })]),
    );
    assert.deepEqual(needsOf(derived, ["environment-file"]), [
      {
        kind: "environment-file",
        target: "arn:aws:s3:::config-bucket/api/prod.env",
        network: { kind: "aws", services: ["s3"], region: "eu-west-1" },
        iam: [
          ["execution", "s3:GetObject", "arn:aws:s3:::config-bucket/api/prod.env"],
          ["execution", "s3:GetBucketLocation", "arn:aws:s3:::config-bucket"],
        ],
      },
    ]);
  });

  it("repositoryCredentials: a Secrets Manager secret plus the registry on the internet", () => {
    const credentials = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:dockerhub-Xy12Z9`;
    const derived = deriveTaskNeeds(
      facts([container({ image: "myorg/private:3", repositoryCredentials: { credentialsParameter: credentials } })]),
    );
    assert.deepEqual(needsOf(derived, ["registry-credentials", "internet-image"]), [
      {
        kind: "internet-image",
        target: "myorg/private:3",
        network: { kind: "internet", host: "registry-1.docker.io" },
        iam: [],
      },
      {
        kind: "registry-credentials",
        target: credentials,
        network: { kind: "aws", services: ["secretsmanager"], region: "eu-west-1" },
        iam: [["execution", "secretsmanager:GetSecretValue", credentials]],
      },
    ]);
  });

  it("EFS volumes: NFS to a mount target, ClientMount on the task role when IAM auth is on", () => {
    const fileSystemArn = `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123abcd`;
    const derived = deriveTaskNeeds(
      facts([container({})], {
        volumes: [
          {
            name: "data",
            efsVolumeConfiguration: { fileSystemId: "fs-0123abcd", authorizationConfig: { iam: "ENABLED" } },
          },
          { name: "scratch" },
        ],
      }),
    );
    assert.deepEqual(needsOf(derived, ["efs-volume"]), [
      {
        kind: "efs-volume",
        target: fileSystemArn,
        network: { kind: "nfs", fileSystemId: "fs-0123abcd" },
        iam: [["task", "elasticfilesystem:ClientMount", fileSystemArn]],
      },
    ]);
  });

  it("ECS Exec: ssmmessages endpoint and the task role's channel actions", () => {
    const derived = deriveTaskNeeds(facts([container({})], { enableExecuteCommand: true }));
    const exec = needsOf(derived, ["ecs-exec"]);
    assert.deepEqual(exec[0].network, { kind: "aws", services: ["ssmmessages"], region: "eu-west-1" });
    assert.deepEqual(
      exec[0].iam.map(([role, action, resource]) => `${role} ${action} ${resource}`),
      [
        "task ssmmessages:CreateControlChannel *",
        "task ssmmessages:CreateDataChannel *",
        "task ssmmessages:OpenControlChannel *",
        "task ssmmessages:OpenDataChannel *",
      ],
    );
  });

  it("regions opened after 2023-12-23 need the ECS control-plane endpoints", () => {
    const derived = deriveTaskNeeds(facts([container({})], { region: "mx-central-1" }));
    assert.deepEqual(needsOf(derived, ["ecs-control-plane"])[0].network, {
      kind: "aws",
      services: ["ecs", "ecs-agent", "ecs-telemetry"],
      region: "mx-central-1",
    });
  });

  it("takes the parsed array as well as the JSON string, and merges needs shared by containers", () => {
    const derived = deriveTaskNeeds({
      containerDefinitions: [
        { name: "api", image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/api:1` },
        { name: "worker", image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/api:2` },
      ],
      region: REGION,
      accountId: ACCOUNT,
    });
    const ecr = derived.needs.filter((need) => need.kind === "ecr-image");
    assert.equal(ecr.length, 1);
    assert.deepEqual(ecr[0].containers, ["api", "worker"]);
    assert.deepEqual(ecr[0].sources, ["containerDefinitions[0].image", "containerDefinitions[1].image"]);
  });

  it("records values not known at preview instead of guessing", () => {
    const derived = deriveTaskNeeds(
      facts([container({ image: UNKNOWN, secrets: [{ name: "A", valueFrom: UNKNOWN }] })]),
    );
    assert.deepEqual(derived.needs, []);
    assert.deepEqual(derived.unknownFields, [
      "containerDefinitions[0].image",
      "containerDefinitions[0].secrets[0].valueFrom",
    ]);
    assert.deepEqual(
      deriveTaskNeeds({ containerDefinitions: UNKNOWN, region: REGION, accountId: ACCOUNT }).unknownFields,
      ["containerDefinitions"],
    );
  });

  describe("malformed input names the field and what was expected", () => {
    const cases: { title: string; input: TaskDefinitionFacts; field: string; message: RegExp }[] = [
      {
        title: "invalid JSON",
        input: { containerDefinitions: "[{name:", region: REGION, accountId: ACCOUNT },
        field: "containerDefinitions",
        message: /containerDefinitions: expected valid JSON/,
      },
      {
        title: "an object instead of an array",
        input: { containerDefinitions: '{"name":"app"}', region: REGION, accountId: ACCOUNT },
        field: "containerDefinitions",
        message: /expected a JSON array of container definitions, got object/,
      },
      {
        title: "empty array",
        input: { containerDefinitions: "[]", region: REGION, accountId: ACCOUNT },
        field: "containerDefinitions",
        message: /expected at least one container definition/,
      },
      {
        title: "image of the wrong type",
        input: facts([{ name: "app", image: 42 }]),
        field: "containerDefinitions[0].image",
        message: /containerDefinitions\[0\]\.image: expected a non-empty string, got number/,
      },
      {
        title: "missing image",
        input: facts([{ name: "app" }]),
        field: "containerDefinitions[0].image",
        message: /expected a non-empty string/,
      },
      {
        title: "secrets not an array",
        input: facts([container({ secrets: { name: "x" } })]),
        field: "containerDefinitions[0].secrets",
        message: /expected an array, got object/,
      },
      {
        title: "valueFrom of another service",
        input: facts([container({ secrets: [{ name: "x", valueFrom: "arn:aws:s3:::bucket/key" }] })]),
        field: "containerDefinitions[0].secrets[0].valueFrom",
        message: /expected a Secrets Manager secret ARN, an SSM parameter ARN or an SSM parameter name/,
      },
      {
        title: "awslogs without a group",
        input: facts([
          container({ logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": REGION } } }),
        ]),
        field: "containerDefinitions[0].logConfiguration.options.awslogs-group",
        message: /awslogs-group: expected a non-empty string/,
      },
      {
        title: "environment file that is not an S3 object ARN",
        input: facts([container({ environmentFiles: [{ value: "s3://bucket/key.env", type: "s3" }] })]),
        field: "containerDefinitions[0].environmentFiles[0].value",
        message: /expected an S3 object ARN/,
      },
      {
        title: "bad region",
        input: { containerDefinitions: "[]", region: "Ireland", accountId: ACCOUNT },
        field: "region",
        message: /region: expected an AWS region name/,
      },
    ];
    for (const { title, input, field, message } of cases) {
      it(title, () => {
        assert.throws(
          () => deriveTaskNeeds(input),
          (error: unknown) =>
            error instanceof TaskDefinitionError && error.field === field && message.test(error.message),
        );
      });
    }
  });
});

describe("endpoint service names per partition", () => {
  const cases: [Parameters<typeof endpointServiceName>[0], string, string][] = [
    ["ecr.dkr", "eu-west-1", "com.amazonaws.eu-west-1.ecr.dkr"],
    ["ecr.api", "cn-north-1", "cn.com.amazonaws.cn-north-1.ecr.api"],
    ["logs", "cn-northwest-1", "com.amazonaws.cn-northwest-1.logs"],
    ["s3", "cn-north-1", "com.amazonaws.cn-north-1.s3"],
    ["secretsmanager", "us-gov-west-1", "com.amazonaws.us-gov-west-1.secretsmanager"],
  ];
  for (const [service, region, expected] of cases) {
    it(`${service} in ${region} is ${expected}`, () => {
      assert.equal(endpointServiceName(service, region), expected);
      assert.deepEqual(parseEndpointServiceName(expected), { service, region });
    });
  }
});
