/**
 * The generated side of the IAM differential test (iam-differential.test.ts): the requests
 * the pack makes for a task definition that uses every start-up need, and fast-check
 * arbitraries of the identity policies and worlds the evaluator and the simulator are run on.
 */
import fc from "fast-check";
import { deriveTaskNeeds, kmsKeyNeed, PolicyDocument, PolicyStatement, RESOURCE_UNKNOWNS, TaskNeed } from "../../model";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const REGION = "eu-west-1";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/exec`;
export const CASES = Number(process.env.IAM_DIFFERENTIAL_CASES ?? 5000);

/** A request of the pack, with the tags of its resource when the stack tells them all. */
export interface PackRequest {
  action: string;
  resource: string;
  serviceKeys?: Record<string, string>;
  tags?: { prefixes: string[]; values: Record<string, string> };
}

/** The tag prefixes a request's service sets for its resource (ABAC). */
export const TAG_PREFIXES: Record<string, string[]> = {
  "secretsmanager:GetSecretValue": ["aws:ResourceTag/", "secretsmanager:ResourceTag/"],
  "ssm:GetParameters": ["aws:ResourceTag/", "ssm:ResourceTag/"],
  "kms:Decrypt": ["aws:ResourceTag/"],
};

/** Every request the pack makes for one task definition that uses every start-up need. */
export function packRequests(): PackRequest[] {
  const containers = [
    {
      name: "web",
      image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop/web:1.0`,
      secrets: [
        { name: "DB", valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf` },
        { name: "API", valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:api` },
        { name: "TOKEN", valueFrom: "/shop/token" },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/shop", "awslogs-stream-prefix": "api", "awslogs-create-group": "true" },
      },
      environmentFiles: [{ type: "s3", value: "arn:aws:s3:::shop-config/web.env" }],
    },
  ];
  const volumes = [
    { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-12345678", authorizationConfig: { iam: "ENABLED" } } },
  ];
  const derived = deriveTaskNeeds({
    containerDefinitions: JSON.stringify(containers),
    volumes,
    region: REGION,
    accountId: ACCOUNT,
    enableExecuteCommand: true,
  });
  const key = kmsKeyNeed(
    `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    "secretsmanager",
    REGION,
    "secret",
  );
  // Definitions computed at preview, rebuilt from a log group: any stream of the group.
  const computed = deriveTaskNeeds({
    containerDefinitions: JSON.stringify([
      {
        name: "computed-at-preview",
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/shop" } },
      },
    ]),
    region: REGION,
    accountId: ACCOUNT,
    requireImage: false,
    streamsUnknown: true,
  });
  const needs: TaskNeed[] = [...derived.needs, ...computed.needs, key];
  const seen = new Set<string>();
  return needs
    .flatMap((need) => need.iam)
    .filter((requirement) => {
      const id = `${requirement.action} ${requirement.resource}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .flatMap((requirement): PackRequest[] => {
      const request = {
        action: requirement.action,
        resource: requirement.resource,
        serviceKeys: requirement.context ? { ...requirement.context } : undefined,
      };
      const prefixes = TAG_PREFIXES[requirement.action];
      // The same call on a resource whose every tag the stack tells: {env: prod}, no other.
      return prefixes ? [request, { ...request, tags: { prefixes, values: { env: "prod" } } }] : [request];
    });
}

export const REQUESTS = packRequests();

/** A placeholder of the request resource, with the values its range is sampled at. */
export interface RangeSample {
  placeholder: string;
  /** Prefixes of the unknown part that generated patterns name. */
  prefixes: string[];
  fills: string[];
}

export const RANGES: Record<string, RangeSample> = {
  "{task-id}": {
    placeholder: "{task-id}",
    prefixes: ["0", "a1", "f"],
    fills: ["0".repeat(32), "a1".repeat(16), "f".repeat(32), "7".repeat(32)],
  },
  "{container-id}": {
    placeholder: "{container-id}",
    prefixes: ["0", "a1"],
    fills: ["0".repeat(64), "a1".repeat(32), "7".repeat(64)],
  },
  "{log-stream}": {
    placeholder: "{log-stream}",
    prefixes: ["api/", "web/computed-at-preview/", "x"],
    fills: [
      `api/web/${"0".repeat(32)}`,
      `web/computed-at-preview/${"a1".repeat(16)}`,
      "x",
      `other/c/${"f".repeat(32)}`,
    ],
  },
  "{secret-suffix}": {
    placeholder: "{secret-suffix}",
    prefixes: ["Ab", "0", "zz"],
    fills: ["AbCdEf", "000000", "zzzzzz", "Qq9Qq9"],
  },
};

export function rangeOf(resource: string): RangeSample | undefined {
  return Object.values(RANGES).find((range) => resource.includes(range.placeholder));
}

/** Keys the pack knows for the agent's calls, with their values (as agentRequestContext sets them). */
export function knownKeys(request: PackRequest): Record<string, string> {
  const keys: Record<string, string> = {
    "aws:SecureTransport": "true",
    "aws:RequestedRegion": REGION,
    "aws:PrincipalAccount": ACCOUNT,
    "aws:PrincipalArn": ROLE_ARN,
    ...(request.serviceKeys ?? {}),
  };
  if (request.serviceKeys?.["kms:ViaService"]) keys["kms:CallerAccount"] = ACCOUNT;
  for (const prefix of request.tags?.prefixes ?? [])
    for (const [key, value] of Object.entries(request.tags!.values)) keys[`${prefix}${key}`] = value;
  return keys;
}
/** Keys known absent from the request (as agentRequestContext leaves them out): KMS's own keys on every other call. */
export function absentKeys(request: PackRequest): string[] {
  return [
    "aws:SourceAccount",
    "aws:SourceArn",
    ...(request.serviceKeys?.["kms:ViaService"] ? [] : ["kms:ViaService", "kms:CallerAccount"]),
    // Every tag known: a tag the resource does not have is absent.
    ...(request.tags?.prefixes.map((prefix) => `${prefix}team`) ?? []),
  ];
}

/** Keys only the deployment tells, for this request (its resource's tags are not, when the stack tells them all). */
export function unknowableKeys(request: PackRequest): string[] {
  return UNKNOWABLE_KEYS.filter((key) => !(request.tags && key.toLowerCase().startsWith("aws:resourcetag/")));
}
export const UNKNOWABLE_KEYS = ["aws:SourceVpce", "aws:PrincipalOrgID", "aws:ResourceTag/env", "aws:PrincipalTag/team"];

export interface Case {
  request: (typeof REQUESTS)[number];
  documents: PolicyDocument[];
}

export const OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "StringEqualsIfExists",
  "StringNotEqualsIfExists",
  "StringLikeIfExists",
  "ArnLike",
  "ArnNotLike",
  "ArnEquals",
  "Bool",
  "BoolIfExists",
  "Null",
  "ForAnyValue:StringEquals",
  "ForAllValues:StringLike",
  "NumericLessThan",
  "DateGreaterThan",
];

