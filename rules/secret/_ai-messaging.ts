/**
 * Shared judgements for the AI and messaging secret families: random keys of
 * these providers mix character classes, while identifiers, words and digests
 * of the same length do not. Each check is a single linear scan.
 */
import type { Verdict } from '../../server/src/engine/secrets/detector';

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

/** Upper case, lower case and a digit: a random base62/base64url key (a 40-char git SHA or an English slug is not). */
export function mixedAlphanumeric(secret: string): Verdict {
  return UPPER.test(secret) && LOWER.test(secret) && DIGIT.test(secret) ? 'plausible' : 'reject';
}

/** Upper and lower case letters: Hugging Face tokens are letters only, a snake_case identifier is not mixed. */
export function mixedCaseLetters(secret: string): Verdict {
  return UPPER.test(secret) && LOWER.test(secret) ? 'plausible' : 'reject';
}

/** Letters and digits both present: rules out all-digit ids and hyphenated words after a token prefix. */
export function lettersAndDigits(secret: string): Verdict {
  return /[A-Za-z]/.test(secret) && DIGIT.test(secret) ? 'plausible' : 'reject';
}

/** What follows the last separator: the random part of `xoxb-<team>-<bot>-<random>` or of a webhook URL. */
export function lastPart(value: string, separator: string): string {
  return value.slice(value.lastIndexOf(separator) + 1);
}
