/**
 * The IAM policy grammar, as far as it decides whether IAM accepts a document at all. A
 * document IAM rejects is never evaluated: its create fails, so the pack reports it instead.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { isRecord } from "./record";
import { parseOperator } from "./iam-conditions";

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
  NotPrincipal?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

/**
 * identity: attached to a role (no Principal, Resource required). resource: a key, secret
 * or repository policy (Principal required, Resource optional: the resource itself).
 * endpoint: a VPC endpoint policy (Principal optional, meaning everyone).
 */
export type PolicyKind = "identity" | "resource" | "endpoint";

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
  "Principal",
  "NotPrincipal",
]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) return value;
  return undefined;
}

function statementProblems(statement: unknown, where: string, kind: PolicyKind): string[] {
  if (!isRecord(statement)) return [`${where} is not an object`];
  const problems: string[] = [];
  for (const key of Object.keys(statement))
    if (!STATEMENT_KEYS.has(key)) problems.push(`${where} has an element IAM does not know: "${key}"`);
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny")
    problems.push(
      `${where} has Effect ${statement.Effect === undefined ? "missing" : JSON.stringify(statement.Effect)} (expected exactly "Allow" or "Deny")`,
    );
  const pair = (a: string, b: string, required: boolean) => {
    const has = [a, b].filter((name) => statement[name] !== undefined);
    if (has.length === 2) problems.push(`${where} has both ${a} and ${b}`);
    else if (has.length === 0 && required) problems.push(`${where} has neither ${a} nor ${b}`);
    for (const name of has) {
      const list = stringList(statement[name]);
      if (!list) problems.push(`${where}: ${name} must be a string or a non-empty list of strings`);
      else if (name.endsWith("Action")) {
        const bad = list.find((action) => action !== "*" && !/^[A-Za-z0-9-]+:[^:]*$/.test(action));
        if (bad !== undefined) problems.push(`${where}: ${name} ${JSON.stringify(bad)} is not "*" or service:action`);
      } else if (name.endsWith("Resource")) {
        const bad = list.find((resource) => resource !== "*" && !resource.startsWith("arn:"));
        if (bad !== undefined) problems.push(`${where}: ${name} ${JSON.stringify(bad)} is not "*" or an ARN`);
      }
    }
  };
  pair("Action", "NotAction", true);
  pair("Resource", "NotResource", kind === "identity");
  const principals = ["Principal", "NotPrincipal"].filter((name) => statement[name] !== undefined);
  if (kind === "identity" && principals.length > 0)
    problems.push(`${where} has ${principals[0]}, which an identity policy cannot have`);
  if (kind !== "identity" && principals.length === 2) problems.push(`${where} has both Principal and NotPrincipal`);
  if (kind === "resource" && principals.length === 0) problems.push(`${where} has no Principal`);
  if (statement.Condition !== undefined) {
    if (!isRecord(statement.Condition)) problems.push(`${where}: Condition must be an object`);
    else
      for (const [operator, entries] of Object.entries(statement.Condition)) {
        if (!parseOperator(operator)) problems.push(`${where}: condition operator ${operator} does not exist`);
        if (!isRecord(entries)) problems.push(`${where}: Condition ${operator} must map keys to values`);
        else
          for (const [key, value] of Object.entries(entries)) {
            const items = Array.isArray(value) ? value : [value];
            if (items.length === 0 || items.some((item) => !["string", "number", "boolean"].includes(typeof item)))
              problems.push(
                `${where}: Condition ${operator} ${key} must be a string, number, boolean or a list of them`,
              );
          }
      }
  }
  return problems;
}

/**
 * Problems per document and kind, once: the analysis checks a role's documents when it
 * collects them and the evaluator before it reads them, for every call. Documents are never
 * mutated; a WeakMap keeps nothing alive.
 */
const problemsCache = new WeakMap<object, Map<PolicyKind, readonly string[]>>();

/** Why IAM would reject this document; empty when it accepts it. */
export function policyProblems(document: unknown, kind: PolicyKind): string[] {
  if (!isRecord(document)) return ["the document is not a JSON object"];
  let byKind = problemsCache.get(document);
  if (!byKind) {
    byKind = new Map();
    problemsCache.set(document, byKind);
  }
  let problems = byKind.get(kind);
  if (!problems) {
    problems = documentProblems(document, kind);
    byKind.set(kind, problems);
  }
  return [...problems];
}

function documentProblems(document: Record<string, unknown>, kind: PolicyKind): string[] {
  const problems: string[] = [];
  if (document.Version !== undefined && !VERSIONS.has(String(document.Version)))
    problems.push(`Version ${JSON.stringify(document.Version)} is not 2012-10-17 or 2008-10-17`);
  const statements = document.Statement;
  if (statements === undefined) return [...problems, "the document has no Statement"];
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) problems.push("Statement is empty");
  list.forEach((statement, index) => problems.push(...statementProblems(statement, `statement ${index + 1}`, kind)));
  return problems;
}

/** Statements of a document (accepted by `policyProblems`). */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const statements = document.Statement;
  if (statements === undefined) return [];
  return Array.isArray(statements) ? statements : [statements];
}
