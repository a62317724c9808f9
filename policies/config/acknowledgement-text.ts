/**
 * The text of acknowledgements: how long a reason must be, and how a tag value
 * (`reason; expires=YYYY-MM-DD`, or `reason expires=YYYY-MM-DD` where `;` is not allowed) reads.
 * Parsed by scanning, never by a backtracking regular expression: the regular expression this
 * replaces took 10-15 s on "a" + 50,000 spaces + "b" (issue 21).
 */

/** A reason counts only its visible characters: at least this many. */
export const MIN_REASON_CHARACTERS = 10;

/**
 * The longest tag value AWS accepts: 256 Unicode characters (tag values of every service,
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html; IAM roles too,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html). A longer value cannot be
 * deployed, so it is not read as an acknowledgement.
 */
export const AWS_TAG_VALUE_MAX_CHARACTERS = 256;

/** White space, control and format characters (zero-width spaces, joiners, BOM) and unassigned code points show nothing. */
const INVISIBLE = /[\p{White_Space}\p{C}\p{Z}]/u;

/** The characters of `text` that show: a reason of spaces, or of zero-width spaces, is no reason. */
export function visibleLength(text: string): number {
  let count = 0;
  for (const character of text) if (!INVISIBLE.test(character)) count++;
  return count;
}

const isSpace = (character: string) => /\s/.test(character);

/** `text` without trailing white space, found by one backwards scan. */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

export type AckTagReading = { ok: true; reason: string; expires?: string } | { ok: false; problem: string };

const EXPIRES = "expires=";

/**
 * Reads an acknowledgement tag value: the expiry is the last word when it is `expires=...`
 * after white space or `;` (`reason; expires=2027-01-31`, `reason expires=2027-01-31`,
 * `reason;expires=2027-01-31`); everything before it, without the separator, is the reason.
 * A value longer than AWS allows is refused, not read. Linear in the value's length.
 */
export function readAckTagValue(value: string): AckTagReading {
  const characters = [...value].length;
  if (characters > AWS_TAG_VALUE_MAX_CHARACTERS)
    return {
      ok: false,
      problem: `its value has ${characters} characters, more than the ${AWS_TAG_VALUE_MAX_CHARACTERS} AWS allows in a tag value`,
    };
  const text = trimEnd(value);
  let wordStart = text.length;
  while (wordStart > 0 && !isSpace(text[wordStart - 1])) wordStart--;
  const word = text.slice(wordStart);
  let reason = text;
  let expires: string | undefined;
  const semicolonExpiry = word.indexOf(`;${EXPIRES}`);
  if (word.startsWith(EXPIRES) && word.length > EXPIRES.length) {
    expires = word.slice(EXPIRES.length);
    reason = trimEnd(text.slice(0, wordStart));
    if (reason.endsWith(";")) reason = reason.slice(0, -1);
  } else if (semicolonExpiry !== -1 && semicolonExpiry + 1 + EXPIRES.length < word.length) {
    expires = word.slice(semicolonExpiry + 1 + EXPIRES.length);
    reason = text.slice(0, wordStart + semicolonExpiry);
  }
  return expires === undefined ? { ok: true, reason: reason.trim() } : { ok: true, reason: reason.trim(), expires };
}
