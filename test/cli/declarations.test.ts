/** SARIF points at the line that declares the offending resource, not at line 1 of index.ts. */
import { strict as assert } from "assert";
import { declarationSite } from "../../cli/declarations";

const STACK = `Error
    at Object.registerResource (/app/node_modules/@pulumi/pulumi/runtime/resource.js:400:9)
    at new Resource (/app/node_modules/@pulumi/pulumi/resource.js:302:13)
    at new Service (/app/node_modules/@pulumi/aws/ecs/service.js:80:9)
    at new FargateEndpointSet (/app/node_modules/fargate-preflight/dist/components/endpoint-set.js:40:5)
    at new FargateEndpointSet (/repo/components/endpoint-set.ts:120:7)
    at network (/app/infra/network.ts:31:15)
    at Object.<anonymous> (/app/index.ts:12:1)
    at Module._compile (node:internal/modules/cjs/loader:1364:14)`;

describe("declaration sites", () => {
  it("skip @pulumi's and fargate-preflight's own frames: the user's line that declares the resource", () => {
    assert.deepEqual(declarationSite(STACK, ["/repo/components"]), {
      file: "/app/infra/network.ts",
      line: 31,
      column: 15,
    });
  });

  it("are unknown when no frame is the program's", () => {
    assert.equal(declarationSite(STACK.split("\n").slice(0, 4).join("\n"), []), undefined);
  });
});
