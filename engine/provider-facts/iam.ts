/**
 * Provider facts of IAM roles, policies and their attachments. IAM is global: its resources
 * have no `region` attribute (index.ts, GLOBAL_MODULES). Sources: the Terraform AWS provider's
 * resource files (TF…) and IAM's identifier formats
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
 */
import { T } from "../type-tokens";
import { FactTable, TF, idOnly, none } from "./types";

const IAM_IDENTIFIERS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html";

/** The resource's name: the program's input, else (for a type Check does not autoname) its name in the program. */
const nameOf = (state: Record<string, unknown>, name: string) => String(state.name ?? name);

export const IAM_FACTS: FactTable = {
  [T.role]: {
    schema: `${TF}iam/role.go`,
    outputs: ["id", "arn", "uniqueId", "createDate"],
    defaults: { path: "/", forceDetachPolicies: false, maxSessionDuration: 3600 },
    autoName: "name",
    optionalComputed: {
      inlinePolicies: {
        whenUnset: none,
        source: `${TF}iam/role.go inline_policy Optional+Computed; none unless aws.iam.RolePolicy adds them`,
      },
      managedPolicyArns: {
        whenUnset: none,
        source: `${TF}iam/role.go managed_policy_arns Optional+Computed; none unless attachments add them`,
      },
    },
    identifiers: ["name"],
    deployed: {
      // The id is the role's name (role.go: d.SetId(roleName)); unique ids of roles start with AROA.
      assign: ({ name, state, globalArn, hex }) => ({
        id: nameOf(state, name),
        arn: globalArn("iam", `role${String(state.path ?? "/")}${nameOf(state, name)}`),
        uniqueId: `AROA${hex(name, 17).toUpperCase()}`,
      }),
      source: `${TF}iam/role.go; ${IAM_IDENTIFIERS}#identifiers-arns, #identifiers-unique-ids`,
    },
  },
  [T.rolePolicy]: { ...idOnly(`${TF}iam/role_policy.go`), autoName: "name" },
  [T.rolePolicyAttachment]: idOnly(`${TF}iam/role_policy_attachment.go`),
  [T.policy]: {
    schema: `${TF}iam/policy.go`,
    outputs: ["id", "arn", "policyId", "attachmentCount"],
    defaults: { path: "/" },
    autoName: "name",
    optionalComputed: {},
    identifiers: ["name"],
    deployed: {
      // The id is the policy's ARN (policy.go: d.SetId(aws.ToString(output.Policy.Arn))); policy ids start with ANPA.
      assign: ({ name, state, globalArn, hex }) => {
        const arn = globalArn("iam", `policy${String(state.path ?? "/")}${nameOf(state, name)}`);
        return { id: arn, arn, policyId: `ANPA${hex(name, 17).toUpperCase()}` };
      },
      source: `${TF}iam/policy.go; ${IAM_IDENTIFIERS}#identifiers-arns, #identifiers-unique-ids`,
    },
  },
  [T.policyAttachment]: idOnly(`${TF}iam/policy_attachment.go`),
  [T.serviceLinkedRole]: {
    ...idOnly(`${TF}iam/service_linked_role.go`, ["id", "arn", "name", "path", "createDate", "uniqueId"]),
    deployed: {
      // The id is the role's ARN; ECS's role is AWSServiceRoleForECS under /aws-service-role/ecs.amazonaws.com/.
      assign: ({ state, globalArn }) => {
        const service = String(state.awsServiceName ?? "ecs.amazonaws.com");
        const name =
          service === "ecs.amazonaws.com" ? "AWSServiceRoleForECS" : `AWSServiceRoleFor${service.split(".")[0]}`;
        const arn = globalArn("iam", `role/aws-service-role/${service}/${name}`);
        return { id: arn, arn, name, path: `/aws-service-role/${service}/` };
      },
      source: `${TF}iam/service_linked_role.go; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html`,
    },
  },
};
