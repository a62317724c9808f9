/** Starts a component provider the way the engine does and asks it for its schema over gRPC. */
import { spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";

export async function schemaOverGrpc(pluginDir: string, timeoutMs = 120000): Promise<Record<string, unknown>> {
  const directory = path.resolve(pluginDir);
  const child = spawn(
    process.execPath,
    [require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [directory] }), ".", "127.0.0.1:0"],
    {
      cwd: directory,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => reject(new Error(`no port within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split("\n")[0].trim();
        if (stdout.includes("\n")) {
          clearTimeout(timer);
          if (/^\d+$/.test(line)) resolve(Number(line));
          else reject(new Error(`plugin printed ${JSON.stringify(line)} before its port\n${stderr}`));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`plugin exited with ${code}\n${stderr}`));
      });
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const response = await new Promise<providerPb.GetSchemaResponse>((resolve, reject) =>
      client.getSchema(
        new providerPb.GetSchemaRequest(),
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    client.close();
    return JSON.parse(response.getSchema());
  } finally {
    child.kill();
  }
}
