/**
 * The source-code gates of the secret rules (secrets/quoted-values.ts) decide from the
 * text alone that no syntax tree is needed. They must be sound: every assignment fact
 * the generic rule could report — a credential name, a value that could be a secret —
 * must pass its gate, in every source file of both corpora and of the fixtures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, LAZY_PARSE_FORMATS, parseDocument } from '../server/src/engine/documents/parse';
import { extractors } from '../server/src/engine/extract';
import type { AssignmentFact } from '../server/src/engine/model';
import { NamesInText } from '../server/src/engine/secrets/quoted-values';
import { secretNameKind } from '../server/src/engine/secrets/context';
import { couldHoldNamedGenericSecret, judgePasswordValue, judgeSecretValue } from '../rules/secret/_generic';
import { buildCorpus } from './corpus/secrets/generate';
import { generateIdentityCorpus } from './corpus/identity/generate';
import { ROOT } from './support/fixtures';

function sourceFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [...buildCorpus().files, ...generateIdentityCorpus().files];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(?:[cm]?[jt]sx?|py|go|java)$/.test(e.name)) out.push({ path: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'test', 'fixtures'));
  return out;
}

function assignmentFacts(file: { path: string; text: string }): AssignmentFact[] | undefined {
  const doc = parseDocument({ uri: `file:///w/${file.path}`, path: file.path, text: file.text }, 5000);
  try {
    if (!LAZY_PARSE_FORMATS.has(doc.format)) return undefined;
    const facts: AssignmentFact[] = [];
    for (const x of extractors) {
      if (!x.produces.includes('assignment') || !x.applies(doc)) continue;
      for (const f of x.extract(doc)) if (f.kind === 'assignment') facts.push(f);
    }
    return facts;
  } finally {
    disposeDocument(doc);
  }
}

describe('source-code gates before building a syntax tree', () => {
  beforeAll(async () => {
    await initEngine();
  });

  const isName = (w: string) => secretNameKind(w) !== undefined;

  it("finds a credential's name on the value's line or the three above, word by word", () => {
    const text = 'const a = 1;\nconst b = 2;\nconst dbPassword =\n\n  "x9Kq2mVb7Lw4";\nconst label = "x9Kq2mVb7Lw4";\nconst other = "x9Kq2mVb7Lw4";\n';
    const names = new NamesInText(text, isName);
    expect(names.before(text.indexOf('x9K'))).toBe(true);
    expect(names.before(text.indexOf('x9K', text.indexOf('label')))).toBe(true); // dbPassword is two lines up
    expect(names.before(text.lastIndexOf('x9K'))).toBe(false); // four lines up: too far
    expect(new NamesInText('const label = "x9Kq2mVb7Lw4";', isName).before(15)).toBe(false);
    expect(new NamesInText('x = f("x9Kq2mVb7Lw4", password)', isName).before(7)).toBe(false); // after the value does not count
  });

  it('every assignment the generic rule could report passes its gate (corpora and fixtures)', () => {
    let checked = 0;
    let named = 0;
    const misses: string[] = [];
    for (const file of sourceFiles()) {
      const facts = assignmentFacts(file);
      if (!facts) continue;
      const names = new NamesInText(file.text, isName);
      let reportable = false;
      for (const f of facts) {
        if (!f.key || !secretNameKind(f.key)) continue;
        if (file.text.slice(f.valueRange.start, f.valueRange.end) !== f.value) continue; // escaped: the gate counts it as a maybe
        // The window holds every credential-named key, whatever its value (a wider sample).
        named++;
        if (!names.before(f.valueRange.start)) misses.push(`${file.path}: ${f.key}`);
        if (judgePasswordValue(f.value) !== undefined || judgeSecretValue(f.value) !== undefined) {
          checked++;
          reportable = true;
        }
      }
      if (reportable) expect(couldHoldNamedGenericSecret(file.text), file.path).toBe(true);
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect(named).toBeGreaterThan(400);
  });
});
