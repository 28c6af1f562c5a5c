import * as YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeDocument, parseDocument, yamlNestingBeyond, yamlToJS, YAML_MAX_ALIAS_COUNT, YAML_MAX_NESTING } from '../server/src/engine/documents/parse';
import { parseKeyValue } from '../server/src/engine/documents/key-value';
import { initTreeSitter } from '../server/src/engine/documents/tree-sitter';
import type { Document } from '../server/src/engine/model';

beforeAll(async () => {
  await initTreeSitter();
});

/** Parses at once (documents are parsed on first use; these tests are about the parsers). */
function parse(path: string, text: string): Document {
  const doc = parseDocument({ uri: `file:///w/${path}`, path, text });
  void doc.parsed;
  return doc;
}

/** Nested aliases: 9 levels of 9 references each would expand to 9^9 strings. */
export const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => {
    const prev = 'abcdefghi'[i];
    return `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]`;
  }),
  '',
].join('\n');

describe('YAML', () => {
  it('multi-document: one bad document does not stop the others', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\n---\nbad: [unclosed\n  - x: : y\n---\napiVersion: v1\nkind: Secret\nstringData:\n  token: abc\n';
    const doc = parse('k8s/all.yaml', text);
    expect(doc.parsed?.kind).toBe('yaml');
    if (doc.parsed?.kind !== 'yaml') return;
    expect(doc.parsed.documents).toHaveLength(3);
    expect(doc.parsed.documents[0].errors).toEqual([]);
    expect(doc.parsed.documents[1].errors.length).toBeGreaterThan(0);
    expect(doc.parsed.documents[2].errors).toEqual([]);
    expect(doc.parsed.documents[2].toJS()).toEqual({ apiVersion: 'v1', kind: 'Secret', stringData: { token: 'abc' } });
    expect(doc.problems.length).toBeGreaterThan(0);
    for (const p of doc.problems) {
      expect(p.message).toMatch(/^YAML: /);
      // Problem ranges point into the bad document.
      expect(p.range.start).toBeGreaterThanOrEqual(text.indexOf('bad:'));
      expect(p.range.start).toBeLessThan(text.indexOf('apiVersion: v1\nkind: Secret'));
    }
  });

  it('keeps node offsets into the original text, with CRLF line endings', () => {
    const text = 'a: 1\r\nsecret:\r\n  token: "s3cr3t-value"\r\n';
    const doc = parse('c.yaml', text);
    expect(doc.problems).toEqual([]);
    if (doc.parsed?.kind !== 'yaml') throw new Error('not yaml');
    const node = doc.parsed.documents[0].getIn(['secret', 'token'], true) as YAML.Scalar;
    expect(text.slice(node.range![0], node.range![1])).toBe('"s3cr3t-value"');
    expect(doc.lines.positionAt(node.range![0])).toEqual({ line: 2, character: 9 });
  });

  it('tabs used for indentation are a problem, not a throw', () => {
    const doc = parse('t.yaml', 'a:\n\tb: 1\n');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0].message).toMatch(/^YAML: /);
  });

  it('an alias bomb parses without expanding, and expansion is refused', () => {
    const doc = parse('bomb.yaml', BILLION_LAUGHS);
    if (doc.parsed?.kind !== 'yaml') throw new Error('not yaml');
    expect(doc.parsed.documents).toHaveLength(1);
    expect(doc.problems).toEqual([]);
    const js = yamlToJS(doc.parsed.documents[0]);
    expect(js.ok).toBe(false);
    if (!js.ok) expect(js.error).toMatch(/alias/i);
  });

  it('a merge-key alias bomb is refused too', () => {
    const lines = ['a0: &a0 {x: 1, y: 2}'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} {${Array.from({ length: 8 }, (_, j) => `k${j}: *a${i - 1}`).join(', ')}}`);
    lines.push('top: {<<: *a11}');
    const doc = parse('merge.yaml', lines.join('\n') + '\n');
    if (doc.parsed?.kind !== 'yaml') throw new Error('not yaml');
    expect(yamlToJS(doc.parsed.documents[0]).ok).toBe(false);
  });

  it('ordinary anchors and aliases convert fine', () => {
    const doc = parse('ok.yaml', 'base: &base {role: reader}\nprod:\n  <<: *base\n  env: prod\nlist: [*base, *base]\n');
    if (doc.parsed?.kind !== 'yaml') throw new Error('not yaml');
    const js = yamlToJS(doc.parsed.documents[0]);
    expect(js).toEqual({ ok: true, value: { base: { role: 'reader' }, prod: { '<<': { role: 'reader' }, env: 'prod' }, list: [{ role: 'reader' }, { role: 'reader' }] } });
    expect(YAML_MAX_ALIAS_COUNT).toBeGreaterThan(0);
    expect(YAML_MAX_ALIAS_COUNT).toBeLessThanOrEqual(1000);
  });

  it('an unresolved alias is an error value from yamlToJS, not a throw', () => {
    const doc = parse('u.yaml', 'a: *missing\n');
    if (doc.parsed?.kind !== 'yaml') throw new Error('not yaml');
    const js = yamlToJS(doc.parsed.documents[0]);
    expect(js.ok).toBe(false);
  });

  it('pathologically deep nesting is refused quickly with a note, not handed to the parser', () => {
    for (const text of ['a: ' + '['.repeat(100_000), 'a: ' + '{a: '.repeat(50_000), '- '.repeat(50_000) + 'x\n']) {
      const doc = parse('deep.yaml', text);
      expect(doc.problems).toHaveLength(1);
      expect(doc.problems[0].message).toMatch(/nested more than \d+ levels/);
      expect(doc.parsed).toEqual(expect.objectContaining({ kind: 'yaml', documents: [] }));
    }
  });

  it('the nesting guard ignores brackets in quotes, comments and balanced flow collections', () => {
    const ok = [
      'msg: "' + '['.repeat(500) + '"',
      "msg: '" + '{'.repeat(500) + "'",
      '# ' + '['.repeat(500),
      ('x: [' + '1, '.repeat(10) + ']\n').repeat(1000),
      "it's: [it's, " + '[1], '.repeat(300) + ']',
      '- - - x\n'.repeat(300),
      '---\n'.repeat(300),
    ];
    for (const text of ok) expect(yamlNestingBeyond(text, YAML_MAX_NESTING), text.slice(0, 40)).toBe(-1);
    expect(yamlNestingBeyond('[[[[', 3)).toBe(3);
    expect(yamlNestingBeyond('a: [b, {c: [d, [e]]}]', 4)).toBe(-1);
    expect(yamlNestingBeyond('a: [b, {c: [d, [e]]}]', 3)).toBe(15);
  });

  it('a byte order mark is accepted', () => {
    const doc = parse('b.yaml', '\uFEFFapiVersion: v1\nkind: ServiceAccount\n');
    expect(doc.problems).toEqual([]);
    expect(doc.flavors).toContain('kubernetes');
  });
});

describe('JSON', () => {
  it('malformed JSON keeps a partial tree and reports at most five problems', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", "Action": "s3:*" \n ,,,,,,,,,,, }';
    const doc = parse('policy.json', text);
    expect(doc.parsed?.kind).toBe('json');
    if (doc.parsed?.kind !== 'json') return;
    expect(doc.parsed.root?.type).toBe('object');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems.length).toBeLessThanOrEqual(5);
    for (const p of doc.problems) {
      expect(p.message).toMatch(/^JSON: \w+/);
      expect(p.range.start).toBeGreaterThanOrEqual(0);
      expect(p.range.end).toBeLessThanOrEqual(text.length);
    }
  });

  it('tsconfig.json may have comments and trailing commas', () => {
    const text = '{\n  // strict mode\n  "compilerOptions": {\n    /* target */ "target": "ES2022",\n  },\n}\n';
    const doc = parse('tsconfig.json', text);
    expect(doc.format).toBe('jsonc');
    expect(doc.problems).toEqual([]);
    const variant = parse('packages/api/tsconfig.build.json', text);
    expect(variant.problems).toEqual([]);
  });

  it('comments in plain JSON are a problem', () => {
    const doc = parse('package.json', '{\n  // no\n  "name": "x"\n}\n');
    expect(doc.problems.map((p) => p.message)).toContain('JSON: InvalidCommentToken');
  });

  it('a byte order mark is accepted and offsets stay right', () => {
    const text = '\uFEFF{ "token": "abc" }';
    const doc = parse('c.json', text);
    expect(doc.problems).toEqual([]);
    if (doc.parsed?.kind !== 'json') throw new Error('not json');
    const value = doc.parsed.root!.children![0].children![1];
    expect(text.slice(value.offset, value.offset + value.length)).toBe('"abc"');
  });
});

describe('tree-sitter formats', () => {
  it('broken HCL still yields a tree and one problem with a range', () => {
    const text = 'resource "aws_iam_role" "ci" {\n  name = "ci"\n  tags = {\n    owner = \n}\n\nresource "aws_iam_user" "x" {\n';
    const doc = parse('main.tf', text);
    try {
      expect(doc.parsed?.kind).toBe('tree-sitter');
      expect(doc.problems).toHaveLength(1);
      expect(doc.problems[0].message).toMatch(/Syntax error in terraform/);
      expect(doc.problems[0].range.end).toBeLessThanOrEqual(text.length);
    } finally {
      disposeDocument(doc);
    }
  });

  it('valid sources have no problems', () => {
    for (const [path, text] of [
      ['a.py', 'import os\nTOKEN = os.environ["TOKEN"]\n'],
      ['a.ts', 'export const token: string = process.env.TOKEN ?? "";\n'],
      ['main.go', 'package main\n\nfunc main() {}\n'],
      ['main.tf', 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n'],
    ]) {
      const doc = parse(path, text);
      expect(doc.problems, path).toEqual([]);
      expect(doc.parsed?.kind).toBe('tree-sitter');
      disposeDocument(doc);
      expect(doc.parsed).toBeUndefined();
    }
  });

  it('lone CR line endings parse like \\n (Python reads them as newlines)', () => {
    const text = 'import os\rTOKEN = "abc"\rprint(TOKEN)\r';
    const doc = parse('old.py', text);
    expect(doc.problems).toEqual([]);
    if (doc.parsed?.kind !== 'tree-sitter') throw new Error('not parsed');
    const str = doc.parsed.tree.rootNode.descendantsOfType('string')[0]!;
    expect(text.slice(str.startIndex, str.endIndex)).toBe('"abc"');
    disposeDocument(doc);
  });

  it('CRLF sources: tree offsets match the line index', () => {
    const text = 'import os\r\n\r\nTOKEN = "abc"\r\n';
    const doc = parse('a.py', text);
    if (doc.parsed?.kind !== 'tree-sitter') throw new Error('not parsed');
    const str = doc.parsed.tree.rootNode.descendantsOfType('string')[0]!;
    expect(text.slice(str.startIndex, str.endIndex)).toBe('"abc"');
    expect(doc.lines.positionAt(str.startIndex)).toEqual({ line: 2, character: 8 });
    disposeDocument(doc);
  });
});

describe('key-value', () => {
  it('dotenv: export, quotes, inline comments, CRLF', () => {
    const text = 'export API_KEY="abc def"\r\nPLAIN=value # comment\r\n# COMMENTED=x\r\nEMPTY=\r\nnot an entry\r\n';
    const entries = parseKeyValue(text, 'dotenv');
    expect(entries.map((e) => [e.key, e.value])).toEqual([
      ['API_KEY', 'abc def'],
      ['PLAIN', 'value'],
      ['EMPTY', ''],
    ]);
    for (const e of entries) {
      expect(text.slice(e.valueRange.start, e.valueRange.end)).toBe(e.value);
      expect(text.slice(e.keyRange.start, e.keyRange.end)).toBe(e.key);
    }
    expect(text.slice(entries[0].literalRange.start, entries[0].literalRange.end)).toBe('"abc def"');
  });

  it('lone CR line endings split entries like the line index does', () => {
    const text = 'A=1\rB="two"\r\rC=3';
    const entries = parseKeyValue(text, 'dotenv');
    expect(entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'two'],
      ['C', '3'],
    ]);
    for (const e of entries) expect(text.slice(e.valueRange.start, e.valueRange.end)).toBe(e.value);
  });

  it('ini sections and properties separators', () => {
    const ini = parseKeyValue('[default]\naws_access_key_id = X\n; c\n[prod]\nregion=eu-west-1\n', 'ini');
    expect(ini.map((e) => [e.section, e.key, e.value])).toEqual([
      ['default', 'aws_access_key_id', 'X'],
      ['prod', 'region', 'eu-west-1'],
    ]);
    const props = parseKeyValue('! comment\ndb.password: hunter22\nurl=jdbc:x\n', 'properties');
    expect(props.map((e) => [e.key, e.value])).toEqual([
      ['db.password', 'hunter22'],
      ['url', 'jdbc:x'],
    ]);
  });
});

describe('parse never throws', () => {
  it.each([
    ['deep.json', '['.repeat(100_000)],
    ['deep.yaml', 'a: ' + '['.repeat(100_000)],
    ['deep.yaml', Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n')],
    ['deep.py', 'x = ' + '('.repeat(50_000)],
    ['nul.json', '\u0000\u0000{"a":\u0000}'],
    ['bad.toml', '[[[[ = = "\n'],
  ])('%s', (path, text) => {
    let doc: Document | undefined;
    expect(() => {
      doc = parse(path, text);
      void doc.parsed; // source code is parsed on first use
    }).not.toThrow();
    expect(doc!.problems.length).toBeGreaterThan(0);
    for (const p of doc!.problems) expect(p.message.length).toBeLessThan(400);
    disposeDocument(doc!);
  });
});
