// Private subnets, no NAT, no endpoints.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { endpointSet: false });
