// The component provider the engine runs (PulumiPlugin.yaml): `pulumi package add` starts it,
// reads the schema inferred from the components' TypeScript types, and generates SDKs for
// Python, Go, .NET, Java and YAML.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { FargateEndpointSet } from "../components/endpoint-set";
import { FargateExecutionRole } from "../components/execution-role";

void componentProviderHost({
  components: [FargateEndpointSet, FargateExecutionRole],
  name: "fargate-preflight",
  dirname: __dirname,
});
