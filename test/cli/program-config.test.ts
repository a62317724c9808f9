/** Stack config reaches the program as the engine passes it: every YAML type, project defaults, secrets. */
import { strict as assert } from "assert";
import * as yaml from "js-yaml";
import { OFFLINE_SECRET, readStackConfig } from "../../cli/program";

describe("stack config of every YAML type", () => {
  it("passes strings as they are and lists, objects, numbers and booleans as JSON text", () => {
    const stack = yaml.load(`
aws:region: eu-west-1
shop:services:
  - ecr
  - logs
shop:limits:
  cpu: 256
  tags: { team: payments }
shop:replicas: 3
shop:public: false
`);
    const { config } = readStackConfig(undefined, stack, "shop");
    assert.deepEqual(config, {
      "aws:region": "eu-west-1",
      "shop:services": '["ecr","logs"]',
      "shop:limits": '{"cpu":256,"tags":{"team":"payments"}}',
      "shop:replicas": "3",
      "shop:public": "false",
    });
    assert.deepEqual(JSON.parse(config["shop:services"]), ["ecr", "logs"]);
  });

  it("applies the project's declared defaults, overridden by the stack, and namespaces bare keys", () => {
    const project = yaml.load(`
aws:region: us-east-1
size: { type: string, default: small }
zones: { type: array, default: [a, b] }
`);
    const { config } = readStackConfig(project, { size: "large" }, "shop");
    assert.deepEqual(config, { "aws:region": "us-east-1", "shop:size": "large", "shop:zones": '["a","b"]' });
  });

  it("replaces secure values, which cannot be decrypted offline, and names them", () => {
    const { config, secretKeys } = readStackConfig(undefined, { "shop:dbPassword": { secure: "v1:abc" } }, "shop");
    assert.equal(config["shop:dbPassword"], OFFLINE_SECRET);
    assert.deepEqual(secretKeys, ["shop:dbPassword"]);
  });
});
