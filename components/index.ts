export { FargateEndpointSet, FargateEndpointSetArgs } from "./endpoint-set";
export { FargateExecutionRole, FargateExecutionRoleArgs } from "./execution-role";
export { ComponentInputError, SERVICE_GROUPS } from "./plan";
export { estimateMonthlyCost, PRICES } from "./pricing";
