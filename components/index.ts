export { ENDPOINT_SET_TYPE, FargateEndpointSet, FargateEndpointSetArgs } from "./endpoint-set";
export { EXECUTION_ROLE_TYPE, FargateExecutionRole, FargateExecutionRoleArgs } from "./execution-role";
export { ComponentInputError, SERVICE_GROUPS } from "./plan";
export { estimateMonthlyCost, PRICES } from "./pricing";
