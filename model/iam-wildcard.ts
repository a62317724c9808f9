/**
 * IAM wildcard matching without regular expressions, so that no policy text can make the
 * gate backtrack: a pattern with hundreds of `*` against a long value costs a single left
 * to right pass.
 *
 * A pattern is compiled once into a string where the two wildcards are private-use
 * characters (`STAR`, `ONE`), so a literal `*` or `?` (from `${*}`, `${?}` or a substituted
 * policy variable) stays a literal. A value may hold "holes" (`HOLE_*`): positions whose
 * character is unknown before deployment but known to be one of a class (a task id's hex
 * digits, a secret's random suffix). Such a value stands for a range of values.
 *
 * The algorithm: split the pattern at `*`; the first piece must match at the start, the last
 * at the end, and every middle piece is taken at its leftmost place. Leftmost is always
 * safe, because a piece taken earlier leaves more of the value to the pieces after it.
 * Cost: O(n + m) for pieces without `?` (String.prototype.indexOf); for a piece of length k
 * holding `?`, one bit-parallel pass, O(n · ⌈k/32⌉). Never exponential, never backtracking.
 */

/** `*` in a compiled pattern: any run of characters, the empty one included. */
export const STAR = "\uE010";
/** `?` in a compiled pattern: exactly one character. */
export const ONE = "\uE011";

/** A character of a value not known before deployment: one of a class. */
export const HOLE_DIGIT = "\uE000";
export const HOLE_HEX = "\uE001";
export const HOLE_ALNUM = "\uE002";
/**
 * The rest of a value, not known before deployment: any non-empty text. Only as the last
 * character of a value (the log stream of a container definition computed at preview).
 */
export const HOLE_TAIL = "\uE003";

const HOLE_CLASSES: Readonly<Record<string, string>> = {
  [HOLE_DIGIT]: "0123456789",
  [HOLE_HEX]: "0123456789abcdef",
  [HOLE_ALNUM]: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
};

const HOLE_CHARACTERS = Object.keys(HOLE_CLASSES);

/** The classes as a case-insensitive match sees them (a pattern folded to lower case meets `A-Z` as `a-z`). */
const HOLE_CLASSES_ANY_CASE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HOLE_CLASSES).map(([hole, alphabet]) => [hole, alphabet.toLowerCase() + alphabet.toUpperCase()]),
);

const PRIVATE_USE = /[\uE000-\uE0FF]/g;
const REPLACEMENT = "\uFFFD";

/** A literal text made safe to hold next to holes and wildcards (private-use characters never occur in ARNs). */
export function literal(text: string): string {
  return text.replace(PRIVATE_USE, REPLACEMENT);
}

const WILDCARDS = /[*?]/g;
const NEEDS_COMPILING = /[*?\uE000-\uE0FF]/;

/** An IAM pattern as policy text writes it (`*` and `?` are wildcards) compiled to the matcher's form. */
export function compileWildcards(text: string): string {
  if (!NEEDS_COMPILING.test(text)) return text; // most policy text: nothing to replace
  return literal(text).replace(WILDCARDS, (char) => (char === "*" ? STAR : ONE));
}

/** The holes are the code points HOLE_DIGIT..HOLE_TAIL: one comparison per character. */
const FIRST_HOLE = HOLE_DIGIT.charCodeAt(0);
const LAST_HOLE = HOLE_TAIL.charCodeAt(0);

export function hasHoles(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= FIRST_HOLE && code <= LAST_HOLE) return true;
  }
  return false;
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

/** Does pattern character `p` (not STAR) accept value character `v`? A hole accepts p if p is in its class. */
function charMatches(p: string, v: string, ignoreCase: boolean): boolean {
  if (p === ONE) return true;
  const hole = (ignoreCase ? HOLE_CLASSES_ANY_CASE : HOLE_CLASSES)[v];
  if (hole !== undefined) return hole.includes(p);
  return p === v;
}

