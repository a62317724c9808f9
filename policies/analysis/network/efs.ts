/**
 * EFS: the file system's DNS name resolves to its mount target in the task's Availability
 * Zone; NFS (TCP 2049) must pass the task and mount target security groups and, across
 * subnets, both network ACLs.
 */
import { parseCidr } from "../../../model";
import type { SecurityGroup, StackModel } from "../../stack/model";
import { known } from "../../stack/values";
import { label } from "../label";
import { taskGroupsCheck } from "./internet";
import { naclAllows } from "./nacls";
import { Placement, Reach, reachable, unknown, unreachable } from "./reach";
import { securityGroupsAllow } from "./security-groups";

const NFS_PORT = 2049;

export function nfsReach(model: StackModel, placement: Placement, fileSystemId: string): Reach {
  const targets = model.mountTargets.filter((target) => target.fileSystemId === fileSystemId);
  if (targets.length === 0) return unknown(`no mount target of ${fileSystemId} is in this stack`);
  const sameAz = targets.find((target) => {
    const subnet = target.subnet?.urn ? model.subnets.get(target.subnet.urn) : undefined;
    return subnet?.az === placement.subnet.az;
  });
  if (!sameAz)
    return unreachable(
      `${fileSystemId} has no mount target in the Availability Zone of subnet ${label(model, placement.subnet.urn)}`,
      { kind: "add-mount-target" },
      targets[0].urn,
    );
  const subnet = sameAz.subnet?.urn ? model.subnets.get(sameAz.subnet.urn) : undefined;
  const targetRange = subnet && known(subnet.cidr) ? parseCidr(subnet.cidr) : undefined;
  const where = `mount target ${label(model, sameAz.urn)}`;
  const egress = taskGroupsCheck(
    model,
    placement,
    { name: where, ranges: targetRange ? [targetRange] : "unknown", groups: sameAz.securityGroups },
    "the mount target's security group",
    NFS_PORT,
  );
  if (egress) return egress;
  const groups = sameAz.securityGroups.map((ref) => (ref.urn ? model.securityGroups.get(ref.urn) : undefined));
  if (groups.length === 0 || groups.some((group) => !group))
    return unknown(`the security group of ${where} is not in this stack`, sameAz.urn);
  const taskRange = known(placement.subnet.cidr) ? parseCidr(placement.subnet.cidr) : undefined;
  const taskSide = {
    name: `the tasks in subnet ${label(model, placement.subnet.urn)}`,
    ranges: taskRange ? [taskRange] : ("unknown" as const),
  };
  const ingress = securityGroupsAllow(model, placement.prefixLists, groups as SecurityGroup[], "ingress", NFS_PORT, {
    ...taskSide,
    groups: placement.taskGroups.map((group) => ({ urn: group.urn, value: group.id })),
  });
  if (ingress.result === "unknown") return unknown(ingress.why, groups[0]!.urn);
  if (ingress.result === false)
    return unreachable(
      `${ingress.why} on ${where}`,
      { kind: "allow-mount-target-ingress", port: 2049 },
      groups[0]!.urn,
    );
  if (subnet && subnet.urn !== placement.subnet.urn) {
    const client = naclAllows(
      model,
      placement.subnet,
      { name: where, ranges: targetRange ? [targetRange] : "unknown" },
      "client",
      NFS_PORT,
    );
    if (client) return client;
    const server = naclAllows(model, subnet, taskSide, "server", NFS_PORT);
    if (server) return server;
  }
  return reachable(where);
}
