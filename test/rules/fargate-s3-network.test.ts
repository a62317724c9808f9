import { referenceStack } from "../fixtures/stacks";
import { asEc2Service, unknownProperty } from "../fixtures/variants";
import { describeRule } from "./rule-cases";

const ownBucketsOnly = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::shop-*/*" }],
});

describeRule("FARGATE-S3-NETWORK", {
  failing: [
    {
      title: "S3 gateway endpoint not on the task subnets' route table",
      stack: () => referenceStack("deployed").patch("s3-endpoint", (p) => (p.routeTableIds = [])),
      expected: ["FARGATE-S3-NETWORK s3-endpoint"],
    },
    {
      title: "no S3 gateway endpoint (preview)",
      stack: () => referenceStack("preview").remove("s3-endpoint"),
      expected: ["FARGATE-S3-NETWORK api-service"],
    },
    {
      title: "endpoint policy limited to the team's own buckets (breaks the ECR layer bucket)",
      stack: () => referenceStack("deployed").patch("s3-endpoint", (p) => (p.policy = ownBucketsOnly)),
      expected: ["FARGATE-S3-NETWORK s3-endpoint"],
    },
  ],
  passing: [{ title: "S3 gateway endpoint on the route table", stack: () => referenceStack("preview") }],
  notApplicable: [
    { title: "not a Fargate service", stack: () => asEc2Service(referenceStack("deployed").remove("s3-endpoint")) },
  ],
  unknown: [
    {
      title: "route tables of the S3 endpoint computed",
      stack: () => unknownProperty(referenceStack("preview"), "s3-endpoint", "routeTableIds"),
      names: /route tables of S3 gateway endpoint s3-endpoint are computed at preview/,
    },
  ],
});
