/**
 * Provider facts of ECS clusters, task definitions and services, and the EFS mount targets
 * their volumes use. Sources: the Terraform AWS provider's resource files (TF…), the ECS API
 * where AWS decides on create, and ECS's ARN formats
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids).
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, unknowable, value } from "./types";

const ECS_ARNS =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html#amazonelasticcontainerservice-resources-for-iam-policies";

const nameOf = (state: Record<string, unknown>, name: string) => String(state.name ?? name);

export const ECS_FACTS: FactTable = {
  [T.cluster]: {
    // ecs/cluster.go: name Required in Terraform; the Pulumi provider autonames it.
    schema: `${TF}ecs/cluster.go`,
    outputs: ["id", "arn"],
    defaults: {},
    autoName: "name",
    optionalComputed: {},
    identifiers: ["name"],
    deployed: {
      // The id is the cluster's ARN (cluster.go: d.SetId(aws.ToString(cluster.ClusterArn))).
      assign: ({ name, state, arn }) => ({
        id: arn("ecs", `cluster/${nameOf(state, name)}`),
        arn: arn("ecs", `cluster/${nameOf(state, name)}`),
      }),
      source: `${TF}ecs/cluster.go; ${ECS_ARNS}`,
    },
  },
  [T.taskDefinition]: {
    schema: `${TF}ecs/task_definition.go`,
    outputs: ["id", "arn", "arnWithoutRevision", "revision"],
    defaults: { skipDestroy: false, trackLatest: false },
    optionalComputed: {
      networkMode: {
        whenUnset: unknowable("networkMode of the task definition (awsvpc for Fargate)"),
        pickedByAws: {
          value: () => "bridge",
          source:
            "ECS RegisterTaskDefinition: without networkMode, Linux tasks use bridge (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html)",
        },
        source: `${TF}ecs/task_definition.go network_mode Optional+Computed`,
      },
    },
    identifiers: ["arnWithoutRevision", "family"],
    deployed: {
      // The id is the family (task_definition.go: d.SetId(family)); the first registration is revision 1.
      assign: ({ name, state, arn }) => {
        const family = String(state.family ?? name);
        return {
          id: family,
          arn: arn("ecs", `task-definition/${family}:1`),
          arnWithoutRevision: arn("ecs", `task-definition/${family}`),
          revision: 1,
        };
      },
      source: `${TF}ecs/task_definition.go; ${ECS_ARNS}`,
    },
  },
  [T.service]: {
    schema: `${TF}ecs/service.go`,
    outputs: ["id"],
    defaults: {
      "networkConfiguration.assignPublicIp": false,
      schedulingStrategy: "REPLICA",
      waitForSteadyState: false,
      enableEcsManagedTags: false,
      enableExecuteCommand: false,
      deploymentMaximumPercent: 200,
      deploymentMinimumHealthyPercent: 100,
      "deploymentController.type": "ECS",
    },
    autoName: "name",
    optionalComputed: {
      cluster: {
        // The service runs in the account's cluster named "default"; a cluster of the stack with that name is it.
        whenUnset: value("default"),
        source: `${TF}ecs/service.go cluster Optional+Computed; https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (cluster: the default cluster is assumed)`,
      },
      launchType: {
        // A capacity provider strategy means no launch type; without either, the cluster's default strategy decides.
        whenUnset: (inputs) =>
          Array.isArray(inputs.capacityProviderStrategies) && inputs.capacityProviderStrategies.length > 0
            ? { known: true, value: undefined }
            : { known: false, settleWith: "launchType (FARGATE) or capacityProviderStrategies of the service" },
        reads: ["capacityProviderStrategies"],
        pickedByAws: {
          value: () => "EC2",
          source:
            "ECS CreateService: without a launch type or capacity provider strategy (and no cluster default), EC2 (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html)",
        },
        source: `${TF}ecs/service.go launch_type Optional+Computed`,
      },
      platformVersion: {
        whenUnset: unknowable("platformVersion of the service"),
        pickedByAws: {
          value: ({ state }) => (state.launchType === "FARGATE" ? "LATEST" : ""),
          source:
            "ECS CreateService: platformVersion defaults to LATEST for Fargate, none otherwise (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform_versions.html)",
        },
        source: `${TF}ecs/service.go platform_version Optional+Computed (AWS picks LATEST)`,
      },
    },
    deployed: {
      // The id is the service's ARN (service.go: d.SetId(aws.ToString(service.ServiceArn))).
      assign: ({ name, state, arn }) => ({ id: arn("ecs", `service/${nameOf(state, name)}`) }),
      source: `${TF}ecs/service.go; ${ECS_ARNS}`,
    },
  },
  [T.clusterCapacityProviders]: {
    ...idOnly(`${TF}ecs/cluster_capacity_providers.go`),
    deployed: {
      // The id is the cluster's name (cluster_capacity_providers.go: d.SetId(clusterName)).
      assign: ({ state, name }) => ({ id: String(state.clusterName ?? name) }),
      source: `${TF}ecs/cluster_capacity_providers.go`,
    },
  },
  [T.efsFileSystem]: {
    schema: `${TF}efs/file_system.go`,
    outputs: ["id", "arn", "dnsName", "ownerId", "numberOfMountTargets", "sizeInBytes"],
    defaults: {},
    optionalComputed: {},
    idPrefix: "fs",
    deployed: {
      assign: ({ name, arn, hex, region, dnsSuffix }) => {
        const id = `fs-${hex(name, 17)}`;
        return { id, arn: arn("elasticfilesystem", `file-system/${id}`), dnsName: `${id}.efs.${region}.${dnsSuffix}` };
      },
      source: `${TF}efs/file_system.go; https://docs.aws.amazon.com/efs/latest/ug/mounting-fs-mount-cmd-dns-name.html`,
    },
  },
  [T.efsFileSystemPolicy]: {
    ...idOnly(`${TF}efs/file_system_policy.go`),
    defaults: { bypassPolicyLockoutSafetyCheck: false },
  },
  [T.efsMountTarget]: {
    schema: `${TF}efs/mount_target.go`,
    outputs: ["id", "networkInterfaceId", "dnsName", "mountTargetDnsName", "availabilityZoneName"],
    defaults: {},
    optionalComputed: {
      securityGroups: {
        whenUnset: unknowable("securityGroups of the mount target (AWS uses the VPC's default group)"),
        pickedByAws: {
          value: ({ state, hex }) => [`sg-${hex(`${String(state.subnetId)}default`, 17)}`],
          source:
            "EFS CreateMountTarget: without SecurityGroups, the VPC's default security group (https://docs.aws.amazon.com/efs/latest/ug/API_CreateMountTarget.html)",
        },
        source: `${TF}efs/mount_target.go security_groups Optional+Computed`,
      },
    },
    idPrefix: "fsmt",
  },
};
