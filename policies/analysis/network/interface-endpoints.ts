/**
 * Interface endpoints. An interface endpoint's private DNS name resolves to its network
 * interfaces, one in each of its subnets, and a task may connect to any of them: each must be
 * reachable (route, security groups both ways, network ACLs of both subnets).
 */
import { AWS_SERVICES, AwsServiceKey, endpointServiceName, EndpointCall, Ipv4Range, parseCidr } from "../../../model";
import type { Ref, SecurityGroup, StackModel, Subnet, VpcEndpoint } from "../../stack/model";
import { Fact, known, UNKNOWN_FACT } from "../../stack/values";
import { label } from "../label";
import { EndpointReach, endpointPolicyAllows, endpointsInVpc, possiblyAnEndpoint } from "./endpoints";
import { taskGroupsCheck } from "./internet";
import { naclAllows } from "./nacls";
import { Placement, Reach, reachable, unknown, unreachable } from "./reach";
import { routesOver, routeTableForSubnet, targetText } from "./routes";
import { Peer, securityGroupsAllow } from "./security-groups";

function rangesOf(cidr: Fact<string> | undefined): Ipv4Range[] | "unknown" {
  const range = known(cidr) ? parseCidr(cidr) : undefined;
  return range ? [range] : "unknown";
}

/** The interface endpoint's security groups, or why they cannot be read. */
function endpointGroupsOf(model: StackModel, endpoint: VpcEndpoint): SecurityGroup[] | Reach {
  if (endpoint.listsUnknown.includes("securityGroupIds"))
    return unknown(
      `the security groups of endpoint ${label(model, endpoint.urn)} are computed at preview`,
      endpoint.urn,
    );
  const groups = endpoint.securityGroups.map((ref) => (ref.urn ? model.securityGroups.get(ref.urn) : undefined));
  if (groups.length === 0 || groups.some((group) => !group))
    return unknown(
      `endpoint ${label(model, endpoint.urn)} uses a security group that is not in this stack${groups.length === 0 ? " (the VPC's default group)" : ""}`,
      endpoint.urn,
    );
  return groups as SecurityGroup[];
}

/** One network interface of the endpoint: the one in `eniSubnetRef`. */
function interfaceReach(
  model: StackModel,
  placement: Placement,
  endpoint: VpcEndpoint,
  endpointGroups: SecurityGroup[],
  eniSubnetRef: Ref,
): Reach {
  const name = `endpoint ${label(model, endpoint.urn)}`;
  const eniSubnet: Subnet | undefined = eniSubnetRef.urn ? model.subnets.get(eniSubnetRef.urn) : undefined;
  if (!eniSubnet)
    return unknown(
      `subnet ${eniSubnetRef.value ?? "(computed)"} of ${name} is not in this stack, so its network interface there cannot be checked`,
      endpoint.urn,
    );
  const where = `${name}'s interface in subnet ${label(model, eniSubnet.urn)}`;
  const eniRanges = rangesOf(eniSubnet.cidr);
  // Inside the VPC the local route carries the traffic, unless a more specific route sends it to an appliance.
  const vpc = placement.vpc;
  if (vpc && known(vpc.cidr) && eniRanges !== "unknown") {
    const routes = routesOver(
      model,
      placement.prefixLists,
      routeTableForSubnet(model, placement.subnet),
      vpc,
      eniRanges,
    );
    if ("unknown" in routes) return unknown(routes.unknown, placement.subnet.urn);
    for (const choice of routes.choices) {
      if (choice.kind !== "route") continue;
      const text = `the task subnet's route table sends the addresses of ${where} to ${targetText(model, choice.route)}`;
      if (choice.route.target.kind === "blackhole")
        return unreachable(text, { kind: "blackhole-route", on: "endpoint-path" }, choice.route.declaredBy);
      return unknown(
        `${text}; what lies beyond is outside this stack (declare it with assumeReachable)`,
        choice.route.declaredBy,
      );
    }
  }
  const peer: Peer = { name: where, ranges: eniRanges, groups: endpoint.securityGroups };
  const egress = taskGroupsCheck(model, placement, peer, `${name} (its security group, or its subnets' CIDRs)`);
  if (egress) return egress;
  const taskSide: Peer = {
    name: `the tasks in subnet ${label(model, placement.subnet.urn)}`,
    ranges: rangesOf(placement.subnet.cidr),
    groups: placement.taskGroups.map((group) => ({ urn: group.urn, value: group.id })),
  };
  const ingress = securityGroupsAllow(model, placement.prefixLists, endpointGroups, "ingress", 443, taskSide);
  if (ingress.result === "unknown") return unknown(ingress.why, endpointGroups[0].urn);
  if (ingress.result === false)
    return unreachable(
      `${ingress.why} (on ${where})`,
      { kind: "allow-endpoint-ingress", port: 443, via: { input: "taskSecurityGroupIds" } },
      endpointGroups[0].urn,
    );
  // Network ACLs filter traffic only where it crosses a subnet's boundary.
  if (eniSubnet.urn !== placement.subnet.urn) {
    const client = naclAllows(model, placement.subnet, { name: where, ranges: eniRanges }, "client");
    if (client) return client;
    const server = naclAllows(model, eniSubnet, { name: taskSide.name, ranges: taskSide.ranges }, "server");
    if (server) return server;
  }
  return reachable(where);
}

