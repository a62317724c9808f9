export { FargateEndpointSet, FargateEndpointSetArgs } from "./endpoint-set";
export { FargateExecutionRole, FargateExecutionRoleArgs } from "./execution-role";
export { ComponentInputError } from "./inputs";
export { ENDPOINT_SET_TYPE, EXECUTION_ROLE_TYPE, SERVICE_GROUPS } from "../model/components";
export { estimateMonthlyCost, PRICES } from "./pricing";