/** Does `piece` match `value` at `at`? `plain`: neither holds `?` nor a hole, so it is a comparison of text. */
function pieceMatchesAt(piece: string, value: string, at: number, ignoreCase: boolean, plain = false): boolean {
  if (plain) return value.startsWith(piece, at);
  for (let i = 0; i < piece.length; i++) if (!charMatches(piece[i], value[at + i], ignoreCase)) return false;
  return true;
}

/**
 * Leftmost start in [from, limit - piece.length] where a piece holding `?` (or a value holding
 * holes) matches, by bit-parallel Shift-And: one pass over the value, ⌈k/32⌉ word operations
 * per character for a piece of length k.
 */
function findPieceShiftAnd(piece: string, value: string, from: number, limit: number, ignoreCase: boolean): number {
  const k = piece.length;
  const words = Math.ceil(k / 32);
  const masks = new Map<string, Uint32Array>();
  const wildcardMask = new Uint32Array(words);
  for (let i = 0; i < k; i++) if (piece[i] === ONE) wildcardMask[i >>> 5] |= 1 << (i & 31);
  const maskOf = (char: string): Uint32Array => {
    let mask = masks.get(char);
    if (mask) return mask;
    mask = Uint32Array.from(wildcardMask);
    for (let i = 0; i < k; i++)
      if (piece[i] !== ONE && charMatches(piece[i], char, ignoreCase)) mask[i >>> 5] |= 1 << (i & 31);
    masks.set(char, mask);
    return mask;
  };
  const state = new Uint32Array(words);
  const lastWord = words - 1;
  const lastBit = 1 << ((k - 1) & 31);
  for (let j = from; j < limit; j++) {
    const mask = maskOf(value[j]);
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const next = state[w] >>> 31;
      state[w] = ((state[w] << 1) | carry) & mask[w];
      carry = next;
    }
    if (state[lastWord] & lastBit) return j - k + 1;
  }
  return -1;
}

/** Leftmost start in [from, limit - piece.length] where `piece` matches, or -1. */
function findPiece(piece: string, value: string, from: number, limit: number, plain: boolean, ig: boolean): number {
  const last = limit - piece.length;
  if (last < from) return -1;
  if (plain) {
    const at = value.indexOf(piece, from);
    return at !== -1 && at <= last ? at : -1;
  }
  return findPieceShiftAnd(piece, value, from, limit, ig);
}

/**
 * A compiled pattern made ready for many matches: folded and split at `*` once. Policy
 * documents are evaluated for many requests, so the evaluator prepares each of their
 * patterns once (model/iam-policy-cache) instead of on every match.
 */
export interface PreparedPattern {
  /** The compiled pattern, folded. */
  readonly text: string;
  readonly ignoreCase: boolean;
  /** `text` split at STAR. */
  readonly pieces: readonly string[];
  /** Per piece: does it hold ONE (then it needs the bit-parallel search)? */
  readonly pieceHasOne: readonly boolean[];
  /** Per hole class, a character of it the pattern never names ("" if none); made on first range match. */
  fresh?: Record<string, string>;
  /** Range matches already decided, by value (values are shared: `sharedValue`). */
  ranges?: WeakMap<PreparedValue, RangeMatch>;
}

export function preparePattern(pattern: string, ignoreCase = false): PreparedPattern {
  const text = fold(pattern, ignoreCase);
  const pieces = text.split(STAR);
  return { text, ignoreCase, pieces, pieceHasOne: pieces.map((piece) => piece.includes(ONE)) };
}

/** The first character of a hole class the pattern never names (matchPreparedRange), or ""; once per pattern and class. */
function freshCharacter(pattern: PreparedPattern, hole: string): string {
  pattern.fresh ??= {};
  let fresh = pattern.fresh[hole];
  if (fresh === undefined) {
    fresh = "";
    // Every character of a class folds to one character, so "named" is a search of the folded pattern.
    for (const char of HOLE_CLASSES[hole])
      if (!pattern.text.includes(fold(char, pattern.ignoreCase))) {
        fresh = char;
        break;
      }
    pattern.fresh[hole] = fresh;
  }
  return fresh;
}

