// Every endpoint, but the execution role has no ECR grants.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { withoutGrants: ["repositories"] });
