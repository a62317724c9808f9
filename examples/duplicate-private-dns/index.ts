// A second private-DNS endpoint for logs in the same VPC (e.g. from a platform module).
import { handmadeInterfaceEndpoints } from "../shared/handmade-endpoints";
import { referenceStack } from "../shared/reference";

const stack = referenceStack("shop");
handmadeInterfaceEndpoints("platform", stack.net, ["logs"]);
