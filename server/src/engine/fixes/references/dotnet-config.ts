/**
 * .NET Framework `App.config` / `Web.config`: XML without interpolation, but
 * with two documented ways to keep part of the configuration in another file:
 *
 * - `<appSettings file="App.secrets.config">`: the runtime reads that file's
 *   `<appSettings>` (its root element) over the section. The `<add>` holding
 *   the secret moves there (copied verbatim); the attribute is added once, and
 *   an existing `file=` is reused when its target is gitignored (or does not
 *   exist yet). A `file=` naming a committed file gets no fix: the secret
 *   would be committed again. The key already in the target with another
 *   value: no fix.
 * - `<connectionStrings configSource="…">` replaces the whole section, so the
 *   whole section moves to a gitignored `connectionStrings.secrets.config` and
 *   the committed file keeps `<connectionStrings configSource="…" />`.
 *
 * The new file is gitignored; the title says it must be copied to the output
 * folder (a project item with "Copy to Output Directory"), since the runtime
 * reads it next to the executable's config.
 */
import ignore from 'ignore';
import type { Document, Fix, TextEdit } from '../../model';
import { basename } from '../../documents/format';
import { gitignoreEdits, workspaceUri, type WorkspaceFiles } from '../env-file';
import type { EmbeddedSecretRequest } from './embedded';
import { lineBreakOf, lineStartOf, nextLineStart } from './shared';
import { elementAround, tagAround, tagsNamed, xmlUnescape } from './xml-tags';

const DOTNET_CONFIG = /^(?:app|web)(?:\.[A-Za-z0-9_-]{1,40})?\.config$/i;
const CONNECTION_STRINGS_FILE = 'connectionStrings.secrets.config';

export function isDotnetConfig(doc: Document): boolean {
  return doc.format === 'xml' && DOTNET_CONFIG.test(basename(doc.path)) && !/\.secrets\.config$/i.test(doc.path);
}

export function dotnetConfigFix(req: EmbeddedSecretRequest, files: WorkspaceFiles): Fix | undefined {
  const doc = req.ctx.document;
  if (!isDotnetConfig(doc)) return undefined;
  const add = tagAround(doc.text, req.range.start);
  if (!add || add.name !== 'add' || add.range.end < req.range.end) return undefined;
  // The secret must lie inside one attribute value.
  if (![...add.attributes.values()].some((a) => a.valueRange.start <= req.range.start && req.range.end <= a.valueRange.end)) return undefined;
  const section = elementAround(doc.text, add.range.start, 'appSettings');
  if (section) return appSettingsFix(req, files, add, section);
  const strings = elementAround(doc.text, add.range.start, 'connectionStrings');
  if (strings) return connectionStringsFix(req, files, strings);
  return undefined;
}

type Tag = NonNullable<ReturnType<typeof tagAround>>;
type Section = NonNullable<ReturnType<typeof elementAround>>;

