/**
 * `fargate-preflight check <program-dir>`: runs a Pulumi program offline as a first preview,
 * with the program's own @pulumi/pulumi and @pulumi/aws as `pulumi preview` loads them, sends
 * its resources to the built policy pack over the Analyzer protocol as the engine would, and
 * prints the findings. `fargate-preflight rules` lists the rules.
 *
 * arguments.ts reads the command line, run-program.ts runs a program under the engine
 * simulator, check.ts sends the stack to the pack and prints the reports.
 */
import { SimulationError } from "../engine/simulator/errors";
import { NotCheckedError } from "../engine/simulator/awsx";
import { Command, EXIT, parseArgs, USAGE } from "./arguments";
import { check, listRules } from "./check";
import { version } from "./package-root";
import { OptionValueError, UsageError } from "./program";
import { scrub, setSecretText } from "./printed";

export async function main(
  argv: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    const usage = error instanceof OptionValueError ? "" : `\n${USAGE}\n`;
    process.stderr.write(`fargate-preflight: ${(error as Error).message}\n${usage}`);
    return EXIT.badInput;
  }
  try {
    switch (command.kind) {
      case "help":
        write(`${USAGE}\n`);
        return EXIT.pass;
      case "version":
        write(`fargate-preflight ${version()}\n`);
        return EXIT.pass;
      case "rules":
        return await listRules(write);
      case "check":
        return await check(command.options, write);
    }
  } catch (error) {
    if (error instanceof NotCheckedError) {
      process.stderr.write(`fargate-preflight: ${scrub(error.message)}\n`);
      return EXIT.notChecked;
    }
    // What the simulator cannot do for a program is bad input too (exit 2), like a usage error.
    if (error instanceof UsageError || error instanceof SimulationError) {
      process.stderr.write(`fargate-preflight: ${scrub(error.message)}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(
      `fargate-preflight: internal error (please report it): ${scrub((error as Error)?.stack ?? String(error))}\n`,
    );
    return EXIT.internal;
  } finally {
    setSecretText(undefined);
  }
}
