// The AWS pack users already run, every policy on.
import { AwsGuard } from "@pulumi/awsguard";

new AwsGuard({ all: "mandatory" });
