/**
 * aws.iam.getPolicyDocument, rendered as the provider renders it: the JSON a program gets from
 * the data source, byte for byte where policies are compared.
 */
import { isRecord } from "../../model";
import type { Properties } from "../stack-resource";
import { SimulationError } from "./errors";
import { jsonNotValidReason } from "../../model/json-syntax";

// terraform-provider-aws internal/service/iam/policy_document_data_source.go and policy_model.go:
// a list of one value becomes that value, a longer list is sorted in reverse; principals group
// by type; conditions by test then variable; JSON keys of maps sorted (Go's encoding/json),
// statement fields in struct order; "&{" becomes "${"; HTML characters escaped as \u00XX.

type PolicyStatement = Record<string, unknown>;

/** One value as itself, several sorted in reverse, duplicates dropped (the schema's sets). */
function setValue(values: unknown): unknown {
  const list = [...new Set((Array.isArray(values) ? values : []).map(String))];
  if (list.length === 1) return list[0];
  return list.sort().reverse();
}

const replaceVariables = (value: unknown): unknown =>
  typeof value === "string" ? value.replace(/&\{/g, "${") : Array.isArray(value) ? value.map(replaceVariables) : value;

const sortedObject = (entries: [string, unknown][]): Properties =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function principals(blocks: unknown): unknown {
  const list = (Array.isArray(blocks) ? blocks : []).filter(isRecord);
  if (list.length === 0) return undefined;
  const identifiersOf = (block: Properties) => replaceVariables(setValue(block.identifiers));
  if (list.length === 1 && list[0].type === "*" && identifiersOf(list[0]) === "*") return "*";
  const byType = new Map<string, unknown>();
  for (const block of list) {
    const type = String(block.type);
    const identifiers = identifiersOf(block);
    const before = byType.get(type);
    if (before === undefined) byType.set(type, identifiers);
    else byType.set(type, [...[before].flat(), ...[identifiers].flat()]);
  }
  return sortedObject([...byType]);
}

function conditions(blocks: unknown): unknown {
  const list = (Array.isArray(blocks) ? blocks : []).filter(isRecord);
  if (list.length === 0) return undefined;
  const byTest = new Map<string, Map<string, string[]>>();
  for (const block of list) {
    const variables = byTest.get(String(block.test)) ?? new Map<string, string[]>();
    byTest.set(String(block.test), variables);
    const values = (Array.isArray(block.values) ? block.values : []).map((value) => String(replaceVariables(value)));
    variables.set(String(block.variable), [...(variables.get(String(block.variable)) ?? []), ...values]);
  }
  return sortedObject(
    [...byTest].map(([test, variables]) => [
      test,
      sortedObject([...variables].map(([variable, values]) => [variable, values.length === 1 ? values[0] : values])),
    ]),
  );
}

function renderStatement(statement: Properties): PolicyStatement {
  const rendered: PolicyStatement = {
    Sid: typeof statement.sid === "string" && statement.sid !== "" ? statement.sid : undefined,
    Effect: statement.effect ?? "Allow",
    Action: Array.isArray(statement.actions) && statement.actions.length > 0 ? setValue(statement.actions) : undefined,
    NotAction:
      Array.isArray(statement.notActions) && statement.notActions.length > 0
        ? setValue(statement.notActions)
        : undefined,
    Resource:
      Array.isArray(statement.resources) && statement.resources.length > 0
        ? replaceVariables(setValue(statement.resources))
        : undefined,
    NotResource:
      Array.isArray(statement.notResources) && statement.notResources.length > 0
        ? replaceVariables(setValue(statement.notResources))
        : undefined,
    Principal: principals(statement.principals),
    NotPrincipal: principals(statement.notPrincipals),
    Condition: conditions(statement.conditions),
  };
  for (const key of Object.keys(rendered)) if (rendered[key] === undefined) delete rendered[key];
  return rendered;
}

/** Go's encoding/json escapes these characters inside strings. */
const goJson = (text: string) =>
  text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** CRC-32 (IEEE), as the provider hashes the JSON for the data source's id. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A statement of a source or override document as the provider re-renders it after reading it:
 * fields in struct order, a principal string as "*", principal lists sorted in reverse,
 * condition keys sorted, a one-element condition list as its value, a boolean as a string.
 */
function reRendered(statement: Properties): PolicyStatement {
  const principal = (value: unknown): unknown => {
    if (typeof value === "string") return "*";
    if (!isRecord(value)) return undefined;
    const entries = Object.entries(value).map(([type, ids]): [string, unknown] => [
      type,
      Array.isArray(ids) ? ids.map(String).sort().reverse() : ids,
    ]);
    return entries.length > 0 ? sortedObject(entries) : undefined;
  };
  const condition = (value: unknown): unknown => {
    if (!isRecord(value)) return undefined;
    const tests = Object.entries(value).map(([test, variables]): [string, unknown] => [
      test,
      sortedObject(
        Object.entries(isRecord(variables) ? variables : {}).map(([variable, values]): [string, unknown] => [
          variable,
          Array.isArray(values)
            ? values.length === 1
              ? String(values[0])
              : values.map(String)
            : typeof values === "boolean"
              ? String(values)
              : values,
        ]),
      ),
    ]);
    return tests.length > 0 ? sortedObject(tests) : undefined;
  };
  const rendered: PolicyStatement = {
    Sid: statement.Sid || undefined,
    Effect: statement.Effect || undefined,
    Action: statement.Action,
    NotAction: statement.NotAction,
    Resource: statement.Resource,
    NotResource: statement.NotResource,
    Principal: principal(statement.Principal),
    NotPrincipal: principal(statement.NotPrincipal),
    Condition: condition(statement.Condition),
  };
  for (const key of Object.keys(rendered)) if (rendered[key] === undefined) delete rendered[key];
  return rendered;
}

interface ParsedDocument {
  version?: string;
  id?: string;
  statements: PolicyStatement[];
}

function parsedDocuments(documents: unknown, input: string): ParsedDocument[] {
  return (Array.isArray(documents) ? documents : [])
    .filter((document): document is string => typeof document === "string")
    .map((document, index) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch {
        throw new SimulationError(
          `getPolicyDocument: ${input}[${index}] is not JSON (${jsonNotValidReason(document, `${input}[${index}]`)})`,
        );
      }
      if (!isRecord(parsed))
        throw new SimulationError(`getPolicyDocument: ${input}[${index}] is not a policy document`);
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [];
      return {
        version: typeof parsed.Version === "string" ? parsed.Version : undefined,
        id: typeof parsed.Id === "string" && parsed.Id !== "" ? parsed.Id : undefined,
        statements: statements.filter(isRecord).map(reRendered),
      };
    });
}

