/**
 * `.npmrc`: npm expands `${NAME}` from the environment in any value, so
 * `//registry.npmjs.org/:_authToken=npm_…` becomes `…=${NPM_TOKEN}` and the
 * token moves to the local env file (CI sets NPM_TOKEN from its secrets).
 * The public registry's token gets the provider's conventional name
 * (NPM_TOKEN); a private registry's gets one from its host and path
 * (`//npm.kestrel.dev/repository/npm-private/:_authToken` →
 * KESTREL_NPM_PRIVATE_AUTH_TOKEN), so several registries in one file do not
 * all ask for the same variable.
 *
 * No fix for `.pypirc` or `.netrc`: pip/twine and netrc readers take those
 * files literally (no variable expansion), so any reference written there
 * would be sent as the password. Their findings keep the rotation advice, and
 * credential-files.ts offers to stop committing the file.
 */
import type { Fix } from '../../model';
import { toScreamingSnake } from '../env-name';
import { planEnvValue, type ReferenceRequest } from './shared';

export function npmrcFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!doc.flavors.includes('npmrc') || fact.syntax !== 'ini') return undefined;
  // Only the whole value: `_auth=base64(user:pass)` or `_authToken=…`, not part of a URL.
  if (doc.text.slice(fact.literalRange.start, fact.literalRange.end) !== fact.value) return undefined;
  const plan = planEnvValue(req, npmrcName(fact.key ?? '', req.fallbackName), fact.value);
  if (!plan) return undefined;
  const expression = `\${${plan.name}}`;
  return {
    title: `Move the ${req.what} to ${ctx.config.envFile} and read ${expression} (npm expands it from the environment)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText: expression }, ...plan.edits],
  };
}

/** Host labels that say nothing about whose registry it is. */
const NOISE = new Set(['npm', 'registry', 'www', 'repository', 'repo', 'api', 'v4', 'packages', 'com', 'org', 'net', 'io', 'dev']);

function npmrcName(key: string, fallback: string): string {
  const m = /^\/\/([^/:]+)([^:]*):(_authToken|_auth|_password)$/.exec(key);
  if (!m || m[1] === 'registry.npmjs.org') return fallback;
  const words = [...m[1].split('.'), ...m[2].split('/').filter((s) => s !== '').slice(-1)].filter((w) => !NOISE.has(w.toLowerCase()));
  const suffix = m[3] === '_authToken' ? 'AUTH_TOKEN' : m[3] === '_auth' ? 'AUTH' : 'PASSWORD';
  const stem = toScreamingSnake(words.join('_'));
  return /^[A-Z_][A-Z0-9_]*$/.test(stem) ? `${stem}_${suffix}` : fallback;
}