/** A value (or range) made ready for many matches against patterns of one case rule. */
export interface PreparedValue {
  /** The value as given, for filling its holes. */
  readonly raw: string;
  /** The value, folded. */
  readonly text: string;
  readonly holes: boolean;
  /** The value with its holes filled, prepared, per choice of fresh characters (matchPreparedRange). */
  filled?: Map<string, PreparedValue>;
}

export function prepareValue(value: string, ignoreCase = false): PreparedValue {
  const text = fold(value, ignoreCase);
  return { raw: value, text, holes: hasHoles(text) };
}

/** Patterns of one stack name few distinct sets of characters; more fillings than this are not kept. */
const MAX_FILLINGS = 16;

/** Runs of one hole class (a placeholder is one run). */
const HOLE_RUN = /\uE000+|\uE001+|\uE002+/g;

/** `text` with each run of holes filled with the fresh character of its class. */
function fillHoleRuns(text: string, fresh: Readonly<Record<string, string>>): string {
  return text.replace(HOLE_RUN, (run) => fresh[run[0]].repeat(run.length));
}

/**
 * The fresh character (`freshCharacter`) of each hole class `text` holds; undefined when the
 * pattern names every character of one of them, so that "all" cannot be decided by filling.
 */
function freshFilling(pattern: PreparedPattern, text: string): Record<string, string> | undefined {
  const fresh: Record<string, string> = {};
  for (const hole of HOLE_CHARACTERS) {
    if (!text.includes(hole)) continue;
    fresh[hole] = freshCharacter(pattern, hole);
    if (fresh[hole] === "") return undefined;
  }
  return fresh;
}

/** The range's value with every hole filled by the fresh character of its class, prepared once per choice. */
function filledValue(
  value: PreparedValue,
  fresh: Readonly<Record<string, string>>,
  ignoreCase: boolean,
): PreparedValue {
  // Fresh characters are letters or digits: the comma keeps keys apart.
  const key = HOLE_CHARACTERS.map((hole) => fresh[hole] ?? "").join(",");
  value.filled ??= new Map();
  let filled = value.filled.get(key);
  if (!filled) {
    if (value.filled.size >= MAX_FILLINGS) value.filled.clear(); // values may be cached across stacks: stay bounded
    filled = prepareValue(fillHoleRuns(value.raw, fresh), ignoreCase);
    value.filled.set(key, filled);
  }
  return filled;
}

/**
 * Does the prepared pattern match the prepared value? With holes in the value, true means
 * "some value of the range matches" (each hole is used by at most one pattern character, so
 * choices are independent and leftmost placement stays exact).
 */
export function matchesPrepared(pattern: PreparedPattern, value: PreparedValue): boolean {
  if (value.text.endsWith(HOLE_TAIL)) return matchPreparedRange(pattern, value) !== "none";
  const { pieces, pieceHasOne, ignoreCase } = pattern;
  const v = value.text;
  const plain = !value.holes;
  if (pieces.length === 1)
    return v.length === pattern.text.length && pieceMatchesAt(pattern.text, v, 0, ignoreCase, plain && !pieceHasOne[0]);
  const last = pieces.length - 1;
  const first = pieces[0];
  const lastPiece = pieces[last];
  if (first.length + lastPiece.length > v.length) return false;
  if (!pieceMatchesAt(first, v, 0, ignoreCase, plain && !pieceHasOne[0])) return false;
  const end = v.length - lastPiece.length;
  if (!pieceMatchesAt(lastPiece, v, end, ignoreCase, plain && !pieceHasOne[last])) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i];
    if (piece.length === 0) continue;
    const found = findPiece(piece, v, at, end, plain && !pieceHasOne[i], ignoreCase);
    if (found === -1) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * Does the compiled pattern match the value? With holes in the value, true means "some value
 * of the range matches".
 */
export function matchesCompiled(pattern: string, value: string, ignoreCase = false): boolean {
  return matchesPrepared(preparePattern(pattern, ignoreCase), prepareValue(value, ignoreCase));
}

/** Plain IAM wildcard matching of policy text against a concrete value. */
export function wildcardMatches(patternText: string, value: string, ignoreCase = false): boolean {
  return matchesCompiled(compileWildcards(patternText), literal(value), ignoreCase);
}

