/**
 * The stack's AWS account before anything is created: at a first preview no ARN tells it, but
 * the AWS providers may declare it, and a component of fargate-preflight may have resolved it.
 *
 * - A provider that allows exactly one account (`allowedAccountIds`) fails on any other, and
 *   one that assumes a role (`assumeRoles`, `assumeRole`) works in that role's account
 *   (https://www.pulumi.com/registry/packages/aws/api-docs/provider/). The provider resource
 *   carries them as JSON text (@pulumi/aws provider.js: `JSON.stringify`), the stack config
 *   (`aws:allowedAccountIds`...) as JSON text too.
 * - FargateExecutionRole writes the account `aws:getCallerIdentity` answered into its role's
 *   trust policy (`aws:SourceAccount`): invokes are answered at preview.
 *
 * The account is taken only when every source agrees: an explicit provider that declares
 * nothing may be another account, so then nothing is concluded.
 */
import { EXECUTION_ROLE_TYPE, isUnknown, parseArn } from "../../model";
import type { Properties } from "../../engine/stack-resource";
import { T } from "../../engine/type-tokens";
import type { StackModel } from "../stack/model";
import { known } from "../stack/values";

/** What the stack's config (the engine's `PULUMI_CONFIG`) tells beside the resources. */
export interface StackConfig {
  region?: string;
  /** The default AWS provider's settings: the stack config's `aws:` keys without the namespace. */
  awsProvider?: Readonly<Properties>;
  /**
   * An account the offline command's mocks answered `getCallerIdentity` with although the stack's
   * is not known: never learnt from a resource.
   */
  standInAccountId?: string;
}

type Declaration = { kind: "account"; id: string } | { kind: "none" } | { kind: "conflict" };

const ACCOUNT_ID = /^\d{12}$/;

/** A provider setting as the provider resource or config holds it: JSON text, or the value itself. */
function settingValue(value: unknown): unknown {
  if (typeof value !== "string" || isUnknown(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function roleAccount(role: unknown): string | undefined {
  const arn = typeof role === "object" && role !== null ? (role as Record<string, unknown>).roleArn : undefined;
  const account = typeof arn === "string" ? parseArn(arn)?.account : undefined;
  return account && ACCOUNT_ID.test(account) ? account : undefined;
}

/** The account an AWS provider's settings bind it to, if they name exactly one. */
export function declaredAccount(settings: Readonly<Properties>): Declaration {
  const allowed = settingValue(settings.allowedAccountIds);
  const single =
    Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string" && ACCOUNT_ID.test(allowed[0])
      ? allowed[0]
      : undefined;
  // A chain of roles ends in the last one's account.
  const roles = settingValue(settings.assumeRoles);
  const assumed = Array.isArray(roles) && roles.length > 0 ? roleAccount(roles[roles.length - 1]) : undefined;
  const role = assumed ?? roleAccount(settingValue(settings.assumeRole));
  if (single && role && single !== role) return { kind: "conflict" };
  const id = role ?? single;
  return id ? { kind: "account", id } : { kind: "none" };
}

/** Every provider's declaration must name the same account. */
function agree(declarations: readonly Declaration[]): Declaration {
  let id: string | undefined;
  for (const declaration of declarations) {
    if (declaration.kind !== "account") return declaration;
    if (id !== undefined && id !== declaration.id) return { kind: "conflict" };
    id = declaration.id;
  }
  return id ? { kind: "account", id } : { kind: "none" };
}

/** Default providers are named `default_<version>` by the engine. */
const isDefaultProvider = (name: string) => name === "default" || name.startsWith("default_");

/**
 * The account the stack's AWS providers declare. The config stands for the default provider
 * when the stack holds none (the offline command does not record it).
 */
function providersAccount(model: StackModel, config: StackConfig): { declared: Declaration; undeclared: boolean } {
  const providers = [...model.resources.values()].filter((resource) => resource.type === T.awsProvider);
  const declarations = providers.map((provider) => declaredAccount(provider.properties));
  if (!providers.some((provider) => isDefaultProvider(provider.name)))
    declarations.push(declaredAccount(config.awsProvider ?? {}));
  // An explicit provider that declares nothing may work in any account.
  const undeclared = providers.some(
    (provider, index) => !isDefaultProvider(provider.name) && declarations[index].kind !== "account",
  );
  return { declared: agree(declarations), undeclared };
}

/** Accounts FargateExecutionRoles resolved, read from their roles' trust policies (aws:SourceAccount). */
function componentAccounts(model: StackModel, standIn: string | undefined): Set<string> {
  const accounts = new Set<string>();
  for (const role of model.roles.values()) {
    const parent = model.resources.get(role.urn)?.parent;
    if (!parent || !parent.split("::").slice(-2, -1)[0]?.endsWith(EXECUTION_ROLE_TYPE)) continue;
    if (!known(role.trust) || role.trust === undefined) continue;
    for (const statement of [role.trust.Statement ?? []].flat()) {
      const equals = statement.Condition?.StringEquals as Record<string, unknown> | undefined;
      const value = equals?.["aws:SourceAccount"];
      if (typeof value === "string" && ACCOUNT_ID.test(value) && value !== standIn) accounts.add(value);
    }
  }
  return accounts;
}

/**
 * The default tags every AWS provider of the stack adds (`defaultTags: { tags }`), when they are
 * known and the same for all; undefined when they are not (then a tag a resource does not name
 * may still be there). A provider with `ignoreTags` leaves tags to be managed elsewhere: unknown.
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/#defaulttags_yaml
 */
export function providersDefaultTags(model: StackModel, config: StackConfig): Record<string, string> | undefined {
  const providers = [...model.resources.values()].filter((resource) => resource.type === T.awsProvider);
  const settings = providers.map((provider) => provider.properties);
  if (!providers.some((provider) => isDefaultProvider(provider.name))) settings.push(config.awsProvider ?? {});
  let agreed: string | undefined;
  for (const setting of settings) {
    if (setting.ignoreTags !== undefined && settingValue(setting.ignoreTags) !== null) return undefined;
    const tags = defaultTagsOf(setting.defaultTags);
    if (tags === undefined) return undefined;
    const text = JSON.stringify(Object.entries(tags).sort());
    if (agreed !== undefined && agreed !== text) return undefined;
    agreed = text;
  }
  return agreed === undefined ? {} : Object.fromEntries(JSON.parse(agreed) as [string, string][]);
}

/** A provider's `defaultTags` setting: its tags ({} when unset), or undefined when not known. */
function defaultTagsOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  const parsed = settingValue(value);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const tags = (parsed as Record<string, unknown>).tags;
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== "object" || Array.isArray(tags)) return undefined;
  const entries = Object.entries(tags as Record<string, unknown>);
  if (!entries.every(([, tag]) => typeof tag === "string" && !isUnknown(tag))) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The stack's account from its providers and components, when they tell one without contradiction. */
export function declaredStackAccount(
  model: StackModel,
  config: StackConfig,
): { id: string; source: string } | undefined {
  const { declared, undeclared } = providersAccount(model, config);
  const resolved = componentAccounts(model, config.standInAccountId);
  if (declared.kind === "account") {
    const others = [...resolved].filter((id) => id !== declared.id);
    return others.length === 0 ? { id: declared.id, source: "the AWS provider's settings" } : undefined;
  }
  if (declared.kind === "conflict" || undeclared || resolved.size !== 1) return undefined;
  return { id: [...resolved][0], source: "a FargateExecutionRole's caller identity" };
}
