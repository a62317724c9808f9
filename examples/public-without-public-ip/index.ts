// Public subnets, but assignPublicIp false.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { publicTasks: true }, endpointSet: false, assignPublicIp: false });
