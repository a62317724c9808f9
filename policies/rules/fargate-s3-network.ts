import { networkFindings } from "./helpers";
import { code, Rule } from "./rule";

export const rule: Rule = {
  id: "FARGATE-S3-NETWORK",
  description:
    "Every task subnet reaches S3 for ECR image layers and environment files (S3 gateway endpoint on its route table, or the internet).",
  explanation:
    "ECR stores image layers in S3 (prod-<region>-starport-layer-bucket); environment files are read from S3. Without a path the pull hangs and the task stops (CannotPullContainerError ... signal: killed).",
  fix: "Add an S3 gateway endpoint associated with the route table of every task subnet (FargateEndpointSet routeTableIds), and let its policy allow the layer bucket.",
  defaultLevel: "mandatory",
  docs: {
    example: "private-no-path",
    failing: code`
      new aws.ec2.VpcEndpoint("s3", {
        vpcId: vpc.id,
        serviceName: "com.amazonaws.eu-west-1.s3",
        vpcEndpointType: "Gateway",
        // no routeTableIds: the task subnets' route tables have no route to S3
      });
    `,
    passing: code`
      new aws.ec2.VpcEndpoint("s3", {
        vpcId: vpc.id,
        serviceName: "com.amazonaws.eu-west-1.s3",
        vpcEndpointType: "Gateway",
        routeTableIds: [privateRouteTable.id],
      });
    `,
  },
  check: (analysis) => networkFindings("FARGATE-S3-NETWORK", analysis),
};
