// Endpoints for the heavy traffic (ECR, S3, logs), NAT for the rest.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { network: { natPerAz: true }, services: ["ecr", "logs"] });
