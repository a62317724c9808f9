import { strict as assert } from "assert";
import { offlineBlindSpots } from "../cli/main";
import { referenceStack } from "./fixtures/stacks";

describe("offline blind spots", () => {
  it("warns about components implemented by a provider plugin (awsx) and about stacks without a service", () => {
    const resources = [
      { type: "awsx:ec2:Vpc", urn: "urn:pulumi:dev::shop::awsx:ec2:Vpc::shop", name: "shop", properties: {} },
      {
        type: "aws:ecr/repository:Repository",
        urn: "urn:pulumi:dev::shop::aws:ecr/repository:Repository::api",
        name: "api",
        properties: {},
      },
    ];
    const warnings = offlineBlindSpots(resources);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^awsx:ec2:Vpc shop is a component implemented by a provider plugin/);
    assert.match(warnings[1], /no aws.ecs.Service was registered/);
  });

  it("says nothing for a stack of aws resources and local components", () => {
    assert.deepEqual(offlineBlindSpots(referenceStack("preview").resources), []);
  });
});
