/**
 * Where a text stops being JSON, said without quoting it. JSON.parse's messages quote the
 * text around the error ("Unexpected token 'h', ..."value":hunter2}]" is not valid JSON"): of a
 * secret-marked container definition, that is the secret (issue 21). This scanner finds the
 * first error, its line and column, and the path of the value it is in, and names them only.
 * Run it after JSON.parse has failed: one pass, no recursion, whatever the nesting.
 */

export interface JsonSyntaxProblem {
  /** What is wrong, in words that quote nothing of the text. */
  problem: string;
  /** Character offset of the error (from 0), and its line and column (from 1). */
  offset: number;
  line: number;
  column: number;
  /** Keys and indices of the value the error is in, outermost first. */
  path: (string | number)[];
}

type Frame = { kind: "array"; index: number } | { kind: "object"; key?: string };

class Failure {
  constructor(
    readonly problem: string,
    readonly offset: number,
  ) {}
}

const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The first JSON syntax error of `text`, or undefined when it is JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const stack: Frame[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  /** The string starting at the quote at `i`; returns its raw content and leaves `i` after it. */
  const scanString = (): string => {
    const start = ++i;
    for (;;) {
      if (i >= text.length) throw new Failure("a string that is not closed", start - 1);
      const code = text.charCodeAt(i);
      if (code === 0x22) break;
      if (code < 0x20) throw new Failure("a control character (such as a line break) inside a string", i);
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!HEX.test(text.slice(i + 2, i + 6))) throw new Failure("a \\u escape without four hex digits", i);
          i += 6;
          continue;
        }
        if (next === undefined || !ESCAPES.has(next))
          throw new Failure("a backslash that escapes nothing JSON knows", i);
        i += 2;
        continue;
      }
      i++;
    }
    const raw = text.slice(start, i);
    i++;
    return raw;
  };
  /** A string, number or literal at `i` (not a container); leaves `i` after it. */
  const scanScalar = () => {
    const character = text[i];
    if (character === '"') return void scanString();
    if (character === "-" || (character >= "0" && character <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const end = match ? i + match[0].length : i;
      if (end === i || (end < text.length && /[0-9.eE+-]/.test(text[end])))
        throw new Failure("a number written wrongly", i);
      i = end;
      return;
    }
    for (const literal of ["true", "false", "null"])
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    throw new Failure("a character that cannot start a value (a string must be in double quotes)", i);
  };
  // What comes next: a value, an object key, or what follows a value (',' or a closing bracket).
  let want: "value" | "key" | "after" = "value";
  try {
    for (;;) {
      skipSpace();
      if (want === "value") {
        if (i >= text.length) throw new Failure("the text ends where a value should be", i);
        const character = text[i];
        if (character !== "{" && character !== "[") {
          scanScalar();
          want = "after";
          continue;
        }
        const object = character === "{";
        stack.push(object ? { kind: "object" } : { kind: "array", index: 0 });
        i++;
        skipSpace();
        if (text[i] === (object ? "}" : "]")) {
          stack.pop();
          i++;
          want = "after";
        } else want = object ? "key" : "value";
        continue;
      }
      if (want === "key") {
        if (i >= text.length) throw new Failure("the text ends where an object key should be", i);
        if (text[i] !== '"') throw new Failure("an object key that is not a string in double quotes", i);
        const key = scanString();
        skipSpace();
        if (text[i] !== ":") throw new Failure("no ':' after an object key", i);
        i++;
        (stack[stack.length - 1] as { key?: string }).key = key;
        want = "value";
        continue;
      }
      const frame = stack[stack.length - 1];
      if (!frame) {
        if (i < text.length) throw new Failure("more text after the end of the value", i);
        return undefined;
      }
      const close = frame.kind === "array" ? "]" : "}";
      if (text[i] === close) {
        stack.pop();
        i++;
      } else if (text[i] === ",") {
        i++;
        if (frame.kind === "array") {
          frame.index++;
          want = "value";
        } else {
          frame.key = undefined;
          want = "key";
        }
      } else if (i >= text.length) {
        throw new Failure(`the text ends before the closing '${close}'`, i);
      } else {
        throw new Failure(`no ',' or '${close}' after ${frame.kind === "array" ? "an element" : "a value"}`, i);
      }
    }
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    let line = 1;
    let lineStart = 0;
    for (let at = 0; at < error.offset; at++)
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    const path: (string | number)[] = [];
    for (const frame of stack) {
      if (frame.kind === "array") path.push(frame.index);
      else if (frame.key !== undefined) path.push(frame.key);
    }
    return { problem: error.problem, offset: error.offset, line, column: error.offset - lineStart + 1, path };
  }
}

/**
 * The problem in words: what, where (line, column, character), and in which value. `root`
 * names the text when it is one value of a larger input (`containerDefinitions`), and the path
 * follows it; for a whole file, `root` is "" and the path is said from the file's top keys
 * ("in the value of deployment.resources[2]"), or not at all at the top. Keys are shown only
 * when `showKey` allows (names of a known schema): a key of the data itself may be the secret,
 * and shows as `<key>`.
 */
export function describeJsonProblem(
  problem: JsonSyntaxProblem,
  root: string,
  showKey: (key: string) => boolean = () => false,
): string {
  const steps = problem.path.map((step) =>
    typeof step === "number" ? `[${step}]` : `.${showKey(step) ? step : "<key>"}`,
  );
  // A path thousands of levels deep says no more than its ends.
  const shown = steps.length > 12 ? [...steps.slice(0, 6), "...", ...steps.slice(-4)] : steps;
  const path = shown.join("");
  const where = root ? `, in ${root}${path}` : path ? `, in the value of ${path.replace(/^\./, "")}` : "";
  return `${problem.problem} at line ${problem.line}, column ${problem.column} (character ${problem.offset + 1})${where}`;
}

/** Why `text` is not JSON, without quoting it; `root` names the text ("" for a whole file). A scanner that finds no error still says nothing more. */
export function jsonNotValidReason(text: string, root: string, showKey?: (key: string) => boolean): string {
  const problem = jsonSyntaxProblem(text);
  return problem ? describeJsonProblem(problem, root, showKey) : "not valid JSON";
}
