/**
 * Live description of IAM roles a task definition names by ARN but no stack holds (an
 * execution role made by the platform team): the role's trust policy, its inline policies and
 * its attached policies (customer managed ones with their default version's document; AWS
 * managed ones by ARN, whose documents the shared model carries). AWS SDK v3 (optional peer
 * @aws-sdk/client-iam), loaded only when `context.aws` is on; bounded, time-limited, cached.
 * API reference: https://docs.aws.amazon.com/IAM/latest/APIReference/ (GetRole,
 * ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies, GetPolicy, GetPolicyVersion).
 * IAM returns policy documents URL-encoded.
 */
import type { StackResource } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import { AwsDescribeOptions, AwsDescription, describeOnce, describeWithin } from "./aws";

/** At most this many policies of a role: past it the description is partial, and not used. */
export const MAX_POLICIES_PER_ROLE = 100;

interface IamModule {
  IAMClient: new (config: Record<string, unknown>) => {
    send(command: unknown, options?: unknown): Promise<unknown>;
    destroy(): void;
  };
  [command: string]: unknown;
}

type Item = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const decode = (document: unknown): string | undefined => {
  const text = str(document);
  return text === undefined ? undefined : decodeURIComponent(text);
};
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** `arn:aws:iam::123456789012:role/path/name` → name. */
export function roleNameOf(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1];
}

async function describeRole(
  sdk: IamModule,
  client: InstanceType<IamModule["IAMClient"]>,
  signal: AbortSignal,
  arn: string,
  origin: string,
): Promise<StackResource[]> {
  const send = (command: string, input: Item) =>
    client.send(new (sdk[`${command}Command`] as new (input: Item) => unknown)(input), {
      abortSignal: signal,
    }) as Promise<Item>;
  const list = async (command: string, key: string, input: Item): Promise<unknown[]> => {
    const items: unknown[] = [];
    let marker: string | undefined;
    do {
      const page = await send(command, { ...input, ...(marker ? { Marker: marker } : {}) });
      items.push(...(Array.isArray(page[key]) ? (page[key] as unknown[]) : []));
      if (items.length > MAX_POLICIES_PER_ROLE)
        throw new Error(`${command} returned more than ${MAX_POLICIES_PER_ROLE} policies: the role would be partial`);
      marker = page.IsTruncated === true ? str(page.Marker) : undefined;
    } while (marker);
    return items;
  };
  const roleName = roleNameOf(arn)!;
  const role = (await send("GetRole", { RoleName: roleName })).Role as Item;
  const [inlineNames, attached] = await Promise.all([
    list("ListRolePolicies", "PolicyNames", { RoleName: roleName }),
    list("ListAttachedRolePolicies", "AttachedPolicies", { RoleName: roleName }),
  ]);
  const inline = await Promise.all(
    inlineNames.map(async (name) => ({
      name,
      policy: decode((await send("GetRolePolicy", { RoleName: roleName, PolicyName: name })).PolicyDocument),
    })),
  );
  const found: StackResource[] = [];
  const resource = (type: string, id: string, properties: Item, name: string): StackResource => ({
    type,
    urn: `urn:pulumi:live::aws::${type}::${id}`,
    name,
    properties: { id, ...properties },
    dependencies: [],
    propertyDependencies: {},
    origin,
  });
  const managedArns = (attached as Item[]).map((policy) => str(policy.PolicyArn)).filter((a): a is string => !!a);
  for (const policyArn of managedArns) {
    if (AWS_MANAGED.test(policyArn)) continue;
    const policy = (await send("GetPolicy", { PolicyArn: policyArn })).Policy as Item;
    const version = (await send("GetPolicyVersion", { PolicyArn: policyArn, VersionId: policy.DefaultVersionId }))
      .PolicyVersion as Item;
    found.push(
      resource(
        T.policy,
        policyArn,
        { arn: policyArn, name: policy.PolicyName, policy: decode(version.Document) },
        String(policy.PolicyName),
      ),
    );
  }
  found.push(
    resource(
      T.role,
      roleName,
      {
        arn: str(role.Arn) ?? arn,
        name: roleName,
        assumeRolePolicy: decode(role.AssumeRolePolicyDocument),
        inlinePolicies: inline,
      },
      roleName,
    ),
  );
  // Attachments as their own resources: the model resolves a policyArn to the customer policy above.
  for (const policyArn of managedArns)
    found.push(
      resource(
        T.rolePolicyAttachment,
        `${roleName}/${policyArn}`,
        { role: roleName, policyArn },
        `${roleName}-attachment`,
      ),
    );
  return found;
}

/** The described roles (and their customer managed policies) as resources of the stack model. */
export async function describeRoles(
  sdk: IamModule,
  roleArns: readonly string[],
  options: AwsDescribeOptions,
): Promise<AwsDescription> {
  const origin = "AWS IAM (described live)";
  const client = new sdk.IAMClient({
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return describeWithin(options, client, async (signal) => {
    const described = await Promise.all(
      roleArns.filter((arn) => roleNameOf(arn)).map((arn) => describeRole(sdk, client, signal, arn, origin)),
    );
    return { ok: true, resources: described.flat(), origin };
  });
}

const cache = new Map<string, Promise<AwsDescription>>();

/** Loads the SDK on first use (never when context.aws is off); each set of roles is described once per pack process. */
export function describeRolesOnce(
  roleArns: readonly string[],
  options: AwsDescribeOptions,
  loadSdk: () => Promise<unknown> = () => import("@aws-sdk/client-iam"),
): Promise<AwsDescription> {
  const key = `${options.profile ?? ""}\u0000${[...roleArns].sort().join(",")}`;
  return describeOnce<IamModule>(cache, key, "@aws-sdk/client-iam", loadSdk, (sdk) =>
    describeRoles(sdk, roleArns, options),
  );
}

/** For tests: forget what was described. */
export function clearRoleCache(): void {
  cache.clear();
}
