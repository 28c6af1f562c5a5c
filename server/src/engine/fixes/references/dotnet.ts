/**
 * ASP.NET Core `appsettings*.json`: JSON has no interpolation, but the host's
 * configuration reads environment variables over appsettings.json, with `__`
 * for each level (`ConnectionStrings:Orders` ← `ConnectionStrings__Orders`).
 * So the key is removed from the file (jsonc-parser's edit keeps the commas
 * right) and the value is saved to the local env file under that variable
 * name; the title says to set it in the environment (or `dotnet user-secrets`),
 * since .NET itself does not read `.env.local`. The name cannot change (the
 * override works by name): when the env file already holds another value
 * under it, no fix.
 */
import * as jsonc from 'jsonc-parser';
import type { Fix, TextEdit } from '../../model';
import { planEnvValue, type ReferenceRequest } from './shared';

const APPSETTINGS = /^appsettings(?:\.[A-Za-z0-9_-]{1,40})?\.json$/i;

export function appsettingsFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (fact.syntax !== 'json-string' || (doc.format !== 'json' && doc.format !== 'jsonc')) return undefined;
  if (!APPSETTINGS.test(doc.path.slice(doc.path.lastIndexOf('/') + 1))) return undefined;
  const location = jsonc.getLocation(doc.text, fact.valueRange.start);
  const path = location.path;
  // Only an object property's value (an array item has no key to remove cleanly), every level a plain name.
  if (path.length === 0 || typeof path[path.length - 1] !== 'string' || path.some((p) => !/^[A-Za-z0-9_]{1,80}$/.test(String(p)))) return undefined;
  const name = path.join('__');
  const plan = planEnvValue(req, name, fact.value);
  if (!plan || plan.name !== name) return undefined;
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  const removal = jsonc.modify(doc.text, path, undefined, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
  if (removal.length === 0) return undefined;
  const edits: TextEdit[] = removal.map((e) => ({ uri: doc.uri, range: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
  return {
    title: `Remove ${path.join(':')} from ${doc.path.slice(doc.path.lastIndexOf('/') + 1)} and set it as the environment variable ${name} (value saved to ${ctx.config.envFile}; or dotnet user-secrets set "${path.join(':')}")`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...edits, ...plan.edits],
  };
}
