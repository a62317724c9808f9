/**
 * `npm run new-rule -- FARGATE-XYZ [options]`: the files of a new rule, following
 * docs/adding-a-rule.md. It writes the rule (policies/rules/<id>.ts: its texts, its docs
 * snippets and a check), registers it in policies/rules/index.ts, writes its test skeleton
 * (test/rules/<id>.test.ts) and RULES.md. With --network-for or --iam-for a start-up need, the
 * check is the shared one for that side and the need's row in policies/rules/need-rules.ts names
 * the rule. Everything left to write is marked TODO(new-rule), and the tests that fail until it
 * is written say so in their titles.
 *
 * Options: --level mandatory|advisory (default mandatory), --network-for <need kind>,
 * --iam-for <need kind>, --dry-run (print what would change, change nothing), --root <dir>
 * (the repository to change; default this one).
 */
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";

export const TODO = "TODO(new-rule)";

export interface NewRuleOptions {
  id: string;
  level: "mandatory" | "advisory";
  /** The start-up need whose network or IAM side the rule reports. */
  needSide?: { kind: string; side: "network" | "iam" };
}

/** One file to write or rewrite, relative to the repository root. */
export interface FileChange {
  file: string;
  content: string;
  created: boolean;
}

export class NewRuleError extends Error {}

const ID = /^FARGATE-[A-Z0-9]+(-[A-Z0-9]+)*$/;
const USAGE =
  "usage: npm run new-rule -- FARGATE-XYZ [--level mandatory|advisory] [--network-for <need kind> | --iam-for <need kind>] [--dry-run]";

export function parseArgs(argv: readonly string[]): NewRuleOptions & { dryRun: boolean; root?: string } {
  let id: string | undefined;
  let level: NewRuleOptions["level"] = "mandatory";
  let needSide: NewRuleOptions["needSide"];
  let dryRun = false;
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new NewRuleError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--root") root = value();
    else if (arg === "--level") {
      const given = value();
      if (given !== "mandatory" && given !== "advisory")
        throw new NewRuleError(`--level ${given}: expected mandatory or advisory`);
      level = given;
    } else if (arg === "--network-for" || arg === "--iam-for") {
      if (needSide) throw new NewRuleError(`give one of --network-for and --iam-for, once\n${USAGE}`);
      needSide = { kind: value(), side: arg === "--network-for" ? "network" : "iam" };
    } else if (arg.startsWith("--")) throw new NewRuleError(`unknown option ${arg}\n${USAGE}`);
    else if (id === undefined) id = arg;
    else throw new NewRuleError(`one rule id at a time (got ${id} and ${arg})\n${USAGE}`);
  }
  if (id === undefined) throw new NewRuleError(USAGE);
  if (!ID.test(id))
    throw new NewRuleError(`rule id ${id}: expected FARGATE- and upper-case words joined by -, e.g. FARGATE-TASK-SIZE`);
  return { id, level, needSide, dryRun, root };
}

/** `FARGATE-TASK-SIZE` -> `taskSize`: the rule's name in policies/rules/index.ts. */
export function variableName(id: string): string {
  const [first, ...rest] = id
    .replace(/^FARGATE-/, "")
    .toLowerCase()
    .split("-");
  const name = first + rest.map((word) => word[0].toUpperCase() + word.slice(1)).join("");
  return /^[0-9]/.test(name) ? `rule${name[0].toUpperCase()}${name.slice(1)}` : name;
}

