import { parseImage } from "../../model";
import { IMAGE_REFERENCE_SOURCES, imageReferenceProblem } from "../../model/startup";
import { fargateTasks } from "../analysis/fargate-tasks";
import { label } from "../analysis/label";
import { code, finding, Finding, Rule } from "./rule";

const ID = "FARGATE-IMAGE-REFERENCE";

const INVALID_REFERENCE = "CannotPullContainerError: invalid reference format";

export const rule: Rule = {
  id: ID,
  description:
    "Every image of a Fargate task definition is a reference the container runtime can read: name[:tag][@digest], the repository in lower case.",
  explanation:
    "ECS registers an image of up to 255 letters, digits and - _ : . / #, but the runtime reads it by the distribution reference grammar: an upper-case repository, two tags, a bad tag or digest pass registration and fail every pull.",
  fix: "Write the image as [registry/]repository[:tag][@sha256:digest] with the repository in lower case.",
  defaultLevel: "mandatory",
  awsErrors: [INVALID_REFERENCE, `${INVALID_REFERENCE}: repository name must be lowercase`],
  sources: [...IMAGE_REFERENCE_SOURCES],
  docs: {
    failing: code`
      const containers = [
        { name: "api", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0:latest" },
      ];
    `,
    passing: code`
      const containers = [{ name: "api", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0" }];
    `,
  },
  check: (analysis) =>
    fargateTasks(analysis).flatMap((task): Finding[] =>
      (task.containers ?? []).flatMap((container) => {
        const image = container.image;
        // An image parseImage refuses (empty, white space) is FARGATE-TASK-DEFINITION's.
        if (image === undefined || !parseImage(image)) return [];
        const problem = imageReferenceProblem(image);
        if (!problem) return [];
        return [
          finding(ID, task.taskDefinition.urn, {
            problem: `task definition "${label(analysis.model, task.taskDefinition.urn)}": the image of container "${container.name}", ${JSON.stringify(image)}, is not a reference the runtime reads: ${problem}.`,
            consequence: {
              kind: "tasks-stop",
              error: `${INVALID_REFERENCE}${problem === "repository name must be lowercase" ? `: ${problem}` : ""}`,
            },
            fixes: [{ kind: "write-image-reference" }],
          }),
        ];
      }),
    ),
};
