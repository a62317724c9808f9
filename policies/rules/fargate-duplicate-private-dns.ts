import { parseEndpointServiceName } from "../../model";
import { label } from "../analysis/label";
import type { VpcEndpoint } from "../stack/model";
import { known } from "../stack/values";
import { code, finding, Finding, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-DUPLICATE-PRIVATE-DNS",
  description: "At most one interface endpoint per AWS service per VPC has private DNS enabled.",
  explanation:
    "Private DNS creates a private hosted zone for the service's host name; a second endpoint with private DNS in the same VPC fails to create (conflicting hosted zone), so the deployment stops half-way.",
  fix: "Share one endpoint per service per VPC (FargateEndpointSet existingEndpoints), or set privateDnsEnabled: false on the extra one.",
  defaultLevel: "mandatory",
  docs: {
    example: "duplicate-private-dns",
    failing: code`
      // A platform module already made a logs endpoint with private DNS in this VPC.
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        services: ["ecr", "logs"],
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        services: ["ecr", "logs"],
        existingEndpoints: { logs: platformLogsEndpoint.id },
      });
    `,
  },
  check: (analysis) => {
    const byVpcAndService = new Map<string, VpcEndpoint[]>();
    for (const endpoint of analysis.model.endpoints.values()) {
      if (endpoint.privateDns === false || endpoint.type === "Gateway" || !known(endpoint.serviceName)) continue;
      const vpc = endpoint.vpc?.urn ?? endpoint.vpc?.value;
      if (!vpc) continue;
      const key = `${vpc}\u0000${endpoint.serviceName}`;
      byVpcAndService.set(key, [...(byVpcAndService.get(key) ?? []), endpoint]);
    }
    const findings: Finding[] = [];
    for (const endpoints of byVpcAndService.values()) {
      if (endpoints.length < 2) continue;
      const [first, ...extra] = [...endpoints].sort(
        (a, b) => Number(b.privateDns === true) - Number(a.privateDns === true),
      );
      for (const endpoint of extra) {
        const service = endpoint.serviceName as string;
        const both = `Interface endpoints ${label(analysis.model, first.urn)} and ${label(analysis.model, endpoint.urn)}`;
        if (first.privateDns !== true || endpoint.privateDns !== true) {
          findings.push(
            finding("FARGATE-UNKNOWN", endpoint.urn, {
              problem: `${both} are both for ${service} in the same VPC and privateDnsEnabled of one is computed at preview: if both enable private DNS, the second fails to create.`,
            }),
          );
          continue;
        }
        findings.push(
          finding("FARGATE-DUPLICATE-PRIVATE-DNS", endpoint.urn, {
            problem: `${both} both enable private DNS for ${service} in the same VPC.`,
            consequence: {
              kind: "outcome",
              text: `The second one fails to create: a private hosted zone for ${parseEndpointServiceName(service)?.service ?? "the service"} already exists in the VPC (conflicting domain).`,
            },
            fixes: [{ kind: "share-endpoint", extra: label(analysis.model, endpoint.urn) }],
          }),
        );
      }
    }
    return findings;
  },
};
