import { out } from "../fixtures/builder";
import type { StackForm } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference service in a cluster of the stack, placed with `providers`; the cluster has `associated` (none: no resource). */
function inCluster(form: StackForm, providers: string[], associated?: string[]) {
  const b = referenceStack(form);
  const cluster = b.add(
    "aws:ecs/cluster:Cluster",
    "shop",
    {},
    {
      id: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-x",
      arn: "arn:aws:ecs:eu-west-1:111122223333:cluster/shop-x",
    },
  );
  if (associated)
    b.add(
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      "shop-providers",
      { clusterName: out(cluster, "name"), capacityProviders: associated },
      { id: "shop-x" },
    );
  b.patch("api-service", (p) => {
    delete p.launchType;
    p.capacityProviderStrategies = providers.map((capacityProvider) => ({ capacityProvider, weight: 1 }));
  });
  return b.set("api-service", { cluster: out(cluster, "arn") });
}

describeStartupRule("FARGATE-CAPACITY-PROVIDER", {
  failing: [
    {
      title: "FARGATE_SPOT in a cluster that has FARGATE only",
      stack: (form) => inCluster(form, ["FARGATE_SPOT"], ["FARGATE"]),
      expected: ["FARGATE-CAPACITY-PROVIDER api-service"],
      says: /not associated with the cluster/,
    },
    {
      title: "FARGATE in a cluster with no ClusterCapacityProviders",
      stack: (form) => inCluster(form, ["FARGATE"]),
      expected: ["FARGATE-CAPACITY-PROVIDER api-service"],
    },
  ],
  passing: [
    {
      title: "FARGATE and FARGATE_SPOT associated",
      stack: (form) => inCluster(form, ["FARGATE", "FARGATE_SPOT"], ["FARGATE", "FARGATE_SPOT"]),
    },
  ],
  notApplicable: [{ title: "launch type FARGATE (no strategy)", stack: referenceStack }],
});
