/**
 * Start-up faults beyond network and IAM (issue 23): each breaks one thing a task definition
 * or service must get right to start (size, compatibility, platform version, FireLens, secret
 * values, images, subnets, roles, capacity providers), in stacks correct in every other way.
 */
import { jsonOf, out, StackBuilder, StackForm } from "../fixtures/builder";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { Json, literalContainer, literalStack, secretValueFrom, withSecretValue } from "../fixtures/startup-stacks";
import { withEfs, withExecutionStatements, withTaskRole } from "../fixtures/variants";
import type { Fault } from "./faults";

const CREDENTIALS = { username: "ci-bot", password: "t0k3n" };

/** The reference container reading the secret's JSON key and pulling with it as registry credentials. */
function startupContainers(b: StackBuilder): Json[] {
  const container = literalContainer(b);
  (container.secrets as Json[])[0].valueFrom = secretValueFrom(b, ":password::");
  container.repositoryCredentials = { credentialsParameter: secretValueFrom(b, "") };
  return [container];
}

/**
 * The reference with container definitions known at preview, a secret value of the stack read by
 * JSON key and used as registry credentials, a task role, and a cluster whose FARGATE and
 * FARGATE_SPOT providers the service's strategy uses.
 */
export function startupStack(form: StackForm): StackBuilder {
  const b = literalStack(form, (containers, b) => containers.splice(0, containers.length, ...startupContainers(b)));
  withSecretValue(b, JSON.stringify(CREDENTIALS));
  // The execution role may write any group under /ecs, so a log group fault is only that.
  withExecutionStatements(b, (statements) => [
    ...statements,
    {
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/*`,
    },
  ]);
  withTaskRole(b, [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
  const cluster = b.add(
    "aws:ecs/cluster:Cluster",
    "shop",
    {},
    { id: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-x" },
  );
  b.add(
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    "shop-providers",
    { clusterName: out(cluster, "name"), capacityProviders: ["FARGATE", "FARGATE_SPOT"] },
    { id: "shop-x" },
  );
  b.patch("api-service", (p) => {
    delete p.launchType;
    p.capacityProviderStrategies = [{ capacityProvider: "FARGATE", weight: 1 }];
  });
  return b.set("api-service", { cluster: out(cluster) });
}

/** The reference whose image the stack builds for linux/amd64 (@pulumi/docker). */
export function builtImageStack(form: StackForm, platform = "linux/amd64"): StackBuilder {
  return literalStack(form, (containers, b) => {
    const imageName = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:1.0.0`;
    const image = b.add(
      "docker:index/image:Image",
      "api-image",
      { imageName, build: { context: "./app", platform } },
      { id: imageName, imageName },
    );
    containers[0].image = out(image, "imageName");
  });
}

/** Writes the startup stack's containers again, changed by `edit`. */
const setContainers = (b: StackBuilder, edit: (containers: Json[], b: StackBuilder) => void): StackBuilder => {
  const containers = startupContainers(b);
  edit(containers, b);
  return b.set("api-task", { containerDefinitions: jsonOf(containers) });
};

const secretValue = (value: unknown) => (b: StackBuilder) =>
  b.patch("db-secret-value", (p) => (p.secretString = { ...(p.secretString as Json), value: JSON.stringify(value) }));

export function startupFaults(): Fault[] {
  const stack = "startup";
  const fault = (
    link: string,
    build: (form: StackForm) => StackBuilder,
    expected: string[],
    forms?: StackForm[],
  ): Fault => ({
    stack,
    link,
    build,
    expected,
    ...(forms ? { forms } : {}),
  });
  return [
    fault("task memory 256 with cpu 256", (f) => startupStack(f).patch("api-task", (p) => (p.memory = "256")), [
      "FARGATE-TASK-SIZE api-task",
    ]),
    fault("task-level cpu", (f) => startupStack(f).patch("api-task", (p) => delete p.cpu), [
      "FARGATE-TASK-SIZE api-task",
    ]),
    fault("container memory within the task's", (f) => setContainers(startupStack(f), (c) => (c[0].memory = 4096)), [
      "FARGATE-TASK-SIZE api-task",
    ]),
    fault("networkMode awsvpc", (f) => startupStack(f).patch("api-task", (p) => delete p.networkMode), [
      "FARGATE-COMPATIBILITY api-task",
    ]),
    fault(
      "networkConfiguration of the service",
      (f) => startupStack(f).patch("api-service", (p) => delete p.networkConfiguration),
      ["FARGATE-COMPATIBILITY api-service"],
    ),
    fault(
      "FARGATE in requiresCompatibilities",
      (f) => startupStack(f).patch("api-task", (p) => (p.requiresCompatibilities = ["EC2"])),
      // The strategy's FARGATE provider needs a Fargate task definition, and so does its size.
      ["FARGATE-COMPATIBILITY api-task"],
    ),
    fault("an unprivileged container", (f) => setContainers(startupStack(f), (c) => (c[0].privileged = true)), [
      "FARGATE-COMPATIBILITY api-task",
    ]),
    fault(
      "a platform version that is not retired",
      (f) => startupStack(f).patch("api-service", (p) => (p.platformVersion = "1.2.0")),
      ["FARGATE-PLATFORM-VERSION api-service"],
    ),
    fault(
      "a platform version that exists",
      (f) => startupStack(f).patch("api-service", (p) => (p.platformVersion = "1.4")),
      ["FARGATE-PLATFORM-VERSION api-service"],
    ),
    fault(
      "the log router of an awsfirelens container",
      (f) =>
        setContainers(
          startupStack(f),
          (c) => (c[0].logConfiguration = { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } }),
        ),
      ["FARGATE-FIRELENS api-task"],
    ),
    fault(
      "the JSON key the task reads, in the secret's value",
      (f) => secretValue({ ...CREDENTIALS, password: undefined, token: "t0k3n" })(startupStack(f)),
      ["FARGATE-REGISTRY-CREDENTIALS db-secret-value", "FARGATE-SECRET-VALUE api-task"],
    ),
    fault(
      "the colons after the JSON key",
      (f) =>
        setContainers(
          startupStack(f),
          (c, b) => ((c[0].secrets as Json[])[0].valueFrom = secretValueFrom(b, ":password")),
        ),
      ["FARGATE-SECRET-VALUE api-task"],
    ),
    fault("the username of the registry credentials", (f) => secretValue({ password: "t0k3n" })(startupStack(f)), [
      "FARGATE-REGISTRY-CREDENTIALS db-secret-value",
    ]),
    fault(
      "the trust of the task role",
      (f) =>
        startupStack(f).patch(
          "task-role",
          (p) =>
            (p.assumeRolePolicy = JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
              ],
            })),
        ),
      ["FARGATE-TASK-ROLE task-role"],
    ),
    fault(
      "the image reference's single tag",
      (f) =>
        setContainers(
          startupStack(f),
          (c) => (c[0].image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:1.0.0:latest`),
        ),
      ["FARGATE-IMAGE-REFERENCE api-task"],
    ),
    fault("the capacity providers of the cluster", (f) => startupStack(f).remove("shop-providers"), [
      "FARGATE-CAPACITY-PROVIDER api-service",
    ]),
    fault(
      "FARGATE among the cluster's capacity providers",
      (f) => startupStack(f).patch("shop-providers", (p) => (p.capacityProviders = ["FARGATE_SPOT"])),
      ["FARGATE-CAPACITY-PROVIDER api-service"],
    ),
    fault(
      "room in the subnets",
      (f) =>
        startupStack(f)
          .patch("private-a", (p) => (p.cidrBlock = "10.0.1.0/28"))
          .patch("private-b", (p) => (p.cidrBlock = "10.0.2.0/28"))
          .patch("api-service", (p) => (p.desiredCount = 8)),
      ["FARGATE-SUBNET-ADDRESSES api-service"],
    ),
    fault(
      "a log group this preview can find (not named after a cluster it creates)",
      (f) =>
        setContainers(startupStack(f), (c, b) => {
          const options = (c[0].logConfiguration as { options: Json }).options;
          options["awslogs-group"] = out(b.handle("shop"), "name", (name) => `/ecs/${name}`);
        }),
      ["FARGATE-LOG-GROUP api-task"],
      // Once the cluster exists, a group of that name may have been made by hand: an advisory then.
      ["preview"],
    ),
    // Redundant: FARGATE_SPOT is associated but unused, and a second label beside AWSCURRENT changes nothing.
    fault(
      "FARGATE_SPOT among the cluster's capacity providers",
      (f) => startupStack(f).patch("shop-providers", (p) => (p.capacityProviders = ["FARGATE"])),
      [],
    ),
    fault(
      "the only staging label of the secret value",
      (f) => startupStack(f).patch("db-secret-value", (p) => (p.versionStages = ["AWSCURRENT", "release-7"])),
      [],
    ),
    {
      stack: "image",
      link: "the image's platform",
      build: (f) => builtImageStack(f, "linux/arm64"),
      expected: ["FARGATE-IMAGE-PLATFORM api-image"],
    },
    {
      stack: "efs",
      link: "the file system policy's room for the task role",
      build: efsWithPolicy,
      expected: ["FARGATE-EFS-IAM task-role"],
      // The volume names the file system by id: only a file system that exists has it.
      forms: ["deployed"],
    },
  ];
}

/** A file system of the stack whose policy lets only the backup role mount, beside the EFS volume of withEfs. */
function efsWithPolicy(form: StackForm): StackBuilder {
  const b = withEfs(startupStack(form));
  b.patch("task-role", (p) => {
    p.inlinePolicies = [
      {
        name: "task",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "elasticfilesystem:ClientMount", Resource: "*" }],
        }),
      },
    ];
  });
  const fileSystem = b.add("aws:efs/fileSystem:FileSystem", "efs", { encrypted: true }, { id: "fs-0123abcd" });
  b.add(
    "aws:efs/fileSystemPolicy:FileSystemPolicy",
    "efs-policy",
    {
      fileSystemId: out(fileSystem),
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "elasticfilesystem:ClientMount",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/backup` } },
          },
        ],
      }),
    },
    { id: "fs-0123abcd" },
  );
  return b;
}

export const STARTUP_BASELINES = {
  startup: (form: StackForm) => startupStack(form),
  image: (form: StackForm) => builtImageStack(form),
  efs: (form: StackForm) => efsWithPolicy(form).remove("efs-policy"),
};
