/**
 * Composer `auth.json`: Composer also reads its credentials from the
 * `COMPOSER_AUTH` environment variable, a JSON object in auth.json's shape
 * (`{"http-basic": {"repo.example.org": {"username": …, "password": …}}}`).
 * So the host's whole entry leaves auth.json (the document stays valid JSON)
 * and is merged into COMPOSER_AUTH in the local env file: appended when the
 * variable is missing, its value rewritten when it already holds a JSON
 * object. No fix when COMPOSER_AUTH is not a JSON object, or already holds
 * another credential for that host.
 */
import * as jsonc from 'jsonc-parser';
import type { Fix, TextEdit } from '../../model';
import { basename } from '../../documents/format';
import { parseKeyValue } from '../../documents/key-value';
import { dotenvLine, gitignoreEdits, planEnvEntry, workspaceUri } from '../env-file';
import { propertyAt, propertyRemovalRange } from './json-property';
import type { ReferenceRequest } from './shared';

const AUTH_TYPES = new Set(['http-basic', 'github-oauth', 'gitlab-oauth', 'gitlab-token', 'bearer', 'bitbucket-oauth', 'forgejo-token', 'client-certificate']);
const VARIABLE = 'COMPOSER_AUTH';

type Json = string | { [key: string]: Json };

export function composerAuthFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (basename(doc.path) !== 'auth.json' || fact.syntax !== 'json-string' || doc.format !== 'json' || doc.parsed?.kind !== 'json' || !doc.parsed.root) return undefined;
  // The host's entry: `"http-basic": { "<host>": … }`, not duplicated (which one Composer keeps would be a guess).
  const at = propertyAt(doc.parsed.root, fact.literalRange.start, 2);
  const [type, host] = at?.path ?? [];
  if (!at || at.duplicated || !type || !host || !AUTH_TYPES.has(type) || at.property.parent?.parent?.parent !== doc.parsed.root) return undefined;
  const entry = staticJson(jsonc.getNodeValue(at.property.children![1]));
  const removal = entry === undefined ? undefined : propertyRemovalRange(doc.text, at.property);
  if (!entry || !removal) return undefined;

  const root = ctx.workspaceRoot;
  const envFile = ctx.config.envFile;
  const envUri = root ? workspaceUri(root, envFile) : undefined;
  if (!root || !envUri) return undefined;
  const files = { workspaceRoot: root, readFile: ctx.readFile };
  const envText = ctx.readFile?.(envUri);
  const current = parseKeyValue(envText ?? '', 'dotenv').find((e) => e.key.replace(/^export\s+/, '') === VARIABLE);

  let envEdits: TextEdit[];
  if (!current) {
    const plan = planEnvEntry(files, envFile, VARIABLE, JSON.stringify({ [type]: { [host]: entry } }));
    if (!plan || plan.name !== VARIABLE) return undefined;
    envEdits = plan.edits;
  } else {
    let auth: unknown;
    try {
      auth = JSON.parse(current.value);
    } catch {
      return undefined;
    }
    if (!isObject(auth) || (type in auth && !isObject(auth[type]))) return undefined;
    const section = (auth[type] ?? {}) as Record<string, unknown>;
    if (host in section) {
      if (JSON.stringify(section[host]) !== JSON.stringify(entry)) return undefined;
      envEdits = [];
    } else {
      const merged = { ...auth, [type]: { ...section, [host]: entry } };
      const line = dotenvLine(VARIABLE, JSON.stringify(merged));
      envEdits = [{ uri: envUri, range: { start: current.keyRange.start, end: current.literalRange.end }, newText: line }];
    }
  }
  return {
    title: `Move the ${host} credentials (${type}) from auth.json to ${VARIABLE} in ${envFile} (Composer reads the ${VARIABLE} environment variable)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: removal, newText: '' }, ...envEdits, ...gitignoreEdits(files, envFile)],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A string, or an object of strings (one level deep, as auth.json entries are). */
function staticJson(value: unknown): Json | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}
