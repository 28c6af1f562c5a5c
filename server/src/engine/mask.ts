/**
 * Masking for every output path. A finding message, log line, report or error
 * must never contain a full secret; it shows enough to recognise the value
 * (`AKIA…XYZW`) and nothing that would let someone use it.
 *
 * Guarantees (checked by test/mask.test.ts):
 * - never the full value, for any length ≥ 1;
 * - at most a third of the characters that carry the secret, and at most 4 per side;
 * - a well-known type prefix (`AKIA`, `ghp_`, `sk_live_` …) may be shown in full: it
 *   says what kind of credential this is and is identical for every such credential.
 */

const ELLIPSIS = '…';

/**
 * Public, fixed type markers of common credentials, longest first so the most
 * specific prefix wins. Only prefixes that are the same for every credential of
 * that type belong here (never a per-account or per-user part).
 */
const PUBLIC_PREFIXES = [
  'github_pat_', 'sk-proj-', 'sk-ant-', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_', 'dop_v1_',
  'glpat-', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxs-', 'xapp-', 'shpat_', 'shpss_',
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_', 'hf_',
  'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIza',
];

export function mask(value: string): string {
  // Code points, so a surrogate pair is never split into half a character.
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0) return '';
  if (n < 8) return '*'.repeat(Math.min(n, 4)) + ELLIPSIS;
  const prefix = PUBLIC_PREFIXES.find((p) => value.startsWith(p) && n - p.length >= 8);
  if (prefix) {
    // Type prefix + the tail: at most a third of the secret-bearing rest.
    const rest = n - prefix.length;
    const tail = Math.min(4, Math.floor(rest / 3));
    return prefix + ELLIPSIS + chars.slice(n - tail).join('');
  }
  // Show at most a third of the value (a sixth per side), never more than 4 characters per side.
  const side = Math.min(4, Math.floor(n / 6));
  return chars.slice(0, side).join('') + ELLIPSIS + chars.slice(n - side).join('');
}

/**
 * Replaces every occurrence of the given secret values in `text` with their
 * masked form. Used as a last line of defence on free text (error messages,
 * log lines) that may have been built from document content.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  // Longest first: a secret that contains a shorter one must be replaced whole,
  // not left with its inner part masked and the rest readable.
  const list = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of list) {
    out = out.split(secret).join(mask(secret));
  }
  return out;
}
