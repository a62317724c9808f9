import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXEC-NETWORK",
  description: "Services with enableExecuteCommand reach ssmmessages from every task subnet.",
  explanation:
    "ECS Exec sessions run over Session Manager channels; without a path the task starts but every exec session fails.",
  fix: "Add an ssmmessages interface endpoint with private DNS (FargateEndpointSet service ssmmessages), or a NAT gateway route.",
  defaultLevel: "advisory",
  docs: {
    failing: code`
      new aws.ecs.Service("api", {
        // ...
        enableExecuteCommand: true, // no ssmmessages endpoint, no NAT gateway
      });
    `,
    passing: code`
      new FargateEndpointSet("endpoints", {
        vpcId: vpc.id,
        subnetIds: privateSubnetIds,
        routeTableIds: privateRouteTableIds,
        services: ["ecr", "logs"],
        enableExecuteCommand: true, // adds the ssmmessages endpoint
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-EXEC-NETWORK", analysis),
};
