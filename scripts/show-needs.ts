/**
 * Prints the start-up needs of a task definition file and the endpoints they call for:
 * `npm run needs -- examples/task-definitions/secrets-app.json`.
 */
import * as fs from "fs";
import { AWS_SERVICES, deriveTaskNeeds, endpointServiceName, NEED_KINDS, TaskDefinitionError } from "../model";

function main(file: string | undefined): number {
  if (!file) {
    console.error(
      "usage: npm run needs -- <task-definition.json>  (fields: region, accountId, containerDefinitions, volumes)",
    );
    return 2;
  }
  const input = JSON.parse(fs.readFileSync(file, "utf8"));
  let derived;
  try {
    derived = deriveTaskNeeds(input);
  } catch (error) {
    if (error instanceof TaskDefinitionError) {
      console.error(`${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const endpoints = new Set<string>();
  for (const need of derived.needs) {
    console.log(`${NEED_KINDS[need.kind].title}: ${need.target}`);
    console.log(`  from      ${need.sources.join(", ")}`);
    if (need.network.kind === "aws") {
      const sameRegion = need.network.region === input.region;
      for (const service of need.network.services) {
        const name = endpointServiceName(service, need.network.region);
        if (sameRegion) endpoints.add(`${name} (${AWS_SERVICES[service].endpointType})`);
        console.log(`  network   ${name}${sameRegion ? "" : " (other region: internet path only)"}`);
      }
    } else if (need.network.kind === "internet") {
      console.log(`  network   internet: ${need.network.host}`);
    } else if (need.network.kind === "nfs") {
      console.log(`  network   NFS 2049 to ${need.network.fileSystemId}`);
    }
    for (const grant of need.iam)
      console.log(`  iam       ${grant.role} role: ${grant.action} on ${grant.grantResource}`);
    for (const note of need.notes) console.log(`  note      ${note}`);
  }
  console.log(`\nEndpoints a private subnet without NAT needs:\n${[...endpoints].map((e) => `  ${e}`).join("\n")}`);
  return 0;
}

process.exitCode = main(process.argv[2]);
