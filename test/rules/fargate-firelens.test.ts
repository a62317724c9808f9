import type { StackForm } from "../fixtures/builder";
import { Json, literalStack } from "../fixtures/startup-stacks";
import { describeStartupRule } from "./startup-cases";

/** The reference container logging through FireLens to CloudWatch, and a Fluent Bit router (same image repository). */
function withFirelens(form: StackForm, edit: (app: Json, router: Json, containers: Json[]) => void = () => {}) {
  return literalStack(form, (containers) => {
    const app = containers[0];
    const router: Json = {
      ...app,
      name: "log-router",
      secrets: undefined,
      essential: true,
      firelensConfiguration: { type: "fluentbit" },
    };
    app.logConfiguration = {
      logDriver: "awsfirelens",
      options: { Name: "cloudwatch_logs", region: "eu-west-1", log_group_name: "/ecs/api", log_stream_prefix: "api-" },
    };
    containers.push(router);
    edit(app, router, containers);
  });
}

describeStartupRule("FARGATE-FIRELENS", {
  failing: [
    {
      title: "awsfirelens without a log router",
      stack: (form) => withFirelens(form, (_app, _router, containers) => containers.pop()),
      expected: ["FARGATE-FIRELENS api-task"],
      says: /a firelens configuration object must be configured in one of the containers/,
    },
    {
      title: "a router configuration read from S3",
      stack: (form) =>
        withFirelens(form, (_app, router) => {
          router.firelensConfiguration = {
            type: "fluentbit",
            options: { "config-file-type": "s3", "config-file-value": "arn:aws:s3:::shop-config/fluent-bit.conf" },
          };
        }),
      expected: ["FARGATE-FIRELENS api-task"],
      says: /One or more of the requested capabilities are not supported/,
    },
    {
      title: "config-file-type without config-file-value",
      stack: (form) =>
        withFirelens(form, (_app, router) => {
          router.firelensConfiguration = { type: "fluentbit", options: { "config-file-type": "file" } };
        }),
      expected: ["FARGATE-FIRELENS api-task"],
      says: /Tasks will stop with: option config-file-type is specified but config-file-value is not specified/,
    },
    {
      title: "plugin options without the plugin's Name",
      stack: (form) =>
        withFirelens(form, (app) => {
          app.logConfiguration = {
            logDriver: "awsfirelens",
            options: { region: "eu-west-1", log_group_name: "/ecs/api" },
          };
        }),
      expected: ["FARGATE-FIRELENS api-task"],
      says: /missing output key Name which is required for firelens configuration of type fluentbit/,
    },
    {
      title: "a router nobody logs to",
      stack: (form) =>
        withFirelens(form, (app, _router, containers) => {
          containers[0] = { ...app, logConfiguration: containers[1].logConfiguration };
        }),
      expected: ["FARGATE-FIRELENS api-task"],
    },
  ],
  passing: [
    { title: "an app container routed through a Fluent Bit router", stack: (form) => withFirelens(form) },
    {
      title: "a configuration file in the router image",
      stack: (form) =>
        withFirelens(form, (_app, router) => {
          router.firelensConfiguration = {
            type: "fluentbit",
            options: { "config-file-type": "file", "config-file-value": "/fluent-bit/etc/extra.conf" },
          };
        }),
    },
    {
      title: "awsfirelens with no options (the output is in the router's own file)",
      stack: (form) => withFirelens(form, (app) => (app.logConfiguration = { logDriver: "awsfirelens" })),
    },
  ],
  notApplicable: [{ title: "no FireLens", stack: (form) => literalStack(form) }],
});
