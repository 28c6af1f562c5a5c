/**
 * A secret in documentation (Markdown, reStructuredText, AsciiDoc, plain text)
 * or in a comment line: documentation should never carry a live value, and
 * nothing reads it, so there is no reference to write. The value becomes a
 * placeholder in the `<NAME>` form docs use for "put yours here"
 * (`curl -H 'Authorization: Bearer <GITHUB_TOKEN>'`), clearly not a key of any
 * provider, and the value is saved to the local env file under NAME so nobody
 * loses it before it is rotated (it was committed: it must be rotated anyway).
 */
import type { Document, Fix } from '../../model';
import { envNameFor } from '../env-name';
import type { WorkspaceFiles } from '../env-file';
import { planEnvEntries } from './shared';
import { embeddedName, isUrlName, type EmbeddedSecretRequest } from './embedded';

const DOC_FILE = /\.(?:md|markdown|mdx|rst|adoc|asciidoc|txt)$/i;

export function isDocumentation(doc: Document): boolean {
  return doc.format === 'text' && DOC_FILE.test(doc.path);
}

/** Line comment markers per syntax family; only whole comment lines count (a trailing `# …` may be inside a value). */
const HASH = new Set(['python', 'ruby', 'shell', 'yaml', 'dotenv', 'toml', 'terraform', 'dockerfile', 'properties', 'ini', 'php']);
const SLASHES = new Set(['typescript', 'tsx', 'javascript', 'go', 'java', 'csharp', 'php', 'terraform', 'jsonc']);

export function isCommentLine(doc: Document, offset: number): boolean {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  const head = doc.text.slice(lineStart, offset).trimStart();
  if (HASH.has(doc.format) && head.startsWith('#')) return true;
  if (SLASHES.has(doc.format) && (head.startsWith('//') || head.startsWith('/*') || head.startsWith('* '))) return true;
  if ((doc.format === 'ini' || doc.format === 'properties') && (head.startsWith(';') || head.startsWith('!'))) return true;
  if (doc.format === 'xml' && head.startsWith('<!--') && !head.includes('-->')) return true;
  return false;
}

/** `NAME=` / `NAME: ` / `export NAME=` right before the value on its line, if any. */
function nameBefore(doc: Document, offset: number): string | undefined {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  // A bounded slice: the pattern is anchored at the end and each start position scans at most this much.
  const head = doc.text.slice(Math.max(lineStart, offset - 120), offset);
  return /([A-Za-z_][A-Za-z0-9_.-]{1,80})(?:[ \t]*=|:[ \t]+)[ \t]*["']?$/.exec(head)?.[1];
}

const CREDENTIAL_NAME = /KEY|TOKEN|SECRET|PASS|PWD|AUTH|CREDENTIAL|DSN|_URL|_URI|CONNECTION/;

export function docsPlaceholderFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const { ctx, range, secret } = req;
  const doc = ctx.document;
  if (/[\r\n]/.test(secret)) return undefined; // a multi-line key block: replacing it would reflow the document
  // Prose puts any word before a colon (`# prod: …`): only a name that says it holds a credential is used.
  const rawName = nameBefore(doc, range.start);
  const before = envNameFor(rawName, req.fallbackName);
  // A URL's password is named as a password (DATABASE_PASSWORD), not as the URL it sat in.
  const wanted = isUrlName(req.fallbackName) ? embeddedName(rawName, req.fallbackName) : CREDENTIAL_NAME.test(before) ? before : req.fallbackName;
  const plan = planEnvEntries(files, ctx.config.envFile, [{ name: wanted, value: secret }]);
  if (!plan) return undefined;
  const placeholder = `<${plan.names[0]}>`;
  const where = isDocumentation(doc) ? 'this documentation' : 'this comment';
  return {
    title: `Replace the ${req.what} in ${where} with ${placeholder} (value saved to ${ctx.config.envFile}; rotate it, it was committed)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range, newText: placeholder }, ...plan.edits],
  };
}
