// The task security group lets nothing out.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { httpsEgress: false } });
