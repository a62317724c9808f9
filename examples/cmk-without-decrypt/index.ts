// Customer managed key without kms:Decrypt.
import { referenceStack } from "../shared/reference";

referenceStack("shop", { customerManagedKey: true, withoutGrants: ["kmsKeys"] });
