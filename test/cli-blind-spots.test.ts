import { strict as assert } from "assert";
import { offlineBlindSpots } from "../cli/run-program";
import { referenceStack } from "./fixtures/stacks";

describe("offline blind spots", () => {
  it("warns about stacks without a service; a component of a provider plugin is no warning (the run refuses it, exit 4)", () => {
    const resources = [
      {
        type: "awsx:ec2:Vpc",
        urn: "urn:pulumi:dev::shop::awsx:ec2:Vpc::shop",
        name: "shop",
        properties: {},
        dependencies: [],
        propertyDependencies: {},
      },
      {
        type: "aws:ecr/repository:Repository",
        urn: "urn:pulumi:dev::shop::aws:ecr/repository:Repository::api",
        name: "api",
        properties: {},
        dependencies: [],
        propertyDependencies: {},
      },
    ];
    const warnings = offlineBlindSpots(resources);
    assert.deepEqual(warnings, ["no aws.ecs.Service was registered: there is no Fargate service to check"]);
  });

  it("says nothing for a stack of aws resources and local components", () => {
    assert.deepEqual(offlineBlindSpots(referenceStack("preview").resources), []);
  });
});
