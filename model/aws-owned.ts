/**
 * Resources a task's start-up touches that AWS owns, never the customer: the bucket ECR keeps
 * image layers in, `prod-<region>-starport-layer-bucket`. A VPC endpoint policy sees such a
 * request with the resource's account present, and that account is none of the customer's: a
 * policy that allows only the customer's accounts (aws:ResourceAccount, s3:ResourceAccount)
 * denies it. Sources: https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 * (the bucket a gateway endpoint policy must allow), and AWS's data-perimeter examples, which
 * allow it in a statement of its own for resources AWS owns
 * (https://github.com/aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/s3_endpoint_policy.json);
 * the keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount.
 */
import type { IamRequest } from "./iam";
import { RequestContext, requestContext } from "./iam-request-context";

const LAYER_BUCKET = /^arn:aws[a-z-]*:s3:::prod-[a-z0-9-]+-starport-layer-bucket(\/|$)/;

/** Is `resource` (an ARN, maybe a pattern) in a bucket AWS owns? */
export function awsOwnedResource(resource: string): boolean {
  return LAYER_BUCKET.test(resource);
}

/** The keys naming a resource's account in a request to S3. */
export const RESOURCE_ACCOUNT_KEYS = ["aws:ResourceAccount", "s3:ResourceAccount"] as const;

/**
 * The context a VPC endpoint policy evaluates a call in, as far as it is known: the keys the
 * calling service sets (`present`); for a resource AWS owns, its account present with a value
 * that is not `customerAccount` (when that is known). Every other key is unknowable.
 */
export function endpointRequestContext(
  resource: string,
  present: Readonly<Record<string, string>> | undefined,
  customerAccount: string | undefined,
): RequestContext {
  const context = requestContext(present ?? {});
  if (!awsOwnedResource(resource)) return context;
  const differsFrom = new Set(customerAccount ? [customerAccount] : []);
  return {
    ...context,
    presentUnknown: new Map(RESOURCE_ACCOUNT_KEYS.map((key) => [key.toLowerCase(), differsFrom])),
  };
}

/** A call a VPC endpoint policy judges, with the stack's account when known (for messages). */
export interface EndpointCall extends IamRequest {
  fullContext: RequestContext;
  customerAccount?: string;
}

/** The call as an endpoint policy sees it (see endpointRequestContext). */
export function endpointCall(
  action: string,
  resource: string,
  present: Readonly<Record<string, string>> | undefined,
  customerAccount: string | undefined,
): EndpointCall {
  return {
    action,
    resource,
    fullContext: endpointRequestContext(resource, present, customerAccount),
    customerAccount,
  };
}
