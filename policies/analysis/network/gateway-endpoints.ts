/**
 * The S3 gateway endpoint: a prefix-list route on the route tables it is associated with. Its
 * traffic is the task's to S3's public addresses, so a more specific public route, the task
 * security groups, network ACLs and the endpoint policy all stand on its path.
 */
import { endpointServiceName, EndpointCall, parseCidr, prefixLength, publicAddressSpace } from "../../../model";
import type { RouteTable, StackModel, VpcEndpoint } from "../../stack/model";
import { Fact, known } from "../../stack/values";
import { label } from "../label";
import { EndpointReach, endpointPolicyAllows, endpointsInVpc, possiblyAnEndpoint } from "./endpoints";
import { dnsOff, taskGroupsCheck } from "./internet";
import { naclAllows } from "./nacls";
import { Placement, Reach, reachable, unknown, unreachable } from "./reach";
import { routeTableForSubnet } from "./routes";
import { sameRef } from "./security-groups";

/**
 * A static route for public addresses with a prefix longer than this may be more specific
 * than some of S3's ranges, and then wins over the gateway endpoint's prefix-list route
 * (longest prefix first, https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
 * S3's published ranges (https://ip-ranges.amazonaws.com/ip-ranges.json) are far narrower than /8.
 */
const WIDEST_S3_RANGE_PREFIX = 8;

export function gatewayEndpointReach(
  model: StackModel,
  placement: Placement,
  requests: readonly EndpointCall[],
): EndpointReach {
  const found = gatewayOnRoute(model, placement);
  if ("reach" in found) return { reach: found.reach, onPath: false };
  return { reach: throughGateway(model, placement, found.endpoint, found.table, requests), onPath: true };
}

/** The S3 gateway endpoint whose route is on the subnet's table, or why there is none. */
function gatewayOnRoute(
  model: StackModel,
  placement: Placement,
): { reach: Reach } | { endpoint: VpcEndpoint; table: RouteTable } {
  const noDns = dnsOff(model, placement.vpc);
  if (noDns) return { reach: noDns };
  const serviceName = endpointServiceName("s3", placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Gateway");
  const tableLookup = routeTableForSubnet(model, placement.subnet);
  if (endpoints.length === 0) {
    if (possible) return { reach: possiblyAnEndpoint(model, possible, serviceName) };
    return {
      reach: unreachable(
        `no S3 gateway endpoint (${serviceName}) in the task's VPC`,
        { kind: "add-endpoint", service: "s3", serviceName },
        placement.service.urn,
        "absent",
      ),
    };
  }
  if (tableLookup.kind === "unknown") return { reach: unknown(tableLookup.why, placement.subnet.urn) };
  if (tableLookup.kind === "implicit-main") {
    return {
      reach: unreachable(
        `subnet ${label(model, placement.subnet.urn)} uses the VPC's implicit main route table, which no S3 gateway endpoint is associated with`,
        { kind: "associate-route-table" },
        placement.subnet.urn,
      ),
    };
  }
  const table = tableLookup.table;
  const associated = endpoints.find((endpoint) =>
    endpoint.routeTables.some((ref) => sameRef(ref, { urn: table.urn, value: table.id }, model)),
  );
  if (!associated) {
    const computed = endpoints.find((endpoint) => endpoint.listsUnknown.includes("routeTableIds"));
    if (computed)
      return {
        reach: unknown(
          `the route tables of S3 gateway endpoint ${label(model, computed.urn)} are computed at preview`,
          computed.urn,
        ),
      };
    return {
      reach: unreachable(
        `S3 gateway endpoint ${label(model, endpoints[0].urn)} is not associated with route table ${label(model, table.urn)} of subnet ${label(model, placement.subnet.urn)}`,
        { kind: "add-route-table-to-gateway", table: label(model, table.urn), via: { input: "routeTableIds" } },
        endpoints[0].urn,
      ),
    };
  }
  return { endpoint: associated, table };
}

function throughGateway(
  model: StackModel,
  placement: Placement,
  associated: VpcEndpoint,
  table: RouteTable,
  requests: readonly EndpointCall[],
): Reach {
  const narrower = narrowPublicRoute(model, placement, table.routes);
  if (narrower) return narrower;
  const groups = taskGroupsCheck(
    model,
    placement,
    { name: "S3", ranges: publicAddressSpace(), groups: [], s3: true },
    "the S3 prefix list or 0.0.0.0/0",
  );
  if (groups) return groups;
  const acl = naclAllows(model, placement.subnet, { name: "S3", ranges: publicAddressSpace() }, "client");
  if (acl) return acl;
  const policy = endpointPolicyAllows(model, associated, requests);
  if (policy) return policy;
  return reachable(`S3 gateway endpoint ${label(model, associated.urn)} on route table ${label(model, table.urn)}`);
}

/** A static public route specific enough to take some S3 traffic away from the gateway endpoint. */
function narrowPublicRoute(
  model: StackModel,
  placement: Placement,
  routes: readonly { destination: Fact<string>; declaredBy: string }[],
): Reach | undefined {
  const publicSpace = publicAddressSpace();
  for (const route of routes) {
    if (!known(route.destination)) continue;
    const range = parseCidr(route.destination);
    const length = prefixLength(route.destination);
    if (!range || length === undefined || length <= WIDEST_S3_RANGE_PREFIX) continue;
    if (!publicSpace.some((part) => part.first <= range.last && range.first <= part.last)) continue;
    return unknown(
      `route ${route.destination} of the route table of subnet ${label(model, placement.subnet.urn)} may be more specific than some of S3's addresses, and would then carry that S3 traffic instead of the gateway endpoint`,
      route.declaredBy,
    );
  }
  return undefined;
}
