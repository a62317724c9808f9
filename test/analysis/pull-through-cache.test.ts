/**
 * ECR pull-through cache: an image `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/...` of a
 * cache rule of the stack. A pull the cache misses imports the image with the execution role's
 * ecr:BatchImportUpstreamImage (and ecr:CreateRepository while the repository does not exist),
 * and with ECR reached through VPC endpoints the first pull needs a NAT route to the internet.
 * A rule created in the same update holds nothing yet: the miss is certain, a finding; a rule
 * that exists already may hold the tag: unknown.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
import { strict as assert } from "assert";
import type { StackBuilder, StackForm } from "../fixtures/builder";
import { ACCOUNT, REGION, redundantStack, referenceStack } from "../fixtures/stacks";
import { CACHE_IMPORT_GRANT, CACHE_REPOSITORY, withPullThroughCacheImage } from "../fixtures/variants";
import { findingsOf, pairs } from "../support/findings";
import { UNKNOWN } from "../../model";
import { FORMS } from "./network-stacks";

type Json = Record<string, unknown>;

/** The stack of `make` pulling the cached image (fixtures/variants), with the role's extra `grants`. */
const cachedImageStack = (make: (form: StackForm) => StackBuilder, form: StackForm, grants: Json[] = []) =>
  withPullThroughCacheImage(make(form), grants);
const IMPORT = CACHE_IMPORT_GRANT;

const mandatory = (b: StackBuilder) =>
  pairs(findingsOf(b.resources).filter((finding) => finding.level === "mandatory"));
const advisories = (b: StackBuilder, pattern: RegExp) =>
  findingsOf(b.resources).filter((finding) => finding.ruleId === "FARGATE-UNKNOWN" && pattern.test(finding.message));

describe("ECR pull-through cache", () => {
  describe("a rule created in the same update (first preview): its cache holds nothing", () => {
    it("a role without the import and the repository creation: a mandatory finding naming both and the error", () => {
      const b = cachedImageStack(redundantStack, "preview");
      assert.deepEqual(mandatory(b), ["FARGATE-ECR-IAM exec-role"]);
      const finding = findingsOf(b.resources).find((f) => f.ruleId === "FARGATE-ECR-IAM")!;
      assert.match(
        finding.message,
        /ecr:BatchImportUpstreamImage on arn:aws:ecr:eu-west-1:111122223333:repository\/docker-hub\/library\/nginx/,
      );
      assert.match(finding.message, /ecr:CreateRepository/);
      assert.match(finding.message, /not authorized to perform: ecr:BatchImportUpstreamImage/);
    });

    it("a role that may import and create the repository: nothing", () => {
      assert.deepEqual(mandatory(cachedImageStack(redundantStack, "preview", [IMPORT])), []);
    });

    it("the repository created by the stack: ecr:CreateRepository is not needed", () => {
      const b = cachedImageStack(redundantStack, "preview", [
        { Effect: "Allow", Action: "ecr:BatchImportUpstreamImage", Resource: CACHE_REPOSITORY },
      ]);
      b.add("aws:ecr/repository:Repository", "nginx-cache", { name: "docker-hub/library/nginx" });
      assert.deepEqual(mandatory(b), []);
    });

    it("the registry's permissions policy may grant the import and the repository instead", () => {
      const b = cachedImageStack(redundantStack, "preview");
      b.add("aws:ecr/registryPolicy:RegistryPolicy", "registry", {
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/exec-role` },
              Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
              Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/docker-hub/*`,
            },
          ],
        }),
      });
      assert.deepEqual(mandatory(b), []);
    });

    it("ECR through endpoints without a NAT route: the first pull cannot reach Docker Hub, a mandatory finding", () => {
      const b = cachedImageStack(referenceStack, "preview", [IMPORT]);
      assert.deepEqual(mandatory(b), ["FARGATE-INTERNET-IMAGE private-rt"]);
      const finding = findingsOf(b.resources).find((f) => f.ruleId === "FARGATE-INTERNET-IMAGE")!;
      assert.match(finding.message, /registry-1\.docker\.io/);
      assert.match(finding.message, /pull-through cache/);
    });

    it("a rule whose prefix is computed at preview may cache the image: unknown, never a pass", () => {
      const b = cachedImageStack(redundantStack, "preview");
      b.patch("docker-hub-cache", (properties) => (properties.ecrRepositoryPrefix = UNKNOWN));
      assert.deepEqual(mandatory(b), []);
      assert.equal(advisories(b, /ecr:BatchImportUpstreamImage.*ecrRepositoryPrefix is computed at preview/).length, 1);
    });

    it("an image of another repository is an ordinary ECR image", () => {
      const b = cachedImageStack(redundantStack, "preview");
      b.patch("docker-hub-cache", (properties) => (properties.ecrRepositoryPrefix = "quay"));
      assert.deepEqual(mandatory(b), []);
    });
  });

  describe("a rule that exists already (deployed): the cache may hold the tag", () => {
    it("the missing import and the missing NAT route are unknown, naming the cache", () => {
      const b = cachedImageStack(referenceStack, "deployed");
      assert.deepEqual(mandatory(b), []);
      assert.equal(advisories(b, /ecr:BatchImportUpstreamImage.*a tag the cache does not hold yet/).length, 1);
      // One per subnet: each names the missing route.
      assert.equal(advisories(b, /registry-1\.docker\.io only for a tag the cache does not hold yet/).length, 2);
    });
  });

  for (const form of FORMS)
    it(`a stack with the import, the repository and a NAT route passes (${form})`, () => {
      const findings = findingsOf(cachedImageStack(redundantStack, form, [IMPORT]).resources);
      assert.deepEqual(pairs(findings.filter((finding) => finding.level === "mandatory")), []);
      assert.ok(
        !findings.some((finding) => /docker-hub/.test(finding.message) && finding.ruleId === "FARGATE-UNKNOWN"),
      );
    });
});
