export { FargateEndpointSet, FargateEndpointSetArgs } from "./endpoint-set";
export { FargateExecutionRole, FargateExecutionRoleArgs } from "./execution-role";
export { ComponentInputError, ENDPOINT_SET_TYPE, EXECUTION_ROLE_TYPE, SERVICE_GROUPS } from "./plan";
export { estimateMonthlyCost, PRICES } from "./pricing";
