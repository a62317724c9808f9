import { strict as assert } from "assert";
import { imageReferenceProblem } from "../../model/startup";
import { out } from "../fixtures/builder";
import type { StackForm } from "../fixtures/builder";
import { ACCOUNT, REGION } from "../fixtures/stacks";
import { literalStack } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference image (its repository from the stack) written with `tail` after the registry host. */
const imageWith = (tail: (name: string) => string) => (form: StackForm) =>
  literalStack(form, (containers, b) => {
    containers[0].image = out(
      b.handle("api-repo"),
      "name",
      (name) => `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${tail(name)}`,
    );
  });

describeStartupRule("FARGATE-IMAGE-REFERENCE", {
  failing: [
    {
      title: "two tags",
      stack: imageWith((name) => `${name}:1.0.0:latest`),
      expected: ["FARGATE-IMAGE-REFERENCE api-task"],
      says: /it has more than one tag[\s\S]*CannotPullContainerError: invalid reference format/,
    },
    {
      title: "a tag starting with a dot",
      stack: imageWith((name) => `${name}:.1`),
      expected: ["FARGATE-IMAGE-REFERENCE api-task"],
    },
  ],
  passing: [
    { title: "the reference (repository:tag)", stack: imageWith((name) => `${name}:1.0.0`) },
    { title: "a digest", stack: imageWith((name) => `${name}@sha256:${"0123456789abcdef".repeat(4)}`) },
  ],
});

describe("image references", () => {
  it("reads what the runtime reads", () => {
    for (const ok of ["nginx", "nginx:1.27", "public.ecr.aws/nginx/nginx:1.27", "localhost:5000/app", "a__b", "a---b"])
      assert.equal(imageReferenceProblem(ok), undefined, ok);
    assert.equal(imageReferenceProblem("ghcr.io/Org/App:1"), "repository name must be lowercase");
    assert.equal(imageReferenceProblem("app:1:2"), "it has more than one tag");
    assert.match(imageReferenceProblem("app:1@sha256:abc")!, /digest/);
    assert.ok(imageReferenceProblem("a..b"));
    assert.ok(imageReferenceProblem(`${"a".repeat(256)}:1`));
  });
});
