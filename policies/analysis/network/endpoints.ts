/**
 * VPC endpoints, what both kinds share: finding the endpoints for a service in the task's VPC
 * (or one that may be, when its VPC, service name or type is computed at preview), and the
 * endpoint policy. Interface endpoints are in interface-endpoints.ts, the S3 gateway endpoint
 * in gateway-endpoints.ts.
 */
import { awsOwnedResource, EndpointCall, evaluateRequest } from "../../../model";
import { lookup } from "../../stack/lookup";
import type { StackModel, VpcEndpoint } from "../../stack/model";
import { known, UNKNOWN_FACT } from "../../stack/values";
import { label } from "../label";
import { Placement, Reach, unknown, unreachable } from "./reach";

/**
 * A verdict through an endpoint, and whether the endpoint certainly carries the traffic (its
 * private DNS answers for the service's name; its gateway route is on the subnet's table).
 */
export interface EndpointReach {
  reach: Reach;
  onPath: boolean;
  /**
   * When whether the name resolves to the endpoint is unknown (privateDnsEnabled or the VPC's
   * DNS flags computed): the verdict if it does, so another path is only trusted if this one holds too.
   */
  ifResolved?: Reach;
}

/**
 * Endpoints for a service in the task's VPC, and one that may be (its VPC, service name or
 * type is computed at preview), so a missing endpoint is only claimed when none may exist.
 */
export function endpointsInVpc(
  model: StackModel,
  placement: Placement,
  serviceName: string,
  type: "Interface" | "Gateway",
): { endpoints: VpcEndpoint[]; possible?: VpcEndpoint } {
  const endpoints: VpcEndpoint[] = [];
  let possible: VpcEndpoint | undefined;
  const { endpointsByVpcAndService, endpointsUndecided } = lookup(model);
  const candidates = new Set(endpointsUndecided);
  for (const vpcKey of [placement.vpcKey, placement.vpc?.id]) {
    for (const endpoint of (vpcKey && endpointsByVpcAndService.get(`${vpcKey}\u0000${serviceName}`)) || [])
      candidates.add(endpoint);
  }
  for (const endpoint of candidates) {
    const typeHit = endpoint.type === UNKNOWN_FACT ? undefined : (endpoint.type === "Gateway") === (type === "Gateway");
    const nameHit = known(endpoint.serviceName) ? endpoint.serviceName === serviceName : undefined;
    const vpcKnown = !!(endpoint.vpc?.urn || endpoint.vpc?.value);
    const vpcHit = vpcKnown
      ? (endpoint.vpc!.urn ?? endpoint.vpc!.value) === placement.vpcKey ||
        (!!endpoint.vpc!.value && placement.vpc?.id === endpoint.vpc!.value)
      : undefined;
    if (typeHit === false || nameHit === false || vpcHit === false) continue;
    if (typeHit && nameHit && vpcHit) endpoints.push(endpoint);
    else possible ??= endpoint;
  }
  return { endpoints, possible };
}

export function possiblyAnEndpoint(model: StackModel, endpoint: VpcEndpoint, serviceName: string): Reach {
  return unknown(
    `endpoint ${label(model, endpoint.urn)} may serve ${serviceName} in the task's VPC, but its VPC, service name or type is computed at preview`,
    endpoint.urn,
  );
}

/** What settles a verdict that hangs on the stack's account alone. */
export const ACCOUNT_SETTLES =
  "the stack's account (pack config accountId, `fargate-preflight check --account`, or the provider's allowedAccountIds)";

export function endpointPolicyAllows(
  model: StackModel,
  endpoint: VpcEndpoint,
  requests: readonly EndpointCall[],
): Reach | undefined {
  if (endpoint.policy === undefined) return undefined; // No policy: full access.
  const at = endpoint.policyDeclaredBy ?? endpoint.urn;
  const name = `endpoint ${label(model, endpoint.urn)}`;
  if (endpoint.policy === UNKNOWN_FACT) return unknown(`the policy of ${name} is computed at preview`, at);
  // A condition on the resource's account decides a resource AWS owns once the customer's account is known.
  const namesResourceAccount = /resourceaccount/i.test(JSON.stringify(endpoint.policy));
  for (const request of requests) {
    const verdict = evaluateRequest(
      [{ name: `endpoint policy of ${label(model, endpoint.urn)}`, document: endpoint.policy }],
      request,
    );
    if (verdict.decision === "allowed") continue;
    const what = `${request.action} on ${request.resource}`;
    const grant = { action: request.action, resource: request.resource };
    const awsOwned = awsOwnedResource(request.resource);
    if (verdict.decision === "unknown") {
      const accountOpen = awsOwned && namesResourceAccount && request.customerAccount === undefined;
      return unknown(
        `the policy of ${name} may not allow ${what}: ${verdict.reason}` +
          (accountOpen
            ? "; the ECR layer bucket belongs to AWS, so a condition on the resource's account decides it once the stack's account is known"
            : ""),
        at,
        accountOpen ? ACCOUNT_SETTLES : undefined,
      );
    }
    const denied = verdict.decision === "explicit-deny" ? ` (denied by ${verdict.policy})` : "";
    if (!awsOwned)
      return unreachable(
        `the policy of ${name} does not allow ${what}${denied}`,
        { kind: "allow-in-endpoint-policy", grant },
        at,
        "denied",
      );
    const why = namesResourceAccount
      ? `: the ECR layer bucket belongs to AWS, not to account ${request.customerAccount ?? "of this stack"}, so a condition that admits only your account's resources (aws:ResourceAccount, s3:ResourceAccount) excludes it`
      : "";
    return unreachable(
      `the policy of ${name} does not allow ${what}${denied}${why}`,
      { kind: "allow-aws-owned-in-endpoint-policy", grant, endpoint: name },
      at,
      "denied",
    );
  }
  return undefined;
}