/** Statements with a Sid replace the earlier statement of that Sid; others append (the provider's Merge). */
function merge(into: PolicyStatement[], statements: PolicyStatement[]): void {
  for (const statement of statements) {
    const sid = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined;
    const existing = sid === undefined ? -1 : into.findIndex((other) => other.Sid === sid);
    if (existing === -1) into.push(statement);
    else into[existing] = statement;
  }
}

/** The outputs of aws.iam.getPolicyDocument for the given inputs. */
export function policyDocument(inputs: Properties): Properties {
  const own: ParsedDocument = {
    version: typeof inputs.version === "string" ? inputs.version : "2012-10-17",
    id: typeof inputs.policyId === "string" && inputs.policyId !== "" ? inputs.policyId : undefined,
    statements: (Array.isArray(inputs.statements) ? inputs.statements : []).filter(isRecord).map(renderStatement),
  };
  // Sources first, then the document's own statements, then overrides; a later version wins
  // over an earlier one only when it is newer, a later Id always (the provider's Merge).
  const documents = [
    ...parsedDocuments(inputs.sourcePolicyDocuments, "sourcePolicyDocuments"),
    own,
    ...parsedDocuments(inputs.overridePolicyDocuments, "overridePolicyDocuments"),
  ];
  const statements: PolicyStatement[] = [];
  let version = "";
  let id: string | undefined;
  for (const document of documents) {
    if (document.version !== undefined && document.version > version) version = document.version;
    id = document.id ?? id;
    merge(statements, document.statements);
  }
  const document: Properties = {};
  if (version !== "") document.Version = version;
  if (id !== undefined) document.Id = id;
  if (statements.length > 0) document.Statement = statements;
  const json = goJson(JSON.stringify(document, null, 2));
  return {
    id: String(crc32(json)),
    json,
    minifiedJson: goJson(JSON.stringify(document)),
    version: own.version,
    statements: inputs.statements,
  };
}
