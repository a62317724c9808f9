import { peakTasks, SUBNET_SOURCES, usableAddresses } from "../../model/startup";
import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import { label } from "../analysis/label";
import type { EcsService, Ref, StackModel, Subnet } from "../stack/model";
import { known } from "../stack/values";
import { serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-SUBNET-ADDRESSES";

/** Past this share of the free addresses, other tenants of the subnets may take what is left. */
const ADVISORY_SHARE = 0.8;

export const rule: Rule = {
  id: ID,
  description:
    "A Fargate service's subnets have a free IPv4 address for every task it runs at the peak of a deployment (desiredCount x deploymentMaximumPercent), beside the network interfaces the stack puts there.",
  explanation:
    "Every Fargate task has its own network interface with a private address from one of the service's subnets; AWS keeps five addresses of every subnet, and endpoints, NAT gateways, mount targets and other services take theirs. When no address is left the task cannot get an interface and stops before it starts.",
  fix: "Give the service larger subnets (or more of them), lower desiredCount or deploymentMaximumPercent, or move other tenants out of the subnets.",
  defaultLevel: "mandatory",
  awsErrors: ["InsufficientFreeAddressesInSubnet (the task's network interface cannot be created)"],
  sources: [...SUBNET_SOURCES],
  docs: {
    failing: code`
      // Two /28 subnets: 11 addresses each, and the endpoints take some of them.
      new aws.ecs.Service("api", {
        // ...
        desiredCount: 8, // up to 16 tasks during a deployment (deploymentMaximumPercent 200)
        networkConfiguration: { subnets: [privateA.id, privateB.id], securityGroups: [tasks.id] },
      });
    `,
    passing: code`
      // Two /24 subnets: 251 addresses each.
      new aws.ecs.Service("api", {
        // ...
        desiredCount: 8,
        networkConfiguration: { subnets: [privateA.id, privateB.id], securityGroups: [tasks.id] },
      });
    `,
  },
  check: (analysis) => analysis.services.flatMap((service) => serviceFindings(analysis, service)),
};

/** The service's task count at the peak of a deployment; undefined when a value it depends on is computed. */
function peakOf(service: EcsService): number | undefined {
  // Unset desiredCount: the provider creates the service with 0 tasks (ecs/service.go sends d.Get("desired_count")).
  const desired = service.desiredCount ?? 0;
  const maximum = service.deploymentMaximumPercent;
  const controller = service.deploymentController;
  if (!known(desired) || !known(maximum) || !known(controller)) return undefined;
  return peakTasks(desired, maximum, controller);
}

/** What the stack puts in one subnet beside a service's tasks. */
interface SubnetTenants {
  /** Interfaces of endpoints, NAT gateways and mount targets, with what they are. */
  fixed: { count: number; what: string }[];
  /** Per other service (by URN), its share of tasks in this subnet: desiredCount / its subnet count. */
  services: Map<string, number>;
}

const tenantsCache = new WeakMap<StackModel, Map<string, SubnetTenants>>();

/** Every subnet's tenants, by subnet URN (or `id:<id>` for one outside the stack), once per model. */
function tenantsBySubnet(model: StackModel): Map<string, SubnetTenants> {
  const cached = tenantsCache.get(model);
  if (cached) return cached;
  const urnById = new Map<string, string>();
  for (const subnet of model.subnets.values()) if (subnet.id) urnById.set(subnet.id, subnet.urn);
  const tenants = new Map<string, SubnetTenants>();
  const at = (ref: Ref | undefined): SubnetTenants | undefined => {
    const key = ref?.urn ?? (ref?.value ? (urnById.get(ref.value) ?? `id:${ref.value}`) : undefined);
    if (key === undefined) return undefined;
    let entry = tenants.get(key);
    if (!entry) tenants.set(key, (entry = { fixed: [], services: new Map() }));
    return entry;
  };
  for (const endpoint of model.endpoints.values())
    for (const ref of new Set(endpoint.subnets))
      at(ref)?.fixed.push({ count: 1, what: `endpoint ${label(model, endpoint.urn)}` });
  for (const nat of model.natGateways.values())
    at(nat.subnet)?.fixed.push({ count: 1, what: `NAT gateway ${label(model, nat.urn)}` });
  for (const target of model.mountTargets)
    at(target.subnet)?.fixed.push({ count: 1, what: `mount target ${label(model, target.urn)}` });
  for (const service of model.services.values()) {
    const desired = service.desiredCount;
    if (!known(desired) || desired === 0 || service.subnets.length === 0) continue;
    for (const ref of service.subnets) {
      const entry = at(ref);
      if (entry)
        entry.services.set(service.urn, (entry.services.get(service.urn) ?? 0) + desired / service.subnets.length);
    }
  }
  tenantsCache.set(model, tenants);
  return tenants;
}

/** Network interfaces the stack itself puts in the subnets, beside the service's tasks (each with its source). */
function otherTenants(
  model: StackModel,
  service: EcsService,
  subnets: readonly Subnet[],
): { count: number; what: string[] } {
  const bySubnet = tenantsBySubnet(model);
  const fixed = new Map<string, number>();
  const shares = new Map<string, number>();
  for (const subnet of subnets) {
    const entry = bySubnet.get(subnet.urn);
    if (!entry) continue;
    for (const { count, what } of entry.fixed) fixed.set(what, (fixed.get(what) ?? 0) + count);
    for (const [urn, share] of entry.services) if (urn !== service.urn) shares.set(urn, (shares.get(urn) ?? 0) + share);
  }
  const what = [...fixed].map(([text, count]) => `${count} for ${text}`);
  let count = [...fixed.values()].reduce((sum, n) => sum + n, 0);
  for (const [urn, share] of shares) {
    // Tasks spread over the other service's subnets: its share in these, rounded down so as not to overstate it.
    const tasks = Math.floor(share + 1e-9);
    if (tasks === 0) continue;
    count += tasks;
    what.push(`${tasks} for service ${label(model, urn)}`);
  }
  return { count, what };
}

function serviceFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const model = analysis.model;
  const subnets = [
    ...new Map(service.placements.map((placement) => [placement.subnet.urn, placement.subnet])).values(),
  ];
  // Subnets outside the stack, or computed: their sizes are not known, so neither is the total.
  if (subnets.length === 0 || service.service.subnetsUnknown || subnets.length < service.service.subnets.length)
    return [];
  const sizes = subnets.map((subnet) => (known(subnet.cidr) ? usableAddresses(subnet.cidr) : undefined));
  const peak = peakOf(service.service);
  if (peak === undefined || peak === 0 || sizes.some((size) => size === undefined)) return [];
  const usable = (sizes as number[]).reduce((sum, size) => sum + size, 0);
  const tenants = otherTenants(model, service.service, subnets);
  const free = usable - tenants.count;
  const name = serviceName(model, service);
  const where = `subnet${subnets.length > 1 ? "s" : ""} ${subnets.map((subnet) => `${label(model, subnet.urn)} (${String(subnet.cidr)})`).join(", ")}`;
  const account = `${usable} usable addresses (AWS keeps ${subnets.length * 5})${tenants.count > 0 ? `, ${tenants.count} taken by this stack (${tenants.what.join(", ")})` : ""}`;
  const tasks = `${peak} task${peak === 1 ? "" : "s"} at the peak of a deployment (desiredCount ${String(service.service.desiredCount ?? 0)}, deploymentMaximumPercent ${String(service.service.deploymentMaximumPercent)}${service.service.deploymentController && service.service.deploymentController !== "ECS" ? `, ${String(service.service.deploymentController)} deployments run a second task set` : ""})`;
  if (peak > free)
    return [
      finding(ID, service.service.urn, {
        problem: `${name} runs up to ${tasks}, but its ${where} have ${account}: ${Math.max(free, 0)} left for its tasks.`,
        consequence: {
          kind: "tasks-stop",
          error: "InsufficientFreeAddressesInSubnet (no address for the task's network interface)",
        },
        fixes: [{ kind: "room-in-subnets" }],
      }),
    ];
  if (peak > free * ADVISORY_SHARE)
    return [
      finding("FARGATE-UNKNOWN", service.service.urn, {
        problem:
          `${name}: whether its ${where} keep a free address for each of its ${tasks} cannot be known before deployment: they have ${account}, ${free} left, and network interfaces outside this stack (load balancer nodes, functions, other stacks' tasks) may take the rest. ` +
          "To decide it, read the subnets' AvailableIpAddressCount (aws ec2 describe-subnets), or give the service larger subnets.",
      }),
    ];
  return [];
}
