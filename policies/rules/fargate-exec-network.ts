import { networkFindings } from "./helpers";
import type { Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-EXEC-NETWORK",
  description: "Services with enableExecuteCommand reach ssmmessages from every task subnet.",
  explanation:
    "ECS Exec sessions run over Session Manager channels; without a path the task starts but every exec session fails.",
  fix: "Add an ssmmessages interface endpoint with private DNS (FargateEndpointSet service ssmmessages), or a NAT gateway route.",
  defaultLevel: "advisory",
  check: (analysis) => networkFindings("FARGATE-EXEC-NETWORK", analysis, ["ecs-exec"]),
};
