import { createHash } from 'node:crypto';
import { detached } from './strings';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A fingerprint that survives lines moving: it hashes the rule, the file and a
 * normalised context (the secret's own hash for secrets, the trimmed line text
 * otherwise) plus an occurrence counter for identical contexts in one file.
 */
export function fingerprint(ruleId: string, path: string, context: string, occurrence: number): string {
  return fingerprintOfNormalised(ruleId, path, normaliseContext(context), occurrence);
}

/**
 * fingerprint() of a context already normalised. An editor fingerprints every finding of
 * a file again at each keystroke, from the same inputs: the hashes are remembered (bounded).
 * The keys are built by concatenation, so they never keep a document's text alive (a
 * slice of it would).
 */
export function fingerprintOfNormalised(ruleId: string, path: string, normalisedContext: string, occurrence: number): string {
  const input = `${ruleId}\u0000${path}\u0000${normalisedContext}\u0000${occurrence}`;
  let hash = fingerprints.get(input);
  if (hash === undefined) {
    hash = sha256(input).slice(0, 32);
    remember(fingerprints, input, hash);
  }
  return hash;
}

/** sha256(secret), remembered like fingerprints: a secret's hash is its finding's context at every keystroke. */
export function secretHash(secret: string): string {
  let hash = secretHashes.get(secret);
  if (hash === undefined) {
    hash = sha256(secret);
    remember(secretHashes, detached(secret), hash);
  }
  return hash;
}

const fingerprints = new Map<string, string>();
const secretHashes = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

function remember(map: Map<string, string>, key: string, value: string): void {
  if (map.size >= MAX_REMEMBERED) map.clear();
  map.set(key, value);
}

/** Whitespace-insensitive context: re-indenting a line keeps its fingerprint. Count occurrences on this form. */
export function normaliseContext(context: string): string {
  return context.replace(/\s+/g, ' ').trim();
}
