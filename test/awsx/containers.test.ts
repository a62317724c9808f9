/**
 * What awsx.ecs.FargateTaskDefinition computes from its containers, against the provider:
 * the task sizes its calculateFargateMemoryAndCPU picks, its port mapping rule, the JSON of the
 * recorded `pulumi up` of pulumi-awsx examples/ts-lb-simple (provider/testdata/recorded/
 * TestProviderUpgrade/ts-lb-simple/1.0.6/grpc.json), and the attachment name hash.
 */
import { strict as assert } from "assert";
import {
  asProviderReceives,
  containerDefinition,
  fargateTaskSize,
  logGroupFromArn,
  portMapping,
  serviceLoadBalancers,
  sha1Prefix,
} from "../../engine/simulator/awsx/containers";

describe("awsx.ecs.FargateTaskDefinition containers", () => {
  it("before 2.11.0 awsx cut a request beyond the largest size down to it; from then on it fails", () => {
    const oversize = [{ cpu: 20 * 1024, memory: 1024 }];
    assert.deepEqual(fargateTaskSize(oversize, { largestVcpu: 16, clampOversize: true }), {
      cpu: "16384",
      memory: "32768",
    });
    assert.throws(() => fargateTaskSize(oversize, { largestVcpu: 16 }), /at most 16 vCPU/);
  });

  it("picks the smallest Fargate size that holds the containers (awsx/ecs/fargateMemoryAndCpu.ts)", () => {
    const size = (containers: Parameters<typeof fargateTaskSize>[0], largestVcpu = 32) =>
      fargateTaskSize(containers, { largestVcpu });
    assert.deepEqual(size([{}]), { cpu: "256", memory: "512" });
    assert.deepEqual(size([{ cpu: 512, memory: 128 }]), { cpu: "512", memory: "1024" });
    assert.deepEqual(size([{ cpu: 128, memory: 512 }]), { cpu: "256", memory: "512" });
    assert.deepEqual(size([{ memory: 1024 }]), { cpu: "256", memory: "1024" });
    assert.deepEqual(size([{ cpu: 1024 }]), { cpu: "1024", memory: "2048" });
    assert.deepEqual(size([{ cpu: 2048, memory: 3000 }]), { cpu: "2048", memory: "4096" });
    assert.deepEqual(
      size([
        { cpu: 256, memory: 512 },
        { cpu: 256, memory: 512 },
      ]),
      { cpu: "512", memory: "1024" },
    );
    // The soft limit counts, not the hard one (which then exceeds the task: AWS refuses it).
    assert.deepEqual(size([{ memoryReservation: 256, memory: 4096 }]), { cpu: "256", memory: "512" });
    assert.deepEqual(size([{ cpu: 20 * 1024 }]), { cpu: "32768", memory: "61440" });
    // Before 3.7.0 the largest task had 16 vCPU.
    assert.throws(() => size([{ cpu: 20 * 1024 }], 16), /at most 16 vCPU/);
  });

  it("rebuilds port mappings: the target group's port fills a missing container or host port", () => {
    assert.deepEqual(
      JSON.stringify(portMapping({ containerPort: 80 }, undefined)),
      '{"containerPort":80,"hostPort":80}',
    );
    assert.deepEqual(JSON.stringify(portMapping({}, 80)), '{"containerPort":80,"hostPort":80}');
    // Host 80 beside container 8080: awsvpc refuses it when the task definition registers.
    assert.deepEqual(JSON.stringify(portMapping({ containerPort: 8080 }, 80)), '{"containerPort":8080,"hostPort":80}');
  });

  it("writes the container JSON of the recorded ts-lb-simple deployment, byte for byte", () => {
    // The program's container, as examples/ts-lb-simple writes it (its name inside).
    const container = {
      name: "nginx",
      image: "nginx:latest",
      cpu: 512,
      memory: 128,
      essential: true,
      portMappings: [{ containerPort: 80 }],
    };
    const definition = containerDefinition("nginx", container, [portMapping({ containerPort: 80 }, undefined)], {
      name: "my-service-f225d7d",
      region: "us-west-2",
    });
    assert.equal(
      JSON.stringify([definition]),
      '[{"cpu":512,"essential":true,"image":"nginx:latest","memory":128,"name":"nginx","portMappings":[{"containerPort":80,"hostPort":80}],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"my-service-f225d7d","awslogs-region":"us-west-2","awslogs-stream-prefix":"nginx"}}}]',
    );
  });

  it("keeps a log configuration the container has, and sorts nested keys as the provider receives them", () => {
    const own = { logDriver: "awsfirelens", options: { b: "2", a: "1" } };
    const definition = containerDefinition("api", { logConfiguration: own, image: "x" }, undefined, {
      name: "g",
      region: "r",
    });
    assert.equal(
      JSON.stringify(definition),
      '{"image":"x","logConfiguration":{"logDriver":"awsfirelens","options":{"a":"1","b":"2"}},"name":"api"}',
    );
    assert.deepEqual(asProviderReceives({ b: [{ d: 1, c: undefined }], a: 1 }), { a: 1, b: [{ d: 1 }] });
  });

  it("names the execution policy attachment with the first 8 hex digits of SHA-1 of the policy ARN (recorded: 9a42f520)", () => {
    assert.equal(sha1Prefix("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"), "9a42f520");
  });

  it("lists a service load balancer per mapping with a target group, on the target group's port", () => {
    assert.deepEqual(
      serviceLoadBalancers([
        { containerName: "web", targetGroupArn: "arn:tg", targetGroupPort: 80 },
        { containerName: "sidecar" },
      ]),
      [{ containerName: "web", containerPort: 80, targetGroupArn: "arn:tg" }],
    );
  });

  it("reads an existing log group's name and region from its ARN", () => {
    assert.deepEqual(logGroupFromArn("arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/api"), {
      name: "/ecs/api",
      region: "eu-west-1",
    });
    assert.throws(() => logGroupFromArn("arn:aws:s3:::bucket"), /not a log group ARN/);
  });
});
