/**
 * The text of values the engine or a state file marks secret, and its removal from whatever is
 * printed (issue 21): the last guard of the pack's messages and of every output of `check`.
 * Messages are first written not to quote the values they are about (JSON errors name a
 * position, secret-marked definitions are never quoted); this catches what slips through.
 *
 * What counts as secret text:
 * - every string in a value under a secret marker (numbers too, as written), and every string
 *   in JSON text inside it (a secret-marked containerDefinitions or policy is read as JSON);
 * - text derived from such values that the caller adds (an ARN built from a secret-marked
 *   container definition);
 * but not text the same request also carries outside any secret marker (an image URL that is
 * also a repository's output): printing it discloses nothing the stack does not show in the
 * clear. Nor `true`, `false`, `null` or the empty string.
 *
 * How it is removed: secret text of `MIN_ANYWHERE` characters or more is replaced by
 * `[secret]` wherever it occurs; shorter secret text only where it stands alone (not inside a
 * longer word), as one to three characters also occur in ordinary words. One pass over the
 * text (Aho-Corasick), so the cost is linear in what is printed; nothing runs when a stack has
 * no secret.
 */

export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Secret text this long or longer is removed wherever it occurs. Shorter fragments (1-3
 * characters) occur in any sentence, so they cannot be told from the message's own words;
 * from 4 characters on, a random secret's fragments almost never do.
 */
export const MIN_ANYWHERE = 4;

const NO_TEXT = new Set(["", "true", "false", "null"]);

/** Strings (and numbers, as text) of `value` at any depth, without recursion (nor spreading a long list into arguments). */
export function forEachLeaf(value: unknown, each: (text: string) => void): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === "string") each(current);
    else if (typeof current === "number") each(String(current));
    else if (typeof current === "object" && current !== null)
      for (const item of Array.isArray(current) ? current : Object.values(current)) pending.push(item);
  }
}

/** The JSON value of text that looks like a JSON object or array, else undefined. */
function jsonInside(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: its text is secret as a whole, and readers report malformed JSON by position only.
    return undefined;
  }
}

export class SecretText {
  /** Candidate secret text → how often it occurs as a string of a secret-marked value itself. */
  private readonly marked = new Map<string, number>();
  /** Candidate → how often it occurs among all values as sent (secret-marked or not). */
  private readonly sent = new Map<string, number>();
  private matcher: Matcher | undefined;
  /** Values as sent, counted only once some text holds a candidate (a walk of the whole stack). */
  private sentLater: (() => Iterable<unknown>) | undefined;

  /** Adds a value found under a secret marker. */
  addSecret(value: unknown): void {
    this.matcher = undefined;
    forEachLeaf(value, (text) => {
      this.marked.set(text, (this.marked.get(text) ?? 0) + 1);
      this.addEscaped(text);
      const inside = jsonInside(text);
      if (inside !== undefined) forEachLeaf(inside, (leaf) => this.addDerived(leaf));
    });
  }

  /** Messages quote values with JSON.stringify: a secret with a quote or a backslash is printed escaped. */
  private addEscaped(text: string): void {
    const escaped = JSON.stringify(text).slice(1, -1);
    if (escaped !== text && !this.marked.has(escaped)) this.marked.set(escaped, 0);
  }

  /** Adds text derived from secret-marked values. */
  addDerived(text: string): void {
    this.matcher = undefined;
    if (!this.marked.has(text)) this.marked.set(text, 0);
    this.addEscaped(text);
  }

  /**
   * Counts the candidates among the strings of `value`, a value as sent (its secret markers
   * already removed, so secret strings count here too). Call after every `addSecret` and
   * `addDerived`: a candidate counted more often here than inside secret-marked values is also
   * sent in the clear.
   */
  countSent(value: unknown): void {
    if (this.marked.size === 0) return;
    this.matcher = undefined;
    forEachLeaf(value, (text) => {
      if (this.marked.has(text)) this.sent.set(text, (this.sent.get(text) ?? 0) + 1);
    });
  }