export type RangeMatch = "all" | "some" | "none";

/**
 * How a compiled pattern matches a range of values. "all" is decided by filling every hole
 * with a character of its class that the pattern never names: such a character can only be
 * taken by a wildcard, so if that value matches, every value of the range does. When the
 * pattern names every character of a class, "all" cannot be decided this way and the answer
 * is "some" (the caller then reports unknown, never a pass).
 */
export function matchRange(pattern: string, value: string, ignoreCase = false): RangeMatch {
  return matchPreparedRange(preparePattern(pattern, ignoreCase), prepareValue(value, ignoreCase));
}

/** `matchRange` on a pattern and a value prepared with the same case rule, decided once per pair. */
export function matchPreparedRange(pattern: PreparedPattern, value: PreparedValue): RangeMatch {
  pattern.ranges ??= new WeakMap();
  let match = pattern.ranges.get(value);
  if (match === undefined) {
    match = decideRange(pattern, value);
    pattern.ranges.set(value, match);
  }
  return match;
}

function decideRange(pattern: PreparedPattern, value: PreparedValue): RangeMatch {
  if (!value.holes) return matchesPrepared(pattern, value) ? "all" : "none";
  if (value.text.endsWith(HOLE_TAIL)) return tailRange(pattern, value);
  if (!matchesPrepared(pattern, value)) return "none";
  const fresh = freshFilling(pattern, value.raw);
  if (!fresh) return "some";
  return matchesPrepared(pattern, filledValue(value, fresh, pattern.ignoreCase)) ? "all" : "some";
}

/**
 * A value ending in HOLE_TAIL (a known head, then any non-empty text) against a pattern: the
 * pattern's positions are followed through the head as a set (a `*` may stay or move on; one
 * bit-parallel pass, no backtracking), then the tail decides:
 * - "none" when no position is left short of the pattern's end (nothing more can be matched);
 * - "all" when the positions left whose rest holds only `?` and `*` accept every length from 1
 *   on (rest `?*`: lengths >= 1; `??`: 2 only; together with a rest `?`, every length); a rest
 *   with a literal character is never counted for "all" (a tail can avoid any character);
 * - "some" otherwise. With other holes in the head, "some" and "none" read them as their
 *   classes and "all" fills them with a character of their class the pattern never names, as
 *   `decideRange` does, so "all" is claimed only when proven.
 */
function tailRange(pattern: PreparedPattern, value: PreparedValue): RangeMatch {
  const head = value.text.slice(0, -1);
  if (head.includes(HOLE_TAIL)) return "some"; // a tail only at the end: any other reading proves nothing
  const text = pattern.text.replace(REPEATED_STARS, STAR); // "**" matches what "*" does
  const some = positionsAfter(text, head, pattern.ignoreCase);
  if (!some.some((position) => position < text.length)) return "none";
  // Without other holes the head is one value: the positions just found are the ones "all" reads.
  let every = some;
  if (hasHoles(head)) {
    const fresh = freshFilling(pattern, head);
    if (!fresh) return "some";
    every = positionsAfter(text, fillHoleRuns(head, fresh), pattern.ignoreCase);
  }
  return everyTailLength(text, every) ? "all" : "some";
}

const REPEATED_STARS = new RegExp(`${STAR}{2,}`, "g");

/**
 * The positions (0..length) of `text` (a compiled pattern without repeated `*`) reachable
 * after matching `head` from the start, `*` closures taken: bit-parallel over the positions,
 * ⌈length/32⌉ word operations per character of the head.
 */
