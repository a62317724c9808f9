import type { ServiceAnalysis, StackAnalysis } from "../analysis/analyze";
import { label } from "../analysis/label";
import { known } from "../stack/values";
import { serviceName } from "./helpers";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-CAPACITY-PROVIDER";

const NOT_ASSOCIATED =
  "InvalidParameterException: The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.";

export const rule: Rule = {
  id: ID,
  description:
    "Every capacity provider of a service's strategy (FARGATE, FARGATE_SPOT) is associated with the service's cluster, when the stack creates the cluster.",
  explanation:
    "A cluster created through the API has no capacity provider until one is associated with it (aws.ecs.ClusterCapacityProviders); CreateService refuses a strategy naming one the cluster does not have, so the service and its tasks never start.",
  fix: 'Associate the providers with the cluster: new aws.ecs.ClusterCapacityProviders({ clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }).',
  defaultLevel: "mandatory",
  awsErrors: [NOT_ASSOCIATED],
  sources: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html",
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html",
  ],
  docs: {
    failing: code`
      const cluster = new aws.ecs.Cluster("shop");
      new aws.ecs.Service("api", {
        // ...
        cluster: cluster.arn,
        capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      });
    `,
    passing: code`
      const cluster = new aws.ecs.Cluster("shop");
      new aws.ecs.ClusterCapacityProviders("shop", {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      });
      new aws.ecs.Service("api", {
        // ...
        cluster: cluster.arn,
        capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      });
    `,
  },
  check: (analysis) => analysis.services.flatMap((service) => serviceFindings(analysis, service)),
};

function serviceFindings(analysis: StackAnalysis, service: ServiceAnalysis): Finding[] {
  const providers = service.service.capacityProviders;
  const ref = service.service.cluster;
  const cluster = ref?.urn ? analysis.model.clusters.get(ref.urn) : undefined;
  if (!known(providers) || !cluster) return [];
  const name = serviceName(analysis.model, service);
  const clusterName = `cluster ${label(analysis.model, cluster.urn)}`;
  const associated = cluster.capacityProviders ?? [];
  if (!known(associated) || associated.some((provider) => !known(provider)) || providers.some((p) => !known(p)))
    return [
      finding("FARGATE-UNKNOWN", service.service.urn, {
        problem: `${name}: whether its capacity providers are associated with ${clusterName} cannot be known before deployment: a provider name is computed at preview. To decide it at preview, give the provider names as literals.`,
      }),
    ];
  const missing = (providers as string[]).filter((provider) => !(associated as string[]).includes(provider));
  if (missing.length === 0) return [];
  const declaredBy = cluster.capacityProvidersDeclaredBy;
  return [
    finding(ID, service.service.urn, {
      problem:
        `${name} places its tasks with capacity provider${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which ${clusterName} does not have: ` +
        (declaredBy
          ? `${label(analysis.model, declaredBy)} associates ${associated.length > 0 ? (associated as string[]).join(", ") : "none"}.`
          : "no aws.ecs.ClusterCapacityProviders of this stack associates any with it."),
      consequence: { kind: "deployment-stops", error: NOT_ASSOCIATED },
      fixes: [{ kind: "associate-capacity-providers", providers: missing }],
    }),
  ];
}
