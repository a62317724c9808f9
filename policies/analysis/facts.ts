/** Stack-wide facts the analysis needs before looking at any service: region and account. */
import { ANY_ACCOUNT, isRegionName, parseArn } from "../../model";
import type { StackModel } from "../stack/model";
import { readString } from "../stack/values";
import type { AnalysisSettings } from "./settings";
import { declaredStackAccount, providersDefaultTags, StackConfig } from "./providers";

export interface StackFacts {
  region?: string;
  /** The account, or ANY_ACCOUNT when nothing in the stack tells it. */
  accountId: string;
  regionSource: string;
  /** The tags every AWS provider of the stack adds to its resources, when known ({}: none). */
  defaultTags?: Readonly<Record<string, string>>;
}

/** The first account id found in a known ARN or ECR URL of the stack. */
function accountFromStack(model: StackModel): string | undefined {
  for (const resource of model.resources.values()) {
    const arn = readString(resource.properties, "arn");
    if (typeof arn === "string") {
      const parsed = parseArn(arn);
      if (parsed && /^\d{12}$/.test(parsed.account)) return parsed.account;
    }
    const url = readString(resource.properties, "repositoryUrl");
    if (typeof url === "string" && /^\d{12}\./.test(url)) return url.slice(0, 12);
  }
  return undefined;
}

export function stackFacts(model: StackModel, settings: AnalysisSettings, config: StackConfig = {}): StackFacts {
  const accountId =
    settings.accountId ?? accountFromStack(model) ?? declaredStackAccount(model, config)?.id ?? ANY_ACCOUNT;
  const facts = { accountId, defaultTags: providersDefaultTags(model, config) };
  const stackRegion = config.region;
  if (settings.region && isRegionName(settings.region))
    return { ...facts, region: settings.region, regionSource: "pack config" };
  if (stackRegion && isRegionName(stackRegion)) return { ...facts, region: stackRegion, regionSource: "aws:region" };
  for (const resource of model.resources.values()) {
    const region = readString(resource.properties, "region");
    if (typeof region === "string" && isRegionName(region))
      return { ...facts, region, regionSource: `region of ${resource.name}` };
  }
  return { ...facts, regionSource: "none" };
}
