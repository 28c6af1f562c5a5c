/**
 * Shared judgements for the payments, observability/SaaS and secrets
 * infrastructure families. Random keys mix character classes; identifiers,
 * words and digests of the same length do not. Each check is a linear scan.
 */
import type { Verdict } from '../../server/src/engine/secrets/detector';
import { isPlaceholder } from '../../server/src/engine/secrets/values';

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

/** Upper case, lower case and a digit: a random base62 key (an identifier or a word is not). */
export function mixedCaseAndDigits(secret: string): Verdict {
  return UPPER.test(secret) && LOWER.test(secret) && DIGIT.test(secret) ? 'plausible' : 'reject';
}

/** Lower-case letters and digits only, both present (Twitch): not a word, not a number, not mixed-case. */
export function lowerAlnumMixed(secret: string): Verdict {
  return !UPPER.test(secret) && LOWER.test(secret) && DIGIT.test(secret) ? 'plausible' : 'reject';
}

/** Letters and digits both present: rules out words and all-digit ids. */
export function lettersAndDigits(secret: string): Verdict {
  return /[A-Za-z]/.test(secret) && DIGIT.test(secret) ? 'plausible' : 'reject';
}

/** Shared with the other secret families. */
export { base64Json } from '../../server/src/engine/secrets/formats';

/**
 * Dropbox long-lived tokens carry a run of ten `A`s by construction, which the
 * generic placeholder check would take for a stand-in: judge the other parts.
 */
export function dropboxLongLived(secret: string): Verdict {
  const parts = secret.split('AAAAAAAAAA');
  return parts.some((p) => p.length >= 8 && isPlaceholder(p)) ? 'reject' : 'plausible';
}
