// The cold-start baseline: a precompiled pack with one policy that does nothing. Its start-up is
// what every JavaScript pack pays (node, @pulumi/pulumi's runner, @pulumi/policy, the gRPC server).
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty", {
  policies: [
    {
      name: "nothing",
      description: "Reports nothing.",
      enforcementLevel: "advisory",
      validateResource: () => undefined,
    },
  ],
});
