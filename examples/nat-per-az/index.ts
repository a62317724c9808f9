// Private subnets behind one NAT gateway per AZ: start-up calls leave through NAT.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { natPerAz: true }, endpointSet: false });
