// The Secrets Manager endpoint was forgotten.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { services: ["ecr", "logs", "ssm"] });
