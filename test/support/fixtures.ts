/**
 * Rule fixtures, semgrep-style. A fixture is a real-looking file under
 * rules/<category>/fixtures/<rule-name>/. Annotations in comments:
 *   nhi-expect: <ruleId>   this line (or, on a comment-only line, the next code line) must be flagged
 *   nhi-ok: <ruleId>       hard negative: this line must not be flagged
 * JSON has no comments: a sidecar `<file>.expect.json` holds
 *   { "expect": [{ "line": 3, "ruleId": "…" }], "ok": [{ "line": 9, "ruleId": "…" }] }  (1-based lines)
 * `<stem>.fixed.<ext>` is the expected text after applying every preferred fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Annotation {
  /** 0-based line the annotation applies to. */
  line: number;
  ruleId: string;
  kind: 'expect' | 'ok';
}

export interface Fixture {
  /** Absolute path. */
  file: string;
  /** Path relative to the fixture folder (what the engine sees as the document path). */
  relative: string;
  text: string;
  annotations: Annotation[];
  /** Expected text after preferred fixes, if a .fixed file exists. */
  fixed?: string;
}

const ANNOTATION = /nhi-(expect|ok):[ \t]*([\w./*-]+(?:[ \t]*,[ \t]*[\w./*-]+)*)/g;
const COMMENT_ONLY = /^\s*(?:#|\/\/|--|;|<!--|\/\*|\*|%|')?\s*$/;

export function ruleFixtureDir(ruleId: string): string {
  const [category, name] = ruleId.split('/');
  return path.join(ROOT, 'rules', category, 'fixtures', name);
}

export function isFixedFile(name: string): boolean {
  return /\.fixed(\.[^/]*)?$/.test(name) || /\.fixed\./.test(name);
}

export function fixedPathFor(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return path.join(dir, `${base}.fixed`);
  return path.join(dir, `${base.slice(0, dot)}.fixed${base.slice(dot)}`);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function loadFixtures(ruleId: string): Fixture[] {
  const dir = ruleFixtureDir(ruleId);
  if (!fs.existsSync(dir)) return [];
  return walk(dir)
    .filter((f) => !isFixedFile(path.basename(f)) && !f.endsWith('.expect.json'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const fixedPath = fixedPathFor(file);
      return {
        file,
        relative: path.relative(dir, file).split(path.sep).join('/'),
        text,
        annotations: parseAnnotations(text, file),
        fixed: fs.existsSync(fixedPath) ? fs.readFileSync(fixedPath, 'utf8') : undefined,
      };
    });
}

export function parseAnnotations(text: string, file?: string): Annotation[] {
  const out: Annotation[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    for (const m of line.matchAll(ANNOTATION)) {
      const before = line.slice(0, m.index);
      let target = i;
      if (COMMENT_ONLY.test(before)) {
        // Comment-only line: applies to the next line that is not itself an annotation-only comment.
        target = i + 1;
        while (target < lines.length && ANNOTATION_ONLY(lines[target])) target++;
      }
      for (const ruleId of m[2].split(',').map((s) => s.trim())) out.push({ line: target, ruleId, kind: m[1] as 'expect' | 'ok' });
    }
  });
  if (file && fs.existsSync(`${file}.expect.json`)) {
    const side = JSON.parse(fs.readFileSync(`${file}.expect.json`, 'utf8')) as {
      expect?: { line: number; ruleId: string }[];
      ok?: { line: number; ruleId: string }[];
    };
    for (const e of side.expect ?? []) out.push({ line: e.line - 1, ruleId: e.ruleId, kind: 'expect' });
    for (const e of side.ok ?? []) out.push({ line: e.line - 1, ruleId: e.ruleId, kind: 'ok' });
  }
  return out;
}

function ANNOTATION_ONLY(line: string): boolean {
  const m = /nhi-(expect|ok):/.exec(line);
  return !!m && COMMENT_ONLY.test(line.slice(0, m.index));
}

/** Applies non-overlapping edits (offset ranges) to a text, last first. */
export function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.range.end > lastStart) continue; // overlapping: keep the later-starting edit only
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
    lastStart = e.range.start;
  }
  return out;
}

/** URI under which the fixture driver presents a rule's fixtures (a stable fake root, so edits are comparable). */
export const FIXTURE_ROOT_URI = 'file:///fixtures';

/**
 * The other files of a fixture's directory, as the engine's ProjectFiles (a Terraform
 * module is a directory): fixtures of one rule folder see each other like a workspace
 * does, under the fake fixture URIs. `.fixed` and sidecar files are not part of it.
 */
export function fixtureProject(ruleId: string): import('../../server/src/engine/project/files').ProjectFiles {
  const base = ruleFixtureDir(ruleId);
  return {
    directory(uri, extension) {
      if (!uri.startsWith(`${FIXTURE_ROOT_URI}/`)) return undefined;
      const relDir = path.posix.dirname(uri.slice(FIXTURE_ROOT_URI.length + 1));
      const dir = path.join(base, relDir);
      if (!fs.existsSync(dir)) return undefined;
      const names = fs.readdirSync(dir).filter((n) => n.endsWith(extension) && !isFixedFile(n) && fs.statSync(path.join(dir, n)).isFile()).sort();
      const files = names.map((n) => ({ uri: `${FIXTURE_ROOT_URI}/${path.posix.join(relDir, n).replace(/^\.\//, '')}`, text: fs.readFileSync(path.join(dir, n), 'utf8') }));
      return { key: `${dir}\u0000${files.map((f) => `${f.uri}\u0000${f.text}`).join('\u0000')}`, load: () => files };
    },
  };
}