export function interfaceEndpointReach(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
  requests: readonly EndpointCall[],
): EndpointReach {
  const before = beforeResolution(model, placement, service);
  if ("reach" in before) {
    const ifResolved = before.mayResolve ? throughInterfaces(model, placement, before.mayResolve, requests) : undefined;
    return { reach: before.reach, onPath: false, ifResolved };
  }
  // Without network interfaces there is nothing for the name to resolve to: another path may still serve.
  const onPath = before.endpoint.subnets.length > 0 || before.endpoint.listsUnknown.includes("subnetIds");
  return { reach: throughInterfaces(model, placement, before.endpoint, requests), onPath };
}

/** Up to name resolution: the endpoint whose private DNS answers for the service, or why there is none. */
function beforeResolution(
  model: StackModel,
  placement: Placement,
  service: AwsServiceKey,
): { reach: Reach; mayResolve?: VpcEndpoint } | { endpoint: VpcEndpoint } {
  const serviceName = endpointServiceName(service, placement.region);
  const { endpoints, possible } = endpointsInVpc(model, placement, serviceName, "Interface");
  if (endpoints.length === 0) {
    if (possible) return { reach: possiblyAnEndpoint(model, possible, serviceName) };
    return {
      reach: unreachable(
        `no interface endpoint for ${serviceName} in the task's VPC`,
        { kind: "add-endpoint", service, serviceName },
        placement.service.urn,
        "absent",
      ),
    };
  }
  const withDns = endpoints.filter((endpoint) => endpoint.privateDns === true);
  if (withDns.length === 0) {
    const dnsUnknown = endpoints.find((endpoint) => endpoint.privateDns === UNKNOWN_FACT);
    if (dnsUnknown)
      return {
        reach: unknown(
          `privateDnsEnabled of endpoint ${label(model, dnsUnknown.urn)} is computed at preview`,
          dnsUnknown.urn,
        ),
        mayResolve: dnsUnknown,
      };
    return {
      reach: unreachable(
        `endpoint ${label(model, endpoints[0].urn)} for ${serviceName} has private DNS off, so ${AWS_SERVICES[service].host(placement.region)} still resolves to public addresses${service === "ecr.dkr" ? " (private DNS is mandatory on ecr.dkr)" : ""}`,
        { kind: "set-private-dns" },
        endpoints[0].urn,
      ),
    };
  }
  const endpoint = withDns[0];
  const vpc = placement.vpc;
  if (vpc) {
    for (const [flag, value, property] of [
      ["DNS resolution", vpc.dnsSupport, "enableDnsSupport"],
      ["DNS hostnames", vpc.dnsHostnames, "enableDnsHostnames"],
    ] as const) {
      if (value === UNKNOWN_FACT)
        return {
          reach: unknown(`${property} of VPC ${label(model, vpc.urn)} is computed at preview`, vpc.urn),
          mayResolve: endpoint,
        };
      if (value === false) {
        return {
          reach: unreachable(
            `${flag} (${property}) is off in VPC ${label(model, vpc.urn)}: private DNS of endpoint ${label(model, endpoint.urn)} does not resolve`,
            { kind: "set-vpc-flag", property },
            vpc.urn,
          ),
        };
      }
    }
  }
  return { endpoint };
}

/** From name resolution on: every network interface of the endpoint, then its policy. */
function throughInterfaces(
  model: StackModel,
  placement: Placement,
  endpoint: VpcEndpoint,
  requests: readonly EndpointCall[],
): Reach {
  if (endpoint.listsUnknown.includes("subnetIds"))
    return unknown(`the subnets of endpoint ${label(model, endpoint.urn)} are computed at preview`, endpoint.urn);
  if (endpoint.subnets.length === 0)
    return unreachable(
      `endpoint ${label(model, endpoint.urn)} has no subnets, so it has no network interface`,
      { kind: "endpoint-subnets" },
      endpoint.urn,
    );
  const groups = endpointGroupsOf(model, endpoint);
  if (!Array.isArray(groups)) {
    // The task side can still be proven broken without the endpoint's groups.
    const egress = taskGroupsCheck(
      model,
      placement,
      { name: `endpoint ${label(model, endpoint.urn)}`, ranges: "unknown", groups: endpoint.securityGroups },
      `endpoint ${label(model, endpoint.urn)}`,
    );
    return egress && egress.status === "unreachable" ? egress : groups;
  }
  const interfaces = endpoint.subnets.map((ref) => interfaceReach(model, placement, endpoint, groups, ref));
  const combined = combineInterfaces(interfaces);
  if (combined.status !== "reachable") return combined;
  const policy = endpointPolicyAllows(model, endpoint, requests);
  if (policy) return policy;
  return reachable(`interface endpoint ${label(model, endpoint.urn)} with private DNS (${combined.path})`);
}

/** Every interface reachable: reachable; none: unreachable; some: partial (tasks fail intermittently). */
function combineInterfaces(interfaces: Reach[]): Reach {
  const reached = interfaces.filter((reach) => reach.status === "reachable");
  const failed = interfaces.filter((reach) => reach.status === "unreachable" || reach.status === "partial");
  const open = interfaces.find((reach) => reach.status === "unknown");
  if (failed.length === 0) {
    if (open) return open;
    return reachable(reached.map((reach) => (reach.status === "reachable" ? reach.path : "")).join(", "));
  }
  const first = failed[0];
  if (first.status !== "unreachable" && first.status !== "partial") return first;
  if (reached.length === 0 && !open) return first;
  const reachedText =
    reached.map((reach) => (reach.status === "reachable" ? reach.path : "")).join(", ") ||
    "none proven (the others cannot be checked before deployment)";
  return {
    status: "partial",
    reached: reachedText,
    missing: first.missing,
    fix: first.fix,
    fixAt: first.fixAt,
  };
}
