// Public subnets, public IPs, no endpoints: every start-up call goes out through the internet gateway.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { publicTasks: true }, endpointSet: false, assignPublicIp: true });
