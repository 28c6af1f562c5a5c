/**
 * TOML and INI application config (`config.toml`, `settings.cfg`, `app.ini`,
 * `service.conf`): these formats have no interpolation and no single loader
 * convention, so the reference is a gitignored local override file next to
 * the committed one (`config.local.toml`, `app.local.ini` …) holding the key
 * under the same `[section]`. The committed file keeps the key out; the title
 * says plainly that the app must read the local file after the main one
 * (configparser `read([main, local])`, viper `MergeInConfig`, config-rs
 * `add_source`), since nothing reads it by itself.
 *
 * The entry's line is copied verbatim (quoting, escapes and comment kept), so
 * the value is exactly what the app read before. No fix when the override file
 * already holds the key with another value, when the entry shares its line or
 * sits inside an inline table or array, for TOML arrays of tables (their merge
 * is by position), for INI keys outside a section and for files that tools
 * read alone (`setup.cfg`, `tox.ini`, `.pypirc`, `php.ini` …).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../model';
import { basename } from '../../documents/format';
import { parseKeyValue } from '../../documents/key-value';
import { parseWith } from '../../documents/tree-sitter';
import { gitignoreEdits, workspaceUri } from '../env-file';
import { lineBreakOf, nextLineStart, type ReferenceRequest } from './shared';
import { iniEntrySite, tomlEntrySite, tomlKeySegments, type EntrySite } from './entry-lines';
import { isNodeConfigPath } from './node-config';

/** Files read by one tool that knows no override file: moving a key out of them breaks the tool. */
const SINGLE_FILE_TOOLS = new Set([
  'setup.cfg', 'tox.ini', 'pytest.ini', 'mypy.ini', '.flake8', '.pylintrc', 'pylintrc', '.coveragerc', 'alembic.ini', 'php.ini',
  'my.cnf', '.my.cnf', '.editorconfig', '.gitconfig', '.pypirc', '.npmrc', '.yarnrc', 'pyproject.toml', 'cargo.toml', 'netlify.toml',
  'fly.toml', 'wrangler.toml', 'rustfmt.toml', 'taplo.toml', 'poetry.toml', 'pdm.toml', 'uv.toml', 'ruff.toml', '.ruff.toml',
]);

/** One existing override entry, with the literal it holds. */
interface OverrideEntry {
  section?: string[];
  key: string[];
  literal: string;
}

/** An override file's sections: where a header's line ends (entries go right after it). */
interface OverrideLayout {
  entries: OverrideEntry[];
  headers: { section: string[]; lineEnd: number }[];
}

