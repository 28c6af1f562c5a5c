/**
 * Environment variable names for secrets moved out of code:
 * `awsAccessKeyId` → `AWS_ACCESS_KEY_ID`, `api-key` → `API_KEY`.
 */

/** Names too generic to say what the secret is; the provider's name is better. */
const GENERIC = new Set(['VALUE', 'VAL', 'KEY', 'ID', 'SECRET', 'DATA', 'DEFAULT', 'TOKEN', 'STR', 'S', 'X', 'ARG', 'PARAM', 'ITEM', 'RESULT']);

/** camelCase / PascalCase / kebab-case / dotted → SCREAMING_SNAKE_CASE (a char loop: no regex backtracking on odd names). */
export function toScreamingSnake(name: string): string {
  let out = '';
  const chars = Array.from(name);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    const isUpper = c >= 'A' && c <= 'Z';
    if (/[A-Za-z0-9]/.test(c)) {
      // Word boundary before an upper-case letter that follows a lower-case letter or digit
      // (`keyId`), or that starts a word after an acronym (`AWSSecret` → AWS_SECRET).
      // A one-letter "acronym" is part of the word that follows (`OAuthToken` → OAUTH_TOKEN).
      const acronymOfOne = prev >= 'A' && prev <= 'Z' && (out.length === 1 || out.endsWith('_', out.length - 1));
      const boundary =
        isUpper && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'Z' && next >= 'a' && next <= 'z' && !acronymOfOne));
      if (boundary && out !== '' && !out.endsWith('_')) out += '_';
      out += c.toUpperCase();
    } else if (out !== '' && !out.endsWith('_')) out += '_';
  }
  return out.replace(/(?<!_)_+$/, '');
}

/**
 * The variable name for a secret assigned to `key`; `fallback` (the provider's
 * conventional name, e.g. AWS_SECRET_ACCESS_KEY) when the key is missing or
 * generic, or when the key is the conventional name without its provider
 * prefix (`secretAccessKey` → AWS_SECRET_ACCESS_KEY, which SDKs read by default).
 */
export function envNameFor(key: string | undefined, fallback: string): string {
  if (!key || key.length > 100) return fallback;
  const derived = toScreamingSnake(key);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(derived) || derived.length < 2 || GENERIC.has(derived)) return fallback;
  if (fallback.endsWith(`_${derived}`)) return fallback;
  return derived;
}