function appSettingsFix(req: EmbeddedSecretRequest, files: WorkspaceFiles, add: Tag, section: Section): Fix | undefined {
  const doc = req.ctx.document;
  const key = add.attributes.get('key');
  const value = add.attributes.get('value');
  // Only the value of an <add key value/>; configSource replaces the section (our added file= would be ignored).
  if (!key || !value || !add.selfClosing || section.open.attributes.has('configSource')) return undefined;
  if (value.valueRange.start > req.range.start || req.range.end > value.valueRange.end) return undefined;
  const name = basename(doc.path);
  const dir = doc.path.slice(0, doc.path.length - name.length);
  const existing = section.open.attributes.get('file')?.value;
  const target = existing ?? `${name.slice(0, name.lastIndexOf('.'))}.secrets.config`;
  const place = gitignoredTarget(files, dir, target);
  if (!place) return undefined;

  const text = doc.text;
  const lb = lineBreakOf(text);
  const element = text.slice(add.range.start, add.range.end);
  const edits: TextEdit[] = [{ uri: doc.uri, range: wholeLines(text, add.range), newText: '' }];
  if (!existing) {
    const at = section.open.range.start + '<appSettings'.length;
    edits.push({ uri: doc.uri, range: { start: at, end: at }, newText: ` file="${target}"` });
  }
  if (place.text === undefined) {
    edits.push({
      uri: place.uri,
      range: { start: 0, end: 0 },
      newText: `<?xml version="1.0" encoding="utf-8"?>${lb}<!-- Secrets of ${name}: not committed, read through <appSettings file="${target}">. -->${lb}<appSettings>${lb}  ${element}${lb}</appSettings>${lb}`,
      createIfMissing: true,
    });
  } else {
    const close = place.text.lastIndexOf('</appSettings>');
    if (close < 0 || tagsNamed(place.text, 'appSettings').length !== 1) return undefined;
    const same = tagsNamed(place.text, 'add').filter((t) => t.attributes.get('key')?.value === key.value);
    if (same.some((t) => xmlUnescape(t.attributes.get('value')?.value ?? '') !== xmlUnescape(value.value))) return undefined;
    if (same.length === 0) {
      const tlb = lineBreakOf(place.text);
      const lineStart = lineStartOf(place.text, close);
      const onOwnLine = /^[ \t]*$/.test(place.text.slice(lineStart, close));
      edits.push(
        onOwnLine
          ? { uri: place.uri, range: { start: lineStart, end: lineStart }, newText: `  ${element}${tlb}` }
          : { uri: place.uri, range: { start: close, end: close }, newText: `${tlb}  ${element}${tlb}` },
      );
    }
  }
  return {
    title: `Move the ${req.what} (appSettings key "${key.value}") to ${dir}${target}, read through <appSettings file="${target}"> (gitignored; copy it to the output folder with the app's config)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [...edits, ...gitignoreEdits(files, dir + target)],
  };
}

function connectionStringsFix(req: EmbeddedSecretRequest, files: WorkspaceFiles, section: Section): Fix | undefined {
  const doc = req.ctx.document;
  if (section.open.attributes.size > 0) return undefined;
  const name = basename(doc.path);
  const dir = doc.path.slice(0, doc.path.length - name.length);
  const place = gitignoredTarget(files, dir, CONNECTION_STRINGS_FILE);
  // configSource takes a whole section: never merged into an existing file.
  if (!place || place.text !== undefined) return undefined;
  const text = doc.text;
  const lb = lineBreakOf(text);
  const lineStart = lineStartOf(text, section.range.start);
  const indent = text.slice(lineStart, section.range.start);
  const body = /^[ \t]*$/.test(indent)
    ? text
        .slice(section.range.start, section.range.end)
        .split(/\r?\n/)
        .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
        .join(lb)
    : text.slice(section.range.start, section.range.end);
  return {
    title: `Move the <connectionStrings> section (with the ${req.what}) to ${dir}${CONNECTION_STRINGS_FILE}, read through configSource (gitignored; copy it to the output folder with the app's config)`,
    kind: 'vault-reference',
    preferred: true,
    edits: [
      { uri: doc.uri, range: section.range, newText: `<connectionStrings configSource="${CONNECTION_STRINGS_FILE}" />` },
      {
        uri: place.uri,
        range: { start: 0, end: 0 },
        newText: `<?xml version="1.0" encoding="utf-8"?>${lb}<!-- Connection strings of ${name}: not committed, read through configSource. -->${lb}${body}${lb}`,
        createIfMissing: true,
      },
      ...gitignoreEdits(files, dir + CONNECTION_STRINGS_FILE),
    ],
  };
}

/**
 * The external file's URI and text (undefined when it does not exist yet), when it
 * is inside the workspace and not committed: an existing file must be gitignored.
 */
function gitignoredTarget(files: WorkspaceFiles, dir: string, target: string): { uri: string; text: string | undefined } | undefined {
  const rel = target.replace(/\\/g, '/');
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || !/^[A-Za-z0-9_./-]{1,200}$/.test(rel)) return undefined;
  const uri = workspaceUri(files.workspaceRoot, dir + rel);
  if (!uri) return undefined;
  const text = files.readFile?.(uri);
  if (text === undefined) return { uri, text };
  const gitignore = files.readFile?.(workspaceUri(files.workspaceRoot, '.gitignore') ?? '');
  try {
    if (gitignore !== undefined && ignore().add(gitignore).ignores((dir + rel).replace(/^(\.\/)+/, ''))) return { uri, text };
  } catch {
    // An unreadable .gitignore: we cannot tell the file is kept out of git.
  }
  return undefined;
}

/** The range as whole lines when it sits alone on its line(s); the range itself otherwise. */
function wholeLines(text: string, range: { start: number; end: number }): { start: number; end: number } {
  const lineStart = lineStartOf(text, range.start);
  const end = nextLineStart(text, range.end);
  if (/^[ \t]*$/.test(text.slice(lineStart, range.start)) && /^[ \t]*\r?\n?$/.test(text.slice(range.end, end))) return { start: lineStart, end };
  return range;
}
