import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A fingerprint that survives lines moving: it hashes the rule, the file and a
 * normalised context (the secret's own hash for secrets, the trimmed line text
 * otherwise) plus an occurrence counter for identical contexts in one file.
 */
export function fingerprint(ruleId: string, path: string, context: string, occurrence: number): string {
  return sha256(`${ruleId}\u0000${path}\u0000${normaliseContext(context)}\u0000${occurrence}`).slice(0, 32);
}

/** Whitespace-insensitive context: re-indenting a line keeps its fingerprint. Count occurrences on this form. */
export function normaliseContext(context: string): string {
  return context.replace(/\s+/g, ' ').trim();
}
