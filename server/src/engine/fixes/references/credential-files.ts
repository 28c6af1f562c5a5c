/**
 * A credential file: a file whose whole purpose is to hold a credential (a
 * private key `*.pem` / `*.key` / `*.ppk` / `id_ed25519`, an armored PGP
 * private key, `.netrc`, `.pypirc`, `.git-credentials`, Docker's
 * `config.json` with `auths`, Composer's `auth.json`, a GCP service-account
 * key, a kubeconfig with user credentials). Moving "the value" elsewhere makes
 * no sense: the file *is* the value. The fix stops committing it: its
 * workspace-relative path, anchored (`/deploy/id_rsa`), is added to the root
 * `.gitignore`; the file stays on disk, so nothing is lost. A `.gitignore`
 * does not untrack a file git already tracks, so the title says to run
 * `git rm --cached <path>`, and to rotate the credential (it is in the history).
 *
 * Validation (validate.ts) accepts the fix when the edited `.gitignore` ignores
 * the analysed file, the notion the workspace audit uses too (workspace.ts).
 */
import ignore from 'ignore';
import type { Document, Fix } from '../../model';
import type { RuleContext } from '../../rule';
import { workspaceUri } from '../env-file';

/** Key material by name: the file is the key. */
const KEY_FILE_EXTENSIONS = /\.(pem|key|ppk|asc|gpg|p8|pk8|openssh)$/i;
const SSH_KEY_NAMES = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;

/** True when `doc` is a file that exists to hold credentials (by name, confirmed by its content). */
export function isCredentialFile(doc: Document): boolean {
  const path = doc.path.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const text = doc.text;
  // A key file holds private key material, not only certificates or public keys.
  if (KEY_FILE_EXTENSIONS.test(base) || SSH_KEY_NAMES.test(base)) return /PRIVATE KEY|PuTTY-User-Key-File-\d/.test(text);
  if (base === '.netrc' || base === '_netrc') return /\bpassword\s/.test(text);
  if (base === '.pypirc') return /^[ \t]*password[ \t]*[=:]/m.test(text);
  if (base === '.git-credentials') return true;
  if (base === 'config.json' && /(^|\/)\.docker\/config\.json$/.test(path)) return /"auths"\s*:/.test(text);
  // Composer keeps registry credentials in auth.json next to composer.json; its docs say not to commit it.
  if (base === 'auth.json') return /"(http-basic|github-oauth|gitlab-token|gitlab-oauth|bearer|bitbucket-oauth)"\s*:/.test(text);
  if (doc.format === 'json' && /"type"\s*:\s*"service_account"/.test(text)) return /"private_key"\s*:/.test(text);
  if (isKubeconfig(doc)) return true;
  return false;
}

/** A kubeconfig (`kind: Config` with `users:`), whatever its name (`kubeconfig` and `.kube/config` have no extension). */
export function isKubeconfig(doc: Document): boolean {
  return /^kind:[ \t]*Config[ \t]*\r?$/m.test(doc.text) && /^users:/m.test(doc.text);
}

/** The document's path relative to the workspace root, or undefined when it is outside. */
export function workspaceRelativePath(root: string, uri: string): string | undefined {
  const base = withoutTrailingSlashes(root) + '/';
  if (!uri.startsWith(base)) return undefined;
  try {
    const rel = uri.slice(base.length).split('/').map(decodeURIComponent).join('/');
    return workspaceUri(root, rel) === uri ? rel : undefined;
  } catch {
    return undefined; // a malformed escape
  }
}

/** `s` without trailing slashes (a loop: a one-or-more-slashes-at-end regex is quadratic on a long run of them). */
export function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '/') end--;
  return s.slice(0, end);
}

/** An anchored `.gitignore` pattern matching exactly `rel` (special characters escaped). */
export function anchoredPattern(rel: string): string {
  // `\` escapes in gitignore; a trailing space would be trimmed, so it is escaped too.
  return '/' + rel.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

/** A path as one shell word (single-quoted when it has anything but safe characters). */
function shellWord(rel: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(rel) ? rel : `'${rel.replace(/'/g, `'\\''`)}'`;
}

export function credentialFileFix(ctx: RuleContext, what: string): Fix | undefined {
  const doc = ctx.document;
  const root = ctx.workspaceRoot;
  if (!root || !isCredentialFile(doc)) return undefined;
  const rel = workspaceRelativePath(root, doc.uri);
  const gitignore = workspaceUri(root, '.gitignore');
  if (!rel || !gitignore || rel === '.gitignore') return undefined;
  const current = ctx.readFile?.(gitignore);
  if (current !== undefined) {
    try {
      if (ignore().add(current).ignores(rel)) return undefined; // already ignored: only `git rm --cached` is left, not an edit
    } catch {
      // An unreadable pattern: our line is still right.
    }
  }
  const line = anchoredPattern(rel) + '\n';
  const edit =
    current === undefined
      ? { uri: gitignore, range: { start: 0, end: 0 }, newText: line, createIfMissing: true }
      : { uri: gitignore, range: { start: current.length, end: current.length }, newText: (current.length > 0 && !current.endsWith('\n') ? '\n' : '') + line };
  return {
    title: `Stop committing ${rel}: add it to .gitignore (the file stays on disk), run git rm --cached ${shellWord(rel)}, and rotate the ${what}: it is in the git history`,
    kind: 'vault-reference',
    preferred: true,
    edits: [edit],
  };
}
