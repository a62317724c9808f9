/**
 * The component package's schema, as `pulumi package add` would read it. `npm run schema`
 * writes it to test/fixtures/provider-schema.json; a test fails when the public API changes
 * without that file being regenerated on purpose.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { FargateEndpointSet } from "../components/endpoint-set";
import { FargateExecutionRole } from "../components/execution-role";

export const PROVIDER_DIR = path.join(__dirname, "..", "provider");
export const PINNED_SCHEMA = path.join(__dirname, "..", "test", "fixtures", "provider-schema.json");

export function componentProvider(): ComponentProvider {
  return new ComponentProvider({
    components: [FargateEndpointSet, FargateExecutionRole],
    name: "fargate-preflight",
    dirname: PROVIDER_DIR,
  });
}

if (require.main === module) {
  componentProvider()
    .getSchema()
    .then((schema) => {
      fs.writeFileSync(PINNED_SCHEMA, `${JSON.stringify(JSON.parse(schema), null, 2)}\n`);
      console.log(`wrote ${PINNED_SCHEMA}`);
    });
}
