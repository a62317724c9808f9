// NAT gateways in private subnets.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { natInPrivateSubnets: true }, endpointSet: false });