function ruleFile(options: NewRuleOptions): string {
  const { id, level, needSide } = options;
  const shared = needSide ? (needSide.side === "network" ? "networkFindings" : "iamFindings") : undefined;
  const check = shared
    ? `  // The findings of the start-up needs whose ${needSide!.side} side NEED_RULES (need-rules.ts) gives this rule.
  check: (analysis) => ${shared}("${id}", analysis),`
    : `  check: (analysis) => {
    const findings: Finding[] = [];
    for (const service of analysis.services) {
      // ${TODO}: decide from the analysis: service.needs, service.networkChecks, service.iamChecks,
      // service.taskDefinition, analysis.model (every resource of the stack, typed).
      const broken = false;
      if (broken)
        findings.push(
          finding("${id}", service.taskDefinition?.urn ?? service.service.urn, {
            problem: \`\${serviceName(analysis.model, service)}: ${TODO}: what is wrong, naming the resource.\`,
            consequence: { kind: "tasks-stop", error: "${TODO}: the error ECS shows" },
            // ${TODO}: a kind of fix from policies/analysis/fix.ts, or a new kind there.
            fixes: [{ kind: "correct-field", field: "${TODO}" }],
          }),
        );
    }
    return findings;
  },`;
  const imports = shared
    ? `import { ${shared} } from "./helpers";\nimport { code, Rule } from "./rule";`
    : `import { serviceName } from "./helpers";\nimport { code, Finding, finding, Rule } from "./rule";`;
  return `${imports}

export const rule: Rule = {
  id: "${id}",
  description: "${TODO}: one sentence: what ${id} proves.",
  explanation: "${TODO}: what happens at runtime when it does not hold, with the error ECS or the task shows.",
  fix: "${TODO}: how to fix a violation, in general terms (each finding names its own fix).",
  defaultLevel: "${level}",
  docs: {
    failing: code\`
      // ${TODO}: a short Pulumi TypeScript fragment ${id} fails on.
    \`,
    passing: code\`
      // ${TODO}: the same fragment, fixed.
    \`,
  },
${check}
};
`;
}

function testFile(options: NewRuleOptions): string {
  const { id } = options;
  return `/**
 * ${id}. ${TODO}: each case below starts from the reference stack (test/fixtures/stacks.ts,
 * private subnets with every endpoint, a least-privilege execution role), which passes every rule.
 * Break what the rule checks in broken(), keep it working elsewhere, and replace each TODO title.
 * Until then the TODO cases fail, which is what they are for.
 */
import type { StackForm } from "../fixtures/builder";
import { referenceStack } from "../fixtures/stacks";
import { describeRule } from "./rule-cases";

/** ${TODO}: the reference stack with what ${id} checks broken (see test/fixtures/variants.ts). */
function broken(form: StackForm) {
  return referenceStack(form);
}

describeRule("${id}", {
  failing: [
    {
      title: "${TODO}: what is broken (an update preview: every id known)",
      stack: () => broken("deployed"),
      expected: ["${id} api-service"],
    },
    {
      title: "${TODO}: the same at a first preview (ids and ARNs unknown)",
      stack: () => broken("preview"),
      expected: ["${id} api-service"],
    },
  ],
  passing: [{ title: "the reference stack", stack: () => referenceStack("deployed") }],
  notApplicable: [{ title: "${TODO}: a stack the rule does not apply to", stack: () => referenceStack("preview") }],
  unknown: [
    {
      title: "${TODO}: a fact the rule needs, computed at preview: FARGATE-UNKNOWN names it",
      stack: () => broken("preview"),
      names: /${TODO.replace(/[()]/g, "\\$&")}: the fact FARGATE-UNKNOWN names/,
    },
  ],
});
`;
}

/** policies/rules/index.ts with the rule imported and listed before FARGATE-UNKNOWN. */
function registered(index: string, options: NewRuleOptions): string {
  const name = variableName(options.id);
  const file = options.id.toLowerCase();
  if (new RegExp(`\\b${name}\\b`).test(index))
    throw new NewRuleError(`policies/rules/index.ts already has a ${name}: choose another id`);
  const imports = [...index.matchAll(/^import \{ rule as \w+ \} from "\.\/[\w-]+";$/gm)];
  const anchor = /^ {2}unknownFacts,$/m;
  if (imports.length === 0 || !anchor.test(index))
    throw new NewRuleError(
      "policies/rules/index.ts is not laid out as expected (rule imports, RULES with unknownFacts)",
    );
  const last = imports[imports.length - 1];
  const at = last.index! + last[0].length;
  const withImport = `${index.slice(0, at)}\nimport { rule as ${name} } from "./${file}";${index.slice(at)}`;
  return withImport.replace(anchor, `  ${name},\n  unknownFacts,`);
}

