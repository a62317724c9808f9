/**
 * Stand-ins for `awsx.ecr.Repository` and `awsx.ecr.Image` (pulumi/pulumi-awsx
 * awsx/ecr/repository.ts, image.ts; facts.ts AWSX_SOURCE), as far as a task's image reference
 * needs them. The repository creates an ECR repository named in lower case and, unless skipped,
 * its lifecycle policy. The image is built and pushed by docker at deployment: at a first
 * preview its URI is unknown (with a new repository awsx registers nothing at all); deployed,
 * it is `<repository URL>@sha256:<digest>`. The docker build resource itself is not created
 * offline: nothing a task needs at start-up depends on it beyond the URI.
 */
import type * as awsx from "@pulumi/awsx";
import type * as AwsModule from "@pulumi/aws";
import { AWSX_TYPE, DEFAULT_LIFECYCLE_RULE } from "./facts";
import { sha1Prefix } from "./containers";
import { dependingOn, has } from "./runtime";
import type { AwsxRuntime, ComponentOptions, Output } from "./runtime";

type Rule = {
  description?: string;
  tagStatus: string;
  tagPrefixList?: string[];
  maximumNumberOfImages?: number;
  maximumAgeLimit?: number;
};

/** repository.ts convertRules: "any" rules last, priorities from 1, count by number of images or age in days. */
function lifecycleDocument(rules: readonly Rule[]) {
  if (rules.filter((rule) => rule.tagStatus === "any").length >= 2)
    throw new Error(`at most one lifecycle rule may select "any"`);
  const ordered = [
    ...rules.filter((rule) => rule.tagStatus !== "any"),
    ...rules.filter((rule) => rule.tagStatus === "any"),
  ];
  return {
    rules: ordered.map((rule, index) => {
      const tag =
        rule.tagStatus === "any" || rule.tagStatus === "untagged"
          ? { tagStatus: rule.tagStatus }
          : rule.tagPrefixList && rule.tagPrefixList.length > 0
            ? { tagStatus: "tagged", tagPrefixList: rule.tagPrefixList }
            : (() => {
                throw new Error("a tagged lifecycle rule needs a non-empty tagPrefixList");
              })();
      const count =
        rule.maximumNumberOfImages !== undefined
          ? { countType: "imageCountMoreThan", countNumber: rule.maximumNumberOfImages, countUnit: undefined }
          : rule.maximumAgeLimit !== undefined
            ? { countType: "sinceImagePushed", countNumber: rule.maximumAgeLimit, countUnit: "days" }
            : (() => {
                throw new Error("a lifecycle rule needs maximumNumberOfImages or maximumAgeLimit");
              })();
      return {
        rulePriority: index + 1,
        description: rule.description,
        selection: { ...tag, ...count },
        action: { type: "expire" },
      };
    }),
  };
}

export function ecrStandIns(runtime: AwsxRuntime): {
  Repository: typeof awsx.ecr.Repository;
  Image: typeof awsx.ecr.Image;
} {
  const { pulumi, aws } = runtime;

  class Repository extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.repository;
    static isInstance(value: unknown): value is Repository {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.repository;
    }
    readonly repository: Output<AwsModule.ecr.Repository>;
    readonly url: Output<string>;
    readonly lifecyclePolicy: Output<AwsModule.ecr.LifecyclePolicy | undefined>;

    constructor(name: string, args: awsx.ecr.RepositoryArgs = {}, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.repository, name, args, opts);
      const resourceName = name.toLowerCase();
      const { lifecyclePolicy, ...repositoryArgs } = args;
      const repository = new aws.ecr.Repository(resourceName, repositoryArgs as AwsModule.ecr.RepositoryArgs, {
        parent: this,
      });
      const policy = lifecyclePolicy?.skip
        ? undefined
        : new aws.ecr.LifecyclePolicy(
            resourceName,
            {
              repository: repository.name,
              policy: lifecyclePolicy?.rules
                ? pulumi.output(lifecyclePolicy.rules).apply((rules) => lifecycleDocument(rules as Rule[]))
                : lifecycleDocument([DEFAULT_LIFECYCLE_RULE]),
              ...(args.region !== undefined && has(runtime, "lifecyclePolicyRegion") ? { region: args.region } : {}),
            } as AwsModule.ecr.LifecyclePolicyArgs,
            { parent: this },
          );
      this.repository = dependingOn(pulumi, repository, [repository]);
      this.url = repository.repositoryUrl;
      this.lifecyclePolicy = dependingOn(pulumi, policy, policy ? [policy] : []);
      this.registerOutputs({});
    }
  }

  class Image extends pulumi.ComponentResource {
    static readonly __pulumiType = AWSX_TYPE.image;
    static isInstance(value: unknown): value is Image {
      return (value as { __pulumiType?: unknown } | undefined)?.__pulumiType === AWSX_TYPE.image;
    }
    readonly imageUri: Output<string>;

    constructor(name: string, args: awsx.ecr.ImageArgs, opts: ComponentOptions = {}) {
      super(AWSX_TYPE.image, name, args, opts);
      // image.ts: everything happens in an apply over the arguments, so it waits for the repository URL.
      this.imageUri = pulumi.output(args).apply((resolved) => {
        if (pulumi.runtime.isDryRun()) return pulumi.output(pulumi.unknown) as unknown as Output<string>;
        // Deployed: the digest docker reported when it pushed the build (stable per image and stack).
        const digest = Array.from({ length: 8 }, (_, i) => sha1Prefix(`${name}${pulumi.getStack()}${i}`)).join("");
        return pulumi.output(`${resolved.repositoryUrl}@sha256:${digest}`);
      });
      this.registerOutputs({});
    }
  }

  return { Repository, Image };
}
