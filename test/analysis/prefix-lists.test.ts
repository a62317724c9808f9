/**
 * Prefix lists: only the region's S3 prefix list opens the path to the S3 gateway endpoint.
 * Each case runs on the first-preview form and the deployed form of the same stack.
 */
import { strict as assert } from "assert";
import { out, StackBuilder } from "../fixtures/builder";
import { findingsOf, pairs } from "../support/findings";
import {
  DYNAMODB_PREFIX_LIST,
  findingsBeyondReference,
  FORMS,
  handle,
  referenceWithPrefixList,
  S3_PREFIX_LIST,
  taskEgressToPrefixLists,
  withDynamoDbEndpoint,
} from "./network-stacks";

/** The task group's only egress: TCP 443 to one prefix list, by its literal id. */
function onlyEgressToPrefixList(b: StackBuilder, id: string): void {
  taskEgressToPrefixLists(b, [id]);
  b.patch("task-sg", (properties) => (properties.egress = []));
}

describe("network analysis: prefix lists", () => {
  for (const form of FORMS) {
    describe(`${form} form`, () => {
      it("a DynamoDB prefix list does not allow S3", () => {
        const { b } = referenceWithPrefixList(form);
        const dynamodb = withDynamoDbEndpoint(b);
        taskEgressToPrefixLists(b, [out(dynamodb, "prefixListId")]);
        assert.deepEqual(findingsBeyondReference(b), ["FARGATE-S3-NETWORK task-sg"]);
      });

      it("the S3 gateway endpoint's own prefix list allows S3", () => {
        const { b, s3Endpoint } = referenceWithPrefixList(form);
        withDynamoDbEndpoint(b);
        taskEgressToPrefixLists(b, [out(s3Endpoint, "prefixListId")]);
        assert.deepEqual(findingsBeyondReference(b), []);
      });

      it("a prefix list id the pack cannot identify is unknown, never S3", () => {
        const { b } = referenceWithPrefixList(form);
        taskEgressToPrefixLists(b, ["pl-0123abcd"]);
        const findings = findingsOf(b.resources);
        assert.deepEqual(pairs(findings, "FARGATE-S3-NETWORK"), []);
        const unknown = findings.filter((finding) => finding.ruleId === "FARGATE-UNKNOWN").map((f) => f.message);
        assert.ok(
          unknown.some((message) =>
            /prefix list pl-0123abcd, which the pack cannot identify.*s3PrefixListIds/.test(message),
          ),
          unknown.join("\n"),
        );
      });

      it("the region's S3 prefix list written as its literal id opens S3 and nothing else (AWS-managed list table)", () => {
        const { b } = referenceWithPrefixList(form);
        onlyEgressToPrefixList(b, S3_PREFIX_LIST);
        assert.deepEqual(findingsBeyondReference(b), [
          "FARGATE-ECR-NETWORK task-sg",
          "FARGATE-LOGS-NETWORK task-sg",
          "FARGATE-SECRETS-NETWORK task-sg",
          "FARGATE-SSM-NETWORK task-sg",
        ]);
        const unknown = findingsOf(b.resources).filter((finding) => finding.ruleId === "FARGATE-UNKNOWN");
        assert.ok(!unknown.some((finding) => finding.message.includes(S3_PREFIX_LIST)), unknown.join("\n"));
      });

      it("the region's DynamoDB prefix list written as its literal id opens nothing a task needs", () => {
        const { b } = referenceWithPrefixList(form);
        onlyEgressToPrefixList(b, DYNAMODB_PREFIX_LIST);
        assert.deepEqual(findingsBeyondReference(b), [
          "FARGATE-ECR-NETWORK task-sg",
          "FARGATE-LOGS-NETWORK task-sg",
          "FARGATE-S3-NETWORK task-sg",
          "FARGATE-SECRETS-NETWORK task-sg",
          "FARGATE-SSM-NETWORK task-sg",
        ]);
      });

      it("an id that is S3's in another region only (ap-southeast-1's S3 list is eu-west-1's DynamoDB list) is not S3 here", () => {
        const { b } = referenceWithPrefixList(form);
        taskEgressToPrefixLists(b, ["pl-6fa54006"]);
        assert.deepEqual(findingsBeyondReference(b), ["FARGATE-S3-NETWORK task-sg"]);
      });

      it("the same id named in the pack config s3PrefixListIds allows S3", () => {
        const { b } = referenceWithPrefixList(form);
        taskEgressToPrefixLists(b, [S3_PREFIX_LIST]);
        assert.deepEqual(findingsBeyondReference(b, { s3PrefixListIds: [S3_PREFIX_LIST] }), []);
      });

      it("a prefix list read with ManagedPrefixList.get and named com.amazonaws.<region>.s3 allows S3", () => {
        const { b } = referenceWithPrefixList(form);
        // A read resource (not a create): its whole state, id included, is known at a first preview too.
        const s3List = b.add("aws:ec2/managedPrefixList:ManagedPrefixList", "s3-prefix-list", {
          name: "com.amazonaws.eu-west-1.s3",
        });
        b.patch("s3-prefix-list", (properties) => (properties.id = S3_PREFIX_LIST));
        taskEgressToPrefixLists(b, [S3_PREFIX_LIST]);
        assert.ok(s3List);
        assert.deepEqual(findingsBeyondReference(b), []);
      });

      it("an in-stack managed prefix list counts for the CIDRs it holds: the VPC, not S3", () => {
        const { b } = referenceWithPrefixList(form);
        const vpcList = b.add(
          "aws:ec2/managedPrefixList:ManagedPrefixList",
          "vpc-prefix-list",
          { name: "shop-vpc", addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "10.0.0.0/16" }] },
          { id: "pl-0aaa1111bbbb2222c" },
        );
        taskEgressToPrefixLists(b, [out(vpcList)]);
        b.patch("task-sg", (properties) => (properties.egress = []));
        // The interface endpoints are inside 10.0.0.0/16: reachable; S3 is not in the list.
        assert.deepEqual(findingsBeyondReference(b), ["FARGATE-S3-NETWORK task-sg"]);
        assert.ok(handle(b, "vpc-prefix-list"));
      });
    });
  }
});