/** policies/rules/need-rules.ts with the need's side given to the rule (it must have none yet). */
function withNeedRule(table: string, options: NewRuleOptions, kinds: readonly string[]): string {
  const { kind, side } = options.needSide!;
  if (!kinds.includes(kind))
    throw new NewRuleError(
      `need kind ${kind}: expected one of ${kinds.join(", ")} (a new need kind starts in model/needs.ts: see docs/adding-a-rule.md)`,
    );
  const rowStart = new RegExp(`^ {2}(?:"${kind}"|${kind}): \\{`, "m").exec(table);
  if (!rowStart)
    throw new NewRuleError(
      `policies/rules/need-rules.ts has no row for ${kind}: add one with a placeholder on the ${side} side, ${side}: { none: "reported by the rule added next" } (docs/adding-a-rule.md)`,
    );
  // The row runs to the next row, or to the end of the table.
  const after = rowStart.index + rowStart[0].length;
  const nextRow = /^ {2}(?:"[\w-]+"|[\w-]+): \{/m.exec(table.slice(after));
  const end = nextRow ? after + nextRow.index : table.indexOf("\n};", after);
  const row = table.slice(rowStart.index, end);
  const entry = new RegExp(`${side}:\\s*\\{\\s*(rule|none):\\s*"((?:[^"\\\\]|\\\\.)*)",?\\s*\\}`).exec(row);
  if (!entry) throw new NewRuleError(`policies/rules/need-rules.ts: the ${kind} row has no ${side} entry`);
  if (entry[1] === "rule")
    throw new NewRuleError(`${kind}'s ${side} side is reported by ${entry[2]}: a need has one rule per side`);
  const newRow = row.replace(entry[0], `${side}: { rule: "${options.id}" }`);
  return table.slice(0, rowStart.index) + newRow + table.slice(end);
}

/** The need kinds of the model, read from model/needs.ts's NeedKind union. */
function needKinds(needs: string): string[] {
  const union = /export type NeedKind =([^;]+);/.exec(needs)?.[1] ?? "";
  return [...union.matchAll(/"([\w-]+)"/g)].map((match) => match[1]);
}

async function formatted(file: string, content: string, root: string): Promise<string> {
  const config = (await prettier.resolveConfig(path.join(root, file))) ?? {};
  return prettier.format(content, { ...config, filepath: file });
}

/** Every file the new rule writes or changes, without touching the disk. */
export async function planNewRule(root: string, options: NewRuleOptions): Promise<FileChange[]> {
  const base = options.id.toLowerCase();
  const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
  const rule = `policies/rules/${base}.ts`;
  const test = `test/rules/${base}.test.ts`;
  for (const file of [rule, test])
    if (fs.existsSync(path.join(root, file))) throw new NewRuleError(`${file} already exists: ${options.id} is taken`);
  if (read("policies/rules/index.ts").includes(`"./${base}"`))
    throw new NewRuleError(`${options.id} is already registered in policies/rules/index.ts`);
  const changes: FileChange[] = [
    { file: rule, content: ruleFile(options), created: true },
    { file: test, content: testFile(options), created: true },
    { file: "policies/rules/index.ts", content: registered(read("policies/rules/index.ts"), options), created: false },
  ];
  if (options.needSide)
    changes.push({
      file: "policies/rules/need-rules.ts",
      content: withNeedRule(read("policies/rules/need-rules.ts"), options, needKinds(read("model/needs.ts"))),
      created: false,
    });
  return Promise.all(
    changes.map(async (change) => ({ ...change, content: await formatted(change.file, change.content, root) })),
  );
}

export async function main(
  argv: readonly string[],
  log: (line: string) => void = console.log,
  error: (line: string) => void = console.error,
): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  let changes: FileChange[];
  let root: string;
  try {
    options = parseArgs(argv);
    root = path.resolve(options.root ?? path.join(__dirname, ".."));
    changes = await planNewRule(root, options);
  } catch (problem) {
    if (!(problem instanceof NewRuleError)) throw problem;
    error(`new-rule: ${problem.message}`);
    return 2;
  }
  for (const change of changes) log(`${change.created ? "create" : "update"} ${change.file}`);
  if (options.dryRun) {
    log("update RULES.md (npm run rules-doc)\n(dry run: nothing written)");
    return 0;
  }
  for (const change of changes) fs.writeFileSync(path.join(root, change.file), change.content);
  // RULES.md from the rules as they now are; loaded after the rule is written, from the same tree.
  const { renderRulesDoc } = (await import(path.join(root, "scripts", "rules-doc"))) as typeof import("./rules-doc");
  fs.writeFileSync(path.join(root, "RULES.md"), renderRulesDoc());
  log("update RULES.md");
  log(
    `\nNext (docs/adding-a-rule.md): write every ${TODO} in ${changes[0].file} and ${changes[1].file}, ` +
      `then npx mocha ${changes[1].file}, npm run rules-doc, npx tsc --noEmit -p tsconfig.json and npm run lint.`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
