/**
 * Masking for every output path. A finding message, log line, report or error
 * must never contain a full secret; it shows enough to recognise the value
 * (`AKIA…XYZW`) and nothing that would let someone use it.
 */

const ELLIPSIS = '…';

export function mask(value: string): string {
  const chars = Array.from(value);
  const n = chars.length;
  if (n === 0) return '';
  if (n < 8) return '*'.repeat(Math.min(n, 4)) + ELLIPSIS;
  // Show at most a third of the value, never more than 4 characters per side.
  const side = Math.min(4, Math.floor(n / 6));
  if (side === 0) return chars[0] + ELLIPSIS;
  return chars.slice(0, side).join('') + ELLIPSIS + chars.slice(n - side).join('');
}

/**
 * Replaces every occurrence of the given secret values in `text` with their
 * masked form. Used as a last line of defence on free text (error messages,
 * log lines) that may have been built from document content.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(mask(secret));
  }
  return out;
}
