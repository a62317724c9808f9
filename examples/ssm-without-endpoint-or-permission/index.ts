// SSM parameter with neither endpoint nor permission.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { services: ["ecr", "logs", "secretsmanager"], withoutGrants: ["parameters"] });
