/**
 * Shared judgements about candidate secret values: is it a placeholder or doc
 * sample, a reference to a secret store, a hash, random enough? Every check is
 * a linear scan or a regex without nested quantifiers (safe on untrusted text).
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = value.length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function distinctChars(value: string): number {
  return new Set(value).size;
}

/** Longest run of characters whose codes go up by one each step ("ABCDEF", "234567"). */
export function longestAscendingRun(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Longest run of one repeated character ("XXXXXX"). */
export function longestRepeat(value: string): number {
  let best = value.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value[i] === value[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Words that mark a value as documentation or a stand-in. AWS documents its
 * samples with an EXAMPLE suffix (AKIAIOSFODNN7EXAMPLE,
 * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY); the rest are common stand-ins.
 * Five letters or more (or XXXX) so that a random key contains one by chance
 * with probability well under one in a million per word.
 */
const PLACEHOLDER_WORDS = /example|sample|dummy|placeholder|changeme|change_me|redacted|notreal|not_real|your_?(?:access|secret|aws|key|token)|xxxx|\*\*\*\*|fakekey|fake_key|testkey|test_key|insert|replace_?me/i;

/**
 * A value that is visibly not a real secret: a doc sample, a stand-in word,
 * one character repeated, very few distinct characters, or a long alphabetical
 * run ("ABCDEFGHIJKLMNOP"), which random keys essentially never contain.
 */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (value.length >= 8 && distinctChars(value) <= 4) return true;
  if (longestRepeat(value) >= 6) return true;
  if (longestAscendingRun(value) >= 7) return true;
  return false;
}

/** `${VAR}`, `$VAR`, `{{ secrets.X }}`, `vault:…`, `arn:aws:secretsmanager:…` — a pointer to a secret, not the secret. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    v.startsWith('${') ||
    /^\$[A-Za-z_]\w*$/.test(v) ||
    v.startsWith('{{') ||
    v.startsWith('#{') ||
    /^(?:vault|op|awssm|gcpsm|azkv|secretsmanager|ssm|env):/i.test(v) ||
    v.startsWith('arn:aws:secretsmanager:') ||
    v.startsWith('arn:aws:ssm:')
  );
}

/** Hex digests (md5, sha1, sha256 …) and UUIDs: identifiers, not secrets. */
export function isHashOrUuid(value: string): boolean {
  if (/^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(value)) return true;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Lower-case letters and digits only: `AWS_Secret-Key` → `awssecretkey`, for comparing names across syntaxes. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
