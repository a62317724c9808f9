/**
 * The command line of `fargate-preflight`: its usage text, exit codes and options. Reading
 * them is all this file does; main.ts runs the command they name.
 */
import { OptionValueError, UsageError } from "./program";
import { isRegionName } from "../model/partition";

/** Exit codes, each in --help. */
export const EXIT = { pass: 0, findings: 1, badInput: 2, internal: 3, notChecked: 4 } as const;

const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE = `usage: fargate-preflight check <program-dir> [options]
       fargate-preflight check --state <stack-export.json> [options]
       fargate-preflight rules
       fargate-preflight --help | --version

check runs the Pulumi program offline (no cloud credentials, no Pulumi CLI) as a
first 'pulumi preview' would see it, with the program's own @pulumi/pulumi and
@pulumi/aws (run npm install in the program first), and checks every ECS Fargate
service with the fargate-preflight policy pack. TypeScript programs are
type-checked first, as 'pulumi preview' does.

options of check:
  --state <file>          check a 'pulumi stack export' file instead (a deployed stack)
  --deployed              run the program as if already deployed (every id known)
  --format <f>            text (default), json, sarif or markdown on stdout
  --json-file <file>      also write the JSON report to a file
  --sarif-file <file>     also write SARIF 2.1.0 to a file (for code scanning)
  --markdown-file <file>  also write the Markdown report to a file (for a PR comment)
  --config <file>         policy pack config (JSON), as for 'pulumi preview --policy-pack-config'
  --context <file>        a 'pulumi stack export' of a stack the program reads (repeatable): it
                          answers the program's StackReference, and its resources join the
                          stack's as deployed facts (pack config context.stackExports)
  --stack <name>          stack whose Pulumi.<stack>.yaml config to use (default: dev)
  --region <region>       AWS region when the stack config has no aws:region (else AWS_REGION, AWS_DEFAULT_REGION)
  --account <id>          the stack's AWS account id: the mocks answer with it and the pack
                          gets it as accountId (default: the pack config's accountId, else
                          the mocks answer 123456789012 and the pack is not told the account)
  --skip-typecheck        run a TypeScript program without type-checking it
  --quiet                 no progress on stderr

exit codes:
  0  passed: no mandatory finding
  1  mandatory findings
  2  bad input: usage, program, config, state file, a report file that cannot be
     written, or a program that fails or has type errors
  3  internal error of fargate-preflight (please report it)
  4  not checked: the program has a component the offline command cannot construct
     (a multi-language component other than the awsx ones it builds, or an awsx
     version or feature it does not model); run 'pulumi preview --policy-pack' instead

awsx: awsx.ec2.Vpc, ec2.DefaultVpc, ecs.FargateService, ecs.FargateTaskDefinition,
lb.ApplicationLoadBalancer, ecr.Repository and ecr.Image (@pulumi/awsx 2.7.0 to 2.22.x,
3.0.0 to 3.1.x, 3.3.1 to 3.9.x)
are constructed offline with the children the awsx provider creates.`;

export interface Options {
  programDir?: string;
  state?: string;
  deployed: boolean;
  format: Format;
  jsonFile?: string;
  sarifFile?: string;
  markdownFile?: string;
  config?: string;
  context: string[];
  stack: string;
  region?: string;
  account: string;
  /** --account was given: the user states the stack's account, so the pack is told it too (accountId). */
  accountGiven: boolean;
  typeCheck: boolean;
  quiet: boolean;
}

export type Command = { kind: "help" } | { kind: "version" } | { kind: "rules" } | { kind: "check"; options: Options };

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError("missing command");
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return { kind: "help" };
  if (command === "--version" || command === "-v") return { kind: "version" };
  if (command === "rules") {
    if (rest.some((arg) => arg === "--help" || arg === "-h")) return { kind: "help" };
    if (rest.length > 0) throw new UsageError(`rules takes no arguments (got ${rest.join(" ")})`);
    return { kind: "rules" };
  }
  if (command !== "check") throw new UsageError(`unknown command ${command}`);
  const options: Options = {
    deployed: false,
    format: "text",
    stack: "dev",
    account: "123456789012",
    accountGiven: false,
    typeCheck: true,
    quiet: false,
    context: [],
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "--state":
        options.state = value();
        break;
      case "--deployed":
        options.deployed = true;
        break;
      case "--format": {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format))
          throw new OptionValueError(`--format: expected ${FORMATS.join(", ")}, got ${format}`);
        options.format = format as Format;
        break;
      }
      case "--json-file":
        options.jsonFile = value();
        break;
      case "--sarif-file":
        options.sarifFile = value();
        break;
      case "--markdown-file":
        options.markdownFile = value();
        break;
      case "--config":
        options.config = value();
        break;
      case "--context":
        options.context.push(value());
        break;
      case "--stack":
        options.stack = value();
        break;
      case "--region":
        options.region = value();
        // Refused here, as the rest of the code would refuse it later and less plainly.
        if (!isRegionName(options.region))
          throw new OptionValueError(
            `--region: expected an AWS region name such as us-east-1, got ${JSON.stringify(options.region)}`,
          );
        break;
      case "--account":
        options.account = value();
        options.accountGiven = true;
        if (!/^\d{12}$/.test(options.account)) throw new OptionValueError(`--account: expected a 12-digit account id`);
        break;
      case "--skip-typecheck":
        options.typeCheck = false;
        break;
      case "--quiet":
        options.quiet = true;
        break;
      case "--help":
      case "-h":
        return { kind: "help" };
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        if (options.programDir)
          throw new UsageError(`one program directory only (got ${options.programDir} and ${arg})`);
        options.programDir = arg;
    }
  }
  if (!options.programDir && !options.state) throw new UsageError("give a program directory or --state <file>");
  if (options.programDir && options.state) throw new UsageError("give a program directory or --state, not both");
  return { kind: "check", options };
}