  /**
   * `countSent` for each of `values()`, done only when a text to scrub holds a candidate: most
   * messages of a stack with secrets hold none, and the walk costs time in proportion to the stack.
   */
  countSentLater(values: () => Iterable<unknown>): void {
    this.matcher = undefined;
    this.sentLater = values;
  }

  /** The secret texts that are removed from what is printed. */
  texts(): string[] {
    this.countPending();
    return [...this.marked.entries()]
      .filter(([text, inSecrets]) => !NO_TEXT.has(text.toLowerCase()) && (this.sent.get(text) ?? 0) <= inSecrets)
      .map(([text]) => text);
  }

  private countPending(): void {
    const values = this.sentLater;
    if (!values) return;
    this.sentLater = undefined;
    for (const value of values()) this.countSent(value);
    this.matcher = undefined;
  }

  get empty(): boolean {
    return this.marked.size === 0;
  }

  /** `text` with every secret text in it replaced by `[secret]`. */
  scrub(text: string): string {
    if (this.marked.size === 0 || text === "") return text;
    if (this.sentLater) {
      // Every candidate first: only a text that holds one needs to know which are sent in the clear.
      this.matcher ??= new Matcher(
        [...this.marked.keys()].filter((candidate) => !NO_TEXT.has(candidate.toLowerCase())),
      );
      if (this.matcher.replace(text) === text) return text;
      this.countPending();
    }
    this.matcher ??= new Matcher(this.texts());
    return this.matcher.replace(text);
  }
}

/** A letter, digit or underscore: a short secret inside a word of these is not removed. */
const WORD = /[\p{L}\p{N}_]/u;

/** Aho-Corasick over the secret texts: every occurrence of every one, in one pass. */
class Matcher {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly depth: number[] = [0];
  /** The deepest node ending a pattern among this node and its fail chain; -1 when none. */
  private readonly output: number[] = [-1];

  constructor(patterns: readonly string[]) {
    for (const pattern of patterns) {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let child = this.next[node].get(code);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.depth.push(this.depth[node] + 1);
          this.output.push(-1);
          this.next[node].set(code, child);
        }
        node = child;
      }
      if (node !== 0) this.output[node] = node;
    }
    // Breadth first, so every node's fail target is settled before its children's.
    const queue: number[] = [...this.next[0].values()];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      if (this.output[node] !== node) this.output[node] = this.output[this.fail[node]];
      for (const [code, child] of this.next[node]) {
        let fallback = this.fail[node];
        while (fallback !== 0 && !this.next[fallback].has(code)) fallback = this.fail[fallback];
        const target = this.next[fallback].get(code);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
    }
  }

  replace(text: string): string {
    if (this.next[0].size === 0) return text;
    // +1 where a removed run starts, -1 after it ends.
    const cover = new Int32Array(text.length + 1);
    let found = false;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      while (node !== 0 && !this.next[node].has(code)) node = this.fail[node];
      node = this.next[node].get(code) ?? 0;
      for (let match = this.output[node]; match !== -1; match = this.output[this.fail[match]]) {
        const length = this.depth[match];
        const start = i - length + 1;
        const alone = !WORD.test(text[start - 1] ?? " ") && !WORD.test(text[i + 1] ?? " ");
        if (length >= MIN_ANYWHERE || alone) {
          cover[start]++;
          cover[i + 1]--;
          found = true;
        }
        // The longest match covers the shorter ones ending here; short ones are checked one by one.
        if (length >= MIN_ANYWHERE) break;
      }
    }
    if (!found) return text;
    let result = "";
    let depth = 0;
    let runStart = 0;
    for (let i = 0; i <= text.length; i++) {
      const before = depth;
      depth += cover[i];
      if (before === 0 && depth > 0) {
        result += text.slice(runStart, i);
      } else if (before > 0 && depth === 0) {
        result += SECRET_PLACEHOLDER;
        runStart = i;
      }
    }
    return depth > 0 ? result + SECRET_PLACEHOLDER : result + text.slice(runStart);
  }
}
