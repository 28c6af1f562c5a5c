/**
 * The source-code gates of the secret rules (secrets/quoted-values.ts) decide from the
 * text alone that no syntax tree is needed. They must be sound: every assignment fact
 * the generic rule could report — a credential name, a value that could be a secret —
 * must pass its gate, in every source file of both corpora and of the fixtures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { LAZY_PARSE_FORMATS } from '../server/src/engine/documents/parse';
import type { AssignmentFact } from '../server/src/engine/model';
import { anyQuotedValue, NamesInText, quotedValueGate } from '../server/src/engine/secrets/quoted-values';
import { looksLikeSecretAccessKey } from '../rules/secret/aws-access-key-id';
import { secretNameKind } from '../server/src/engine/secrets/context';
import { couldBeGenericSecretValue, couldHoldNamedGenericSecret, judgePasswordValue, judgeSecretValue } from '../rules/secret/_generic';
import { assignmentFactsOf, corpusAndFixtureFiles, type TextFile } from './support/corpus-files';
import { detectFormat } from '../server/src/engine/documents/format';

const SOURCE = /\.(?:[cm]?[jt]sx?|py|go|java)$/;
const sourceFiles = () => corpusAndFixtureFiles((f) => SOURCE.test(f));
/** Assignment facts of a lazily parsed (source) file; undefined for other formats. */
const assignmentFacts = (file: TextFile): AssignmentFact[] | undefined => (LAZY_PARSE_FORMATS.has(detectFormat(file.path, file.text)) ? assignmentFactsOf(file) : undefined);

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

  it('the line-by-line gate equals the whole-text composition, on every file and after random edits', () => {
    const reference = (text: string) => {
      let names: NamesInText | undefined;
      return anyQuotedValue(text, (v, at) => couldBeGenericSecretValue(v) && (names ??= new NamesInText(text, isName)).before(at));
    };
    let seed = 99;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const inserts = ['"', "'", '`', '\n', 'password', ' = "Xk9#mQ2vL7pR4t"', "'\\n'", 'apiKey: ', '`', '\n\n\n\n'];
    let checked = 0;
    let yes = 0;
    for (const file of sourceFiles()) {
      let text = file.text;
      for (let i = 0; i < 4; i++) {
        const expected = reference(text);
        expect(couldHoldNamedGenericSecret(text), `${file.path} edit ${i}`).toBe(expected);
        checked++;
        if (expected) yes++;
        const at = rand(text.length + 1);
        text = text.slice(0, at) + inserts[rand(inserts.length)] + text.slice(at + (rand(3) === 0 ? rand(30) : 0));
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(yes).toBeGreaterThan(100);
    expect(checked - yes).toBeGreaterThan(100);
  });

  it('stays equal while one text is edited keystroke by keystroke (lines reused before and after each edit)', () => {
    const reference = (text: string) => {
      let names: NamesInText | undefined;
      return anyQuotedValue(text, (v, at) => couldBeGenericSecretValue(v) && (names ??= new NamesInText(text, isName)).before(at));
    };
    // Source that holds no candidate, so that edits make the answer come and go.
    const base = sourceFiles().filter((f) => /\.(?:ts|py)$/.test(f.path) && !reference(f.text)).slice(0, 40).map((f) => f.text).join('\n');
    expect(reference(base)).toBe(false);
    let text = base;
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const inserts = ['x', '"', "'", '`', '\n', '', 'token', '\napi_token = "Qz8#Lm4vT2xK9p"\n', '\n  "Qz8#Lm4vT2xK9p"', '\\', '\n\n'];
    let flips = 0;
    let previous = reference(text);
    for (let i = 0; i < 400; i++) {
      const at = rand(text.length + 1);
      const removed = rand(4) === 0 ? rand(80) : 0;
      text = text.slice(0, at) + inserts[rand(inserts.length)] + text.slice(at + removed);
      const expected = reference(text);
      expect(couldHoldNamedGenericSecret(text), `edit ${i}`).toBe(expected);
      if (expected !== previous) flips++;
      previous = expected;
      if (expected || i % 50 === 49) text = base; // and back: a large change
    }
    expect(flips).toBeGreaterThan(2);
  });

  it('without a name requirement (the AWS secret-key gate) the line-by-line gate equals anyQuotedValue', () => {
    const gate = quotedValueGate(looksLikeSecretAccessKey);
    const key = 'wJ4lrXUtnFEMI/K7MDENG/bPxRfiCYzx8Nq2vT5h';
    let seed = 5;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const inserts = ['"', "'", '`', '\n', `"${key}"`, `\n'${key}'`, '\\', 'x'];
    let yes = 0;
    let checked = 0;
    for (const file of sourceFiles().slice(0, 300)) {
      let text = file.text;
      for (let i = 0; i < 5; i++) {
        const expected = anyQuotedValue(text, looksLikeSecretAccessKey);
        expect(gate(text), `${file.path} edit ${i}`).toBe(expected);
        checked++;
        if (expected) yes++;
        const at = rand(text.length + 1);
        text = text.slice(0, at) + inserts[rand(inserts.length)] + text.slice(at + (rand(3) === 0 ? rand(20) : 0));
      }
    }
    expect(yes).toBeGreaterThan(50);
    expect(checked - yes).toBeGreaterThan(50);
  });
});

