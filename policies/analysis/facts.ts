/** Stack-wide facts the analysis needs before looking at any service: region and account. */
import { ANY_ACCOUNT, isRegionName, parseArn } from "../../model";
import type { StackModel } from "../stack/model";
import { readString } from "../stack/values";
import type { PackConfig } from "./config";

export interface StackFacts {
  region?: string;
  /** The account, or ANY_ACCOUNT when nothing in the stack tells it. */
  accountId: string;
  regionSource: string;
}

/** The first account id found in a known ARN or ECR URL of the stack. */
function accountFromStack(model: StackModel): string | undefined {
  for (const resource of model.resources.values()) {
    const arn = readString(resource.props, "arn");
    if (typeof arn === "string") {
      const parsed = parseArn(arn);
      if (parsed && /^\d{12}$/.test(parsed.account)) return parsed.account;
    }
    const url = readString(resource.props, "repositoryUrl");
    if (typeof url === "string" && /^\d{12}\./.test(url)) return url.slice(0, 12);
  }
  return undefined;
}

export function stackFacts(model: StackModel, config: PackConfig, stackRegion: string | undefined): StackFacts {
  const accountId = config.accountId ?? accountFromStack(model) ?? ANY_ACCOUNT;
  if (config.region && isRegionName(config.region))
    return { region: config.region, accountId, regionSource: "pack config" };
  if (stackRegion && isRegionName(stackRegion)) return { region: stackRegion, accountId, regionSource: "aws:region" };
  for (const resource of model.resources.values()) {
    const region = readString(resource.props, "region");
    if (typeof region === "string" && isRegionName(region))
      return { region, accountId, regionSource: `region of ${resource.name}` };
  }
  return { accountId, regionSource: "none" };
}
