import { ANY_ACCOUNT, parseImage } from "../../model";
import type { StackAnalysis } from "../analysis/analyze";
import { FargateTask, fargateTasks } from "../analysis/fargate-tasks";
import { freshNameIn } from "../analysis/fresh-names";
import { label } from "../analysis/label";
import { lookup } from "../stack/lookup";
import type { StackModel } from "../stack/model";
import { known } from "../stack/values";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-ECR-REPOSITORY";

const NOT_FOUND =
  "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref <image>: <registry>/<repository>:<tag>: not found (PV 1.3: API error (404): repository <uri> not found)";

export const rule: Rule = {
  id: ID,
  description:
    "Every ECR repository of the stack's account that a Fargate image names exists: the stack creates it, a pull-through cache rule of the stack creates it on first pull, or it comes from elsewhere (an advisory saying so).",
  explanation:
    "A repository the stack does not create may belong to another stack or to CI, so that is an advisory naming how to settle it; a repository name built from a name this very preview generates (an autonamed resource's) cannot exist yet, and every pull fails. Whether an image tag exists is registry state no preview can see.",
  fix: "Create the repository in the stack (aws.ecr.Repository) and take the image from its repositoryUrl, or name a repository that exists.",
  defaultLevel: "mandatory",
  awsErrors: [NOT_FOUND],
  sources: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html",
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html",
  ],
  docs: {
    failing: code`
      const cluster = new aws.ecs.Cluster("shop"); // autonamed: shop-1a2b3c4
      const image = pulumi.interpolate\`123456789012.dkr.ecr.eu-west-1.amazonaws.com/\${cluster.name}/api:1.0\`;
    `,
    passing: code`
      const repository = new aws.ecr.Repository("api", { name: pulumi.interpolate\`\${cluster.name}/api\` });
      const image = pulumi.interpolate\`\${repository.repositoryUrl}:1.0\`;
    `,
  },
  check: (analysis) => fargateTasks(analysis).flatMap((task) => taskFindings(analysis, task)),
};

/** A pull-through cache rule of the stack serves the repository (ECR creates it on the first pull). */
function cachedByRule(analysis: StackAnalysis, repository: string): boolean | "maybe" {
  let maybe = false;
  for (const { prefix } of analysis.model.cacheRules.values()) {
    if (prefix === undefined) continue;
    if (!known(prefix)) maybe = true;
    else if (prefix === "ROOT" || repository.startsWith(`${prefix}/`)) return true;
  }
  return maybe ? "maybe" : false;
}

/** Whether some repository of the stack has a name not known at preview: asked once per stack, not per task. */
const someUnnamedOf = new WeakMap<StackModel, boolean>();
function someRepositoryUnnamed(model: StackModel): boolean {
  let unnamed = someUnnamedOf.get(model);
  if (unnamed === undefined) {
    unnamed = [...model.repositories.values()].some((repository) => !known(repository.name));
    someUnnamedOf.set(model, unnamed);
  }
  return unnamed;
}

function taskFindings(analysis: StackAnalysis, task: FargateTask): Finding[] {
  if (!task.containers || task.services.length === 0) return [];
  const { model, facts } = analysis;
  const definition = task.taskDefinition;
  const name = `task definition "${label(model, definition.urn)}"`;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const someUnnamed = someRepositoryUnnamed(model);
  for (const container of task.containers) {
    const image = container.image ? parseImage(container.image) : undefined;
    if (image?.registry !== "ecr" || seen.has(image.repositoryArn)) continue;
    seen.add(image.repositoryArn);
    // Another account's repository can never be this stack's: its policy is FARGATE-ECR-IAM's concern.
    const ownAccount = facts.accountId === ANY_ACCOUNT || image.account === facts.accountId;
    if (!ownAccount || lookup(model).repositoriesByKey.has(`name:${image.repository}`) || someUnnamed) continue;
    if (cachedByRule(analysis, image.repository) !== false) continue;
    const what = `repository ${image.repository} (${image.region}) of container "${container.name}"`;
    const fresh = freshNameIn(model, definition.containerDefinitionSources, image.repository);
    findings.push(
      fresh
        ? finding(ID, definition.urn, {
            problem: `${name}: ${what} cannot exist yet: its name is built from ${fresh.name}, the name this preview generates for ${label(model, fresh.urn)}, and this stack creates no such repository.`,
            consequence: { kind: "tasks-stop", error: NOT_FOUND },
            fixes: [{ kind: "create-repository" }],
          })
        : finding("FARGATE-UNKNOWN", definition.urn, {
            problem:
              `${name}: whether ${what} exists cannot be known before deployment: this stack does not create it, so it must come from elsewhere (if it does not exist, every pull fails with CannotPullContainerError ... not found). ` +
              "To decide it at preview, create it in this stack, or look it up with aws.ecr.getRepository (the preview then fails if it is missing) and acknowledge this finding.",
          }),
    );
  }
  return findings;
}