function positionsAfter(text: string, head: string, ignoreCase: boolean): number[] {
  const size = text.length + 1;
  const words = Math.ceil(size / 32);
  const stars = new Uint32Array(words);
  for (let i = 0; i < text.length; i++) if (text[i] === STAR) stars[i >>> 5] |= 1 << (i & 31);
  // Per head character: the positions whose pattern character takes it (a `?`, or the character or its class).
  const takes = new Map<string, Uint32Array>();
  const takesOf = (char: string): Uint32Array => {
    let mask = takes.get(char);
    if (mask) return mask;
    mask = new Uint32Array(words);
    for (let i = 0; i < text.length; i++)
      if (text[i] !== STAR && charMatches(text[i], char, ignoreCase)) mask[i >>> 5] |= 1 << (i & 31);
    takes.set(char, mask);
    return mask;
  };
  // A set position on a `*` also sets the next one (no `*` follows a `*`: one step closes).
  const close = (set: Uint32Array) => {
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const onStar = set[w] & stars[w];
      const next = onStar >>> 31;
      set[w] |= (onStar << 1) | carry;
      carry = next;
    }
  };
  let current = new Uint32Array(words);
  let next = new Uint32Array(words);
  current[0] = 1;
  close(current);
  for (let j = 0; j < head.length; j++) {
    const mask = takesOf(head[j]);
    let carry = 0;
    let any = 0;
    for (let w = 0; w < words; w++) {
      const taken = current[w] & mask[w];
      const shifted = (taken << 1) | carry;
      carry = taken >>> 31;
      next[w] = shifted | (current[w] & stars[w]);
      any |= next[w];
    }
    if (any === 0) return [];
    close(next);
    [current, next] = [next, current];
  }
  const positions: number[] = [];
  for (let i = 0; i < size; i++) if (current[i >>> 5] & (1 << (i & 31))) positions.push(i);
  return positions;
}

/** Do the rests of `text` from these positions, together, match some text of every length from 1 on? */
function everyTailLength(text: string, positions: readonly number[]): boolean {
  const exact = new Set<number>();
  let fromOn = Infinity;
  for (const position of positions) {
    let ones = 0;
    let star = false;
    let literalSeen = false;
    for (let i = position; i < text.length && !literalSeen; i++) {
      if (text[i] === ONE) ones++;
      else if (text[i] === STAR) star = true;
      else literalSeen = true;
    }
    if (literalSeen) continue;
    if (star) fromOn = Math.min(fromOn, ones);
    else exact.add(ones);
  }
  if (fromOn === Infinity) return false;
  for (let length = 1; length < fromOn; length++) if (!exact.has(length)) return false;
  return true;
}

/**
 * Patterns and values shared by text. Every document of a stack names the same partition,
 * services, region and account, and every request holds them too: shared, each is prepared
 * once and each pair matched once (`ranges`). Bounded in count and length, since the pack
 * serves many stacks and policy text may be long.
 */
const MAX_SHARED = 4096;
const MAX_SHARED_LENGTH = 256;
/** By case rule, then text (a key built by concatenation would be hashed anew on every look-up). */
const sharedPatterns = [new Map<string, PreparedPattern>(), new Map<string, PreparedPattern>()];
const sharedValues = [new Map<string, PreparedValue>(), new Map<string, PreparedValue>()];

function shared<T>(caches: Map<string, T>[], text: string, ignoreCase: boolean, make: () => T): T {
  if (text.length > MAX_SHARED_LENGTH) return make();
  const cache = caches[ignoreCase ? 1 : 0];
  let found = cache.get(text);
  if (found === undefined) {
    if (cache.size >= MAX_SHARED) cache.clear();
    found = make();
    cache.set(text, found);
  }
  return found;
}

/** `preparePattern`, one object per text. */
export function sharedPattern(pattern: string, ignoreCase = false): PreparedPattern {
  return shared(sharedPatterns, pattern, ignoreCase, () => preparePattern(pattern, ignoreCase));
}

/** `prepareValue`, one object per text. */
export function sharedValue(value: string, ignoreCase = false): PreparedValue {
  return shared(sharedValues, value, ignoreCase, () => prepareValue(value, ignoreCase));
}

/** One concrete value of a range, each hole filled by `pick` (tests use it to sample ranges). */
export function fillHoles(value: string, pick: (alphabet: string, index: number) => string): string {
  let out = "";
  let index = 0;
  for (const char of value) {
    const hole = HOLE_CLASSES[char];
    out += hole === undefined ? char : pick(hole, index++);
  }
  return out;
}