export function localOverrideFix(req: ReferenceRequest): Fix | undefined {
  const { ctx, fact } = req;
  const doc = ctx.document;
  const name = basename(doc.path);
  const lower = name.toLowerCase();
  if (SINGLE_FILE_TOOLS.has(lower) || doc.flavors.includes('npmrc')) return undefined;
  // Files of tools that read only their own path (AWS shared credentials, cargo, Streamlit …).
  if (/^credentials\b/i.test(name) || /(?:^|\/)\.(?:aws|cargo|streamlit|dvc|config)\//.test(doc.path)) return undefined;
  // node-config has its own overrides (custom-environment-variables, local.*): node-config.ts.
  if (isNodeConfigPath(doc.path)) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const stem = name.slice(0, dot);
  const ext = name.slice(dot);
  // The override itself (`app.local.ini`) or another local file: nothing to move it to.
  if (/(?:^|\.)local$/i.test(stem)) return undefined;

  let site: EntrySite | undefined;
  let readOverride: (text: string) => OverrideLayout | undefined;
  let loaders: string;
  if (doc.format === 'toml' && fact.syntax === 'toml-string') {
    site = tomlEntrySite(doc, fact.literalRange);
    readOverride = tomlLayout;
    loaders = 'e.g. viper MergeInConfig, config-rs add_source, or load both and merge';
  } else if (doc.format === 'ini' && fact.syntax === 'ini' && (ext === '.ini' || ext === '.cfg' || ext === '.conf')) {
    site = iniEntrySite(doc, fact.literalRange);
    readOverride = iniLayout;
    loaders = `configparser: read(["${name}", "${stem}.local${ext}"])`;
  } else return undefined;
  if (!site) return undefined;

  const dir = doc.path.includes('/') ? doc.path.slice(0, doc.path.lastIndexOf('/') + 1) : '';
  const overridePath = `${dir}${stem}.local${ext}`;
  const overrideUri = ctx.workspaceRoot ? workspaceUri(ctx.workspaceRoot, overridePath) : undefined;
  if (!ctx.workspaceRoot || !overrideUri || overrideUri === doc.uri) return undefined;
  const current = ctx.readFile?.(overrideUri);
  const lb = lineBreakOf(doc.text);

  const edits: TextEdit[] = [{ uri: doc.uri, range: site.lines, newText: '' }];
  if (current === undefined) {
    const intro = `# Local overrides of ${name}: not committed; the app reads this file after ${name}.${lb}`;
    const body = (site.header ? site.header + lb : '') + site.text + lb;
    edits.push({ uri: overrideUri, range: { start: 0, end: 0 }, newText: intro + body, createIfMissing: true });
  } else {
    const layout = readOverride(current);
    if (!layout) return undefined;
    const existing = layout.entries.find((e) => sameSegments(e.section, site.section) && sameSegments(e.key, site.key));
    if (existing && existing.literal !== site.literal) return undefined;
    if (!existing) {
      const olb = lineBreakOf(current);
      const header = site.section ? layout.headers.find((h) => sameSegments(h.section, site.section)) : undefined;
      if (!site.section) {
        // Keys before any TOML table belong at the top of the file.
        edits.push({ uri: overrideUri, range: { start: 0, end: 0 }, newText: site.text + olb });
      } else if (header) {
        const at = header.lineEnd;
        const needsBreak = at === current.length && !current.endsWith('\n');
        edits.push({ uri: overrideUri, range: { start: at, end: at }, newText: (needsBreak ? olb : '') + site.text + olb });
      } else {
        const sep = current.length === 0 ? '' : current.endsWith('\n') ? olb : olb + olb;
        edits.push({ uri: overrideUri, range: { start: current.length, end: current.length }, newText: sep + site.header + olb + site.text + olb });
      }
    }
  }
  return {
    title: `Move the ${req.what} to ${overridePath} (gitignored): the app must read ${stem}.local${ext} after ${name} (${loaders})`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...edits, ...gitignoreEdits({ workspaceRoot: ctx.workspaceRoot, readFile: ctx.readFile }, overridePath)],
  };
}

function sameSegments(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The override file's tables and string entries; undefined when it does not parse (we would not know where to write). */
function tomlLayout(text: string): OverrideLayout | undefined {
  const tree = parseWith('toml', text);
  if (!tree) return undefined;
  try {
    const root = tree.rootNode;
    if (root.hasError) return undefined;
    const layout: OverrideLayout = { entries: [], headers: [] };
    const collect = (holder: Node, section: string[] | undefined) => {
      for (const pair of holder.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const [key, value] = [pair.namedChildren[0], pair.namedChildren[pair.namedChildCount - 1]];
        if (key && value) layout.entries.push({ section, key: tomlKeySegments(key), literal: value.text });
      }
    };
    collect(root, undefined);
    for (const table of root.namedChildren) {
      if (table?.type !== 'table') continue;
      const name = table.namedChildren[0];
      if (!name) continue;
      const section = tomlKeySegments(name);
      layout.headers.push({ section, lineEnd: nextLineStart(text, name.endIndex) });
      collect(table, section);
    }
    return layout;
  } finally {
    tree.delete();
  }
}

// ---------------------------------------------------------------------------
// INI
// ---------------------------------------------------------------------------

function iniLayout(text: string): OverrideLayout {
  const layout: OverrideLayout = { entries: [], headers: [] };
  for (const e of parseKeyValue(text, 'ini')) {
    layout.entries.push({ section: e.section === undefined ? undefined : [e.section], key: [e.key.toLowerCase()], literal: text.slice(e.literalRange.start, e.literalRange.end) });
  }
  // Section headers, as parseKeyValue reads them (`[name]` at a line's start, blanks allowed).
  let offset = 0;
  while (offset < text.length) {
    const end = nextLineStart(text, offset);
    const body = text.slice(offset, end).trim();
    const close = body.indexOf(']');
    if (body.startsWith('[') && close > 0) layout.headers.push({ section: [body.slice(1, close).trim()], lineEnd: end });
    offset = end;
  }
  return layout;
}
