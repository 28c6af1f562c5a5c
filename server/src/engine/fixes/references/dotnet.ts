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
import { propertyRemovalRange } from './json-property';

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
  // Our own removal rather than jsonc.modify's: its formatting re-renders the neighbouring
  // properties into the edit (other values, secrets among them, copied into it).
  const removal = propertyRemoval(doc.text, path);
  if (!removal) return undefined;
  const edits: TextEdit[] = [{ uri: doc.uri, range: removal, newText: '' }];
  return {
    title: `Remove ${path.join(':')} from ${doc.path.slice(doc.path.lastIndexOf('/') + 1)} and set it as the environment variable ${name} (value saved to ${ctx.config.envFile}; or dotnet user-secrets set "${path.join(':')}")`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...edits, ...plan.edits],
  };
}

/** The range that removes the property at `path` with its comma, as whole lines where it sits on its own lines. */
function propertyRemoval(text: string, path: jsonc.JSONPath): { start: number; end: number } | undefined {
  const root = jsonc.parseTree(text);
  const property = root && jsonc.findNodeAtLocation(root, path)?.parent;
  return property ? propertyRemovalRange(text, property) : undefined;
}
