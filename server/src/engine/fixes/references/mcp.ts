/**
 * MCP server configs: each client expands a different syntax, and some none.
 *
 * - VS Code `.vscode/mcp.json`: `${input:<id>}` with a `promptString` input
 *   (`password: true`) added to `inputs`; VS Code asks once and keeps the
 *   value in its secret storage. (Its process environment does not include
 *   `.env.local`, so `${env:NAME}` would come up empty.)
 * - Cursor `.cursor/mcp.json`: `${env:NAME}`.
 * - Claude Code `.mcp.json`: `${NAME}` (expanded in command, args, env, url, headers).
 * - Claude Desktop `claude_desktop_config.json` and other `mcp.json` files:
 *   no fix — they pass values literally, so a reference would reach the
 *   server as the secret.
 * In every case the value is saved to the local env file first.
 */
import * as jsonc from 'jsonc-parser';
import type { Fix, TextEdit } from '../../model';
import { basename } from '../../documents/format';
import { envNameFor } from '../env-name';
import { dnsLabel, planEnvValue, type ReferenceRequest } from './shared';

/** Server fields where these clients expand references. */
const EXPANDED = /^(?:mcpServers|servers)\.[^.[\]]+\.(?:env\.[^.[\]]+|headers\.[^.[\]]+|args\[\d+\]|url)$/;

type Client = 'vscode' | 'cursor' | 'claude-code';

function clientOf(path: string): Client | undefined {
  const lower = path.toLowerCase();
  if (/(^|\/)\.vscode\/mcp\.json$/.test(lower)) return 'vscode';
  if (/(^|\/)\.cursor\/mcp\.json$/.test(lower)) return 'cursor';
  if (basename(lower) === '.mcp.json') return 'claude-code';
  return undefined;
}

export function mcpFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  if (!doc.flavors.includes('mcp-config') || fact.syntax !== 'json-string') return undefined;
  const client = clientOf(doc.path);
  if (!client || !EXPANDED.test(fact.keyPath ?? '')) return undefined;
  // A literal with escapes would not be replaced by what it says.
  if (doc.text.slice(fact.valueRange.start, fact.valueRange.end) !== fact.value) return undefined;
  const key = /\.env\.[^.]+$|\.headers\.[^.]+$/.test(fact.keyPath ?? '') ? fact.key : undefined;
  const plan = planEnvValue(req, envNameFor(key, req.fallbackName), fact.value);
  if (!plan) return undefined;
  const envFile = ctx.config.envFile;

  if (client !== 'vscode') {
    const expression = client === 'cursor' ? `\${env:${plan.name}}` : `\${${plan.name}}`;
    const app = client === 'cursor' ? 'Cursor' : 'Claude Code';
    return {
      title: `Move the ${req.what} to ${envFile} and read ${expression} (${app} expands it from its environment)`,
      kind: 'vault-reference',
      preferred: true,
      edits: [{ uri: doc.uri, range: fact.literalRange, newText: JSON.stringify(expression) }, ...plan.edits],
    };
  }

  const inputEdits = vscodeInput(doc.uri, doc.text, dnsLabel(plan.name, 'secret'), `${req.what} (saved in ${envFile})`);
  if (!inputEdits) return undefined;
  const expression = `\${input:${inputEdits.id}}`;
  return {
    title: `Prompt for the ${req.what} with ${expression} (VS Code keeps it in its secret storage; value saved to ${envFile})`,
    kind: 'vault-reference',
    preferred: true,
    edits: [{ uri: doc.uri, range: fact.literalRange, newText: JSON.stringify(expression) }, ...inputEdits.edits, ...plan.edits],
  };
}

/** The `inputs` entry for a password prompt: reused if an input with this id prompts for a password, else a fresh id. */
function vscodeInput(uri: string, text: string, wantedId: string, description: string): { id: string; edits: TextEdit[] } | undefined {
  const tree = jsonc.parseTree(text);
  if (!tree || tree.type !== 'object') return undefined;
  const inputs = jsonc.findNodeAtLocation(tree, ['inputs']);
  if (inputs && inputs.type !== 'array') return undefined;
  const existing = new Map<string, unknown>();
  for (const item of inputs?.children ?? []) {
    const value = jsonc.getNodeValue(item) as { id?: unknown } | null;
    if (value && typeof value.id === 'string') existing.set(value.id, value);
  }
  for (let n = 1; n < 100; n++) {
    const id = n === 1 ? wantedId : `${wantedId}-${n}`;
    const held = existing.get(id) as { type?: unknown; password?: unknown } | undefined;
    if (held && held.type === 'promptString' && held.password === true) return { id, edits: [] };
    if (held) continue;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const formattingOptions = { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol };
    const input = { type: 'promptString', id, description, password: true };
    const edits = inputs
      ? jsonc.modify(text, ['inputs', -1], input, { formattingOptions, isArrayInsertion: true })
      : jsonc.modify(text, ['inputs'], [input], { formattingOptions });
    return { id, edits: edits.map((e) => ({ uri, range: { start: e.offset, end: e.offset + e.length }, newText: e.content })) };
  }
  return undefined;
}
