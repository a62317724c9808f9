/**
 * Reachability: from a task ENI in one subnet, with the service's security groups, to one AWS
 * service (through a VPC endpoint or the internet), to an internet host, or to an EFS mount
 * target. Each check answers a Reach (see reach.ts) that names the path, the missing link or
 * the fact that cannot be known.
 */
import { AWS_SERVICES, AwsServiceKey, EndpointCall } from "../../../model";
import type { StackModel } from "../../stack/model";
import { gatewayEndpointReach } from "./gateway-endpoints";
import { interfaceEndpointReach } from "./interface-endpoints";
import { internetReach } from "./internet";
import type { Placement, Reach } from "./reach";

export { nfsReach } from "./efs";
export { internetReach } from "./internet";
export { prefixListsOf } from "./prefix-lists";
export type { PrefixLists } from "./prefix-lists";
export type { Placement, Reach, Failure } from "./reach";

/**
 * One AWS service from one placement: an endpoint in the task's region, else the internet.
 * When the endpoint certainly carries the traffic (private DNS resolves the service's name to
 * its interfaces; the gateway endpoint's route is on the subnet's table), no other path can
 * stand in for it: its verdict is final.
 */
export function awsServiceReach(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
  serviceRegion: string,
  requests: readonly EndpointCall[],
): Reach {
  const host = AWS_SERVICES[service].host(serviceRegion);
  if (serviceRegion !== placement.region) {
    const internet = internetReach(model, placement, host);
    if (internet.status !== "unreachable") return internet;
    return {
      ...internet,
      missing: `${host} is in another region (${serviceRegion}), which VPC endpoints do not serve, and ${internet.missing}`,
    };
  }
  const {
    reach: viaEndpoint,
    onPath,
    ifResolved,
  } = AWS_SERVICES[service].endpointType === "Gateway"
    ? gatewayEndpointReach(model, placement, requests)
    : interfaceEndpointReach(model, placement, service, requests);
  if (onPath || viaEndpoint.status === "reachable" || viaEndpoint.status === "partial") return viaEndpoint;
  const viaInternet = internetReach(model, placement, host, service === "s3");
  // The name may resolve to the endpoint instead: the internet path proves nothing unless that one holds too.
  if (viaInternet.status === "reachable")
    return ifResolved && ifResolved.status !== "reachable" ? viaEndpoint : viaInternet;
  if (viaEndpoint.status === "unknown") return viaEndpoint;
  if (viaInternet.status === "unknown" || viaInternet.status === "partial") return viaInternet;
  // A broken internet path with a rule of its own (no public IP, misplaced NAT) is the root cause.
  if (viaInternet.failure === "public-ip" || viaInternet.failure === "nat-placement") return viaInternet;
  // Both fail: a path that exists but is broken on the way is the nearer miss, so it is the one to fix.
  if (viaEndpoint.failure !== "absent") return viaEndpoint;
  if (viaInternet.failure !== "absent") return viaInternet;
  // Only a missing endpoint is absent on the endpoint side: adding it, or a NAT gateway route, would do.
  const fix = viaEndpoint.fix.kind === "add-endpoint" ? { ...viaEndpoint.fix, orNatRoute: true } : viaEndpoint.fix;
  return { ...viaEndpoint, alternative: viaInternet.missing, fix };
}