export function valuesFor(key: string, known: Record<string, string>): fc.Arbitrary<string> {
  const value = known[key];
  const pool = value
    ? [value, `${value.slice(0, 3)}*`, value.toUpperCase(), "other", "*", `${value}?`, "true", "false"]
    : ["prod", "pr*", "vpce-1", "o-abc", "db", "true", "false", "*", "arn:aws:iam::*:role/*"];
  return fc.constantFrom(...pool);
}

export function conditionArb(
  known: Record<string, string>,
  absent: readonly string[],
  unknowable: readonly string[],
): fc.Arbitrary<Record<string, Record<string, string | string[]>>> {
  const keys = [...Object.keys(known), ...absent, ...unknowable];
  return fc
    .array(
      fc.tuple(fc.constantFrom(...OPERATORS), fc.constantFrom(...keys)).chain(([operator, key]) =>
        fc
          .oneof(
            valuesFor(key, known).map((v) => v as string | string[]),
            fc.array(valuesFor(key, known), { minLength: 1, maxLength: 2 }),
          )
          .map((value) => ({ operator, key, value })),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .map((entries) => {
      const condition: Record<string, Record<string, string | string[]>> = {};
      for (const { operator, key, value } of entries) {
        condition[operator] ??= {};
        condition[operator][key] =
          operator === "Null" ? (Array.isArray(value) ? "true" : value === "false" ? "false" : "true") : value;
      }
      return condition;
    });
}

export function resourcePatterns(resource: string): string[] {
  if (resource === "*") return ["*", `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*`];
  const range = rangeOf(resource);
  const [head] = range ? resource.split(range.placeholder) : [resource];
  const concrete = range ? head : resource;
  const parts = resource.split(":");
  const withAccount = (account: string) => [...parts.slice(0, 4), account, ...parts.slice(5)].join(":");
  const patterns = [
    "*",
    `${concrete}*`,
    `${concrete.slice(0, Math.max(8, concrete.length - 5))}*`,
    withAccount("*")
      .split(range?.placeholder ?? "\u0000")
      .join("*"),
    withAccount(OTHER_ACCOUNT)
      .split(range?.placeholder ?? "\u0000")
      .join("*"),
    withAccount("${aws:PrincipalAccount}")
      .split(range?.placeholder ?? "\u0000")
      .join("*"),
    [...parts.slice(0, 3), "*", ...parts.slice(4)]
      .join(":")
      .split(range?.placeholder ?? "\u0000")
      .join("*"),
    `${parts.slice(0, 5).join(":")}:*`,
    concrete.replace(/[a-z](?=[^:/]*$)/, "?"),
  ];
  if (!range) patterns.push(resource, `${resource}x`);
  if (range) {
    patterns.push(head, `${head}${"?".repeat(RESOURCE_UNKNOWNS[range.placeholder].length)}`, `${head}???`);
    for (const prefix of range.prefixes) patterns.push(`${head}${prefix}*`);
  }
  // A policy variable standing for a part of the resource that only a principal tag would give.
  if (resource.includes(":secret:db"))
    patterns.push(
      resource
        .replace(":secret:db", ":secret:${aws:PrincipalTag/team}")
        .split(range?.placeholder ?? "\u0000")
        .join("*"),
    );
  return patterns;
}

export function actionsFor(action: string): string[] {
  const [service, name] = action.split(":");
  return [
    action,
    `${service}:*`,
    "*",
    `${service}:${name.slice(0, 3)}*`,
    `${service}:Put*`,
    "s3:PutObject",
    action.toLowerCase(),
  ];
}

export function statementArb(request: Case["request"], unknowable: readonly string[]): fc.Arbitrary<PolicyStatement> {
  const known = knownKeys(request);
  return fc
    .record({
      effect: fc.constantFrom("Allow", "Allow", "Deny"),
      notAction: fc.boolean().map((b) => b && Math.random() < 0.3),
      actions: fc.array(fc.constantFrom(...actionsFor(request.action)), { minLength: 1, maxLength: 2 }),
      notResource: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      resources: fc.array(fc.constantFrom(...resourcePatterns(request.resource)), { minLength: 1, maxLength: 2 }),
      condition: fc.option(conditionArb(known, absentKeys(request), unknowable), { freq: 2 }),
    })
    .map(({ effect, notAction, actions, notResource, resources, condition }) => {
      const statement: PolicyStatement = { Effect: effect };
      if (notAction)
        statement.NotAction = actions.filter((a) => a !== "*").length
          ? actions.filter((a) => a !== "*")
          : ["s3:PutObject"];
      else statement.Action = actions;
      if (notResource) statement.NotResource = resources;
      else statement.Resource = resources;
      if (condition) statement.Condition = condition;
      return statement;
    });
}

// At most two unknowable keys per case keep the worlds to simulate few (the pack's cost does not depend on it).
export const caseArb: fc.Arbitrary<Case> = fc
  .constantFrom(...REQUESTS)
  .chain((request) =>
    fc.tuple(fc.constant(request), fc.shuffledSubarray(unknowableKeys(request), { minLength: 1, maxLength: 2 })),
  )
  .chain(([request, unknowable]) =>
    fc.record({
      request: fc.constant(request),
      documents: fc.array(
        fc
          .record({
            version: fc.constantFrom("2012-10-17", "2012-10-17", "2012-10-17", undefined),
            statements: fc.array(statementArb(request, unknowable), { minLength: 1, maxLength: 3 }),
          })
          .map(
            ({ version, statements }): PolicyDocument =>
              version ? { Version: version, Statement: statements } : { Statement: statements },
          ),
        { minLength: 1, maxLength: 2 },
      ),
    }),
  );

/** Unknowable keys a case names (in conditions or as policy variables), with the values worth trying. */
export function unknowableWorlds(
  documents: PolicyDocument[],
  request: PackRequest,
): Map<string, (string | undefined)[]> {
  const unknowable = unknowableKeys(request);
  const worlds = new Map<string, Set<string | undefined>>();
  const note = (key: string, value?: string) => {
    if (!unknowable.some((k) => k.toLowerCase() === key.toLowerCase())) return;
    const set = worlds.get(key) ?? new Set<string | undefined>([undefined, "zz-none"]);
    if (value !== undefined) set.add(value);
    worlds.set(key, set);
  };
  for (const document of documents) {
    for (const statement of [document.Statement ?? []].flat()) {
      for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
        for (const [key, raw] of Object.entries(entries)) {
          for (const value of [raw].flat().map(String)) {
            note(key, value);
            if (/[*?]/.test(value)) note(key, value.replace(/\*/g, "").replace(/\?/g, "x"));
            if (operator.startsWith("Numeric")) ["1", "100000"].forEach((v) => note(key, v));
            if (operator.startsWith("Date"))
              ["2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"].forEach((v) => note(key, v));
            if (value === "arn:aws:iam::*:role/*") note(key, ROLE_ARN);
          }
        }
      }
      for (const resource of [statement.Resource ?? [], statement.NotResource ?? []].flat())
        if (resource.includes("${aws:PrincipalTag/team}")) note("aws:PrincipalTag/team", "db");
    }
  }
  return new Map([...worlds].map(([key, values]) => [key, [...values]]));
}

export function product(worlds: Map<string, (string | undefined)[]>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const [key, values] of worlds) {
    const next: Record<string, string>[] = [];
    for (const combo of combos)
      for (const value of values) next.push(value === undefined ? combo : { ...combo, [key]: value });
    combos = next;
  }
  return combos;
}
