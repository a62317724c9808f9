// DNS resolution switched off in the VPC.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { enableDnsSupport: false } });
