import { main } from "../../cli/main";

/** What the command printed and returned when run in process: stdout, stderr and the exit code. */
export interface MainRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `fargate-preflight <argv>` in this process, catching what it writes to stdout and stderr. */
export async function runMain(argv: string[]): Promise<MainRun> {
  let out = "";
  let err = "";
  const stderr = process.stderr.write;
  process.stderr.write = ((text: string) => ((err += text), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv, (text) => (out += text));
    return { code, out, err };
  } finally {
    process.stderr.write = stderr;
  }
}
