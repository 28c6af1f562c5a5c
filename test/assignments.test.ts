/**
 * Assignment facts per syntax: the name a static string is assigned to, and
 * exact ranges (valueRange inside the quotes, literalRange with them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { disposeDocument, parseDocument } from '../server/src/engine/documents/parse';
import { assignmentExtractors } from '../server/src/engine/extract/assignments';
import { decodeEscapes, splitLiteral } from '../server/src/engine/extract/source-strings';
import type { AssignmentFact } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

function extract(path: string, text: string): AssignmentFact[] {
  const doc = parseDocument({ uri: `file:///ws/${path}`, path, text });
  try {
    return assignmentExtractors.filter((e) => e.applies(doc)).flatMap((e) => e.extract(doc) as AssignmentFact[]);
  } finally {
    disposeDocument(doc);
  }
}

/** Facts as [key, keyPath, value, literal text, value text, key text], read back through the ranges. */
function rows(path: string, text: string): (string | undefined)[][] {
  return extract(path, text).map((f) => [
    f.key,
    f.keyPath,
    f.value,
    text.slice(f.literalRange.start, f.literalRange.end),
    text.slice(f.valueRange.start, f.valueRange.end),
    f.keyRange ? text.slice(f.keyRange.start, f.keyRange.end) : undefined,
  ]);
}

describe('TypeScript / JavaScript / TSX', () => {
  it('gives exact ranges for a variable declarator', () => {
    const text = 'const apiKey: string = "s3cr3t";\n';
    const [fact] = extract('a.ts', text);
    expect(fact).toEqual({
      kind: 'assignment',
      key: 'apiKey',
      keyPath: 'apiKey',
      value: 's3cr3t',
      valueRange: { start: 24, end: 30 },
      literalRange: { start: 23, end: 31 },
      keyRange: { start: 6, end: 12 },
      syntax: 'string-literal',
    });
  });

  it('names object properties, member assignments, class fields, defaults and env fallbacks', () => {
    const text = [
      'const o = { token: "v1", "api-key": \'v2\', [computed]: "v3" };',
      'config.aws.secret = "v4";',
      'class Client { private password = "v5"; static region: string = `v6`; }',
      'function connect(user = "v7") { call("v8"); }',
      'const pw = process.env.DB_PASSWORD ?? "v9";',
      'headers["x-api-key"] = "v10";',
    ].join('\n');
    expect(rows('a.ts', text)).toEqual([
      ['token', 'token', 'v1', '"v1"', 'v1', 'token'],
      ['api-key', 'api-key', 'v2', "'v2'", 'v2', '"api-key"'],
      [undefined, undefined, 'v3', '"v3"', 'v3', undefined],
      ['secret', 'config.aws.secret', 'v4', '"v4"', 'v4', 'secret'],
      ['password', 'password', 'v5', '"v5"', 'v5', 'password'],
      ['region', 'region', 'v6', '`v6`', 'v6', 'region'],
      ['user', 'user', 'v7', '"v7"', 'v7', 'user'],
      [undefined, undefined, 'v8', '"v8"', 'v8', undefined],
      ['DB_PASSWORD', 'process.env.DB_PASSWORD', 'v9', '"v9"', 'v9', 'DB_PASSWORD'],
      ['x-api-key', 'headers["x-api-key"]', 'v10', '"v10"', 'v10', '"x-api-key"'],
    ]);
  });

  it('skips template strings with substitutions, module specifiers, literal types and keys', () => {
    const text = 'import x from "mod";\ntype Mode = "fast";\nconst url = `https://${host}/x`;\nconst plain = `static`;\n';
    expect(rows('a.ts', text)).toEqual([['plain', 'plain', 'static', '`static`', 'static', 'plain']]);
  });

  it('handles JavaScript default parameters and JSX attributes', () => {
    expect(rows('a.js', 'function f(token = "d") {}\n')).toEqual([['token', 'token', 'd', '"d"', 'd', 'token']]);
    expect(rows('a.tsx', 'const el = <Widget apiKey="k1" />;\n')).toEqual([['apiKey', 'apiKey', 'k1', '"k1"', 'k1', 'apiKey']]);
  });

  it('decodes escapes in the value but keeps the source range', () => {
    const text = 'const s = "a\\nb\\x41";\n';
    const [f] = extract('a.js', text);
    expect(f.value).toBe('a\nbA');
    expect(text.slice(f.valueRange.start, f.valueRange.end)).toBe('a\\nb\\x41');
  });
});

describe('Python', () => {
  it('names assignments, keyword arguments, dict pairs and getenv defaults', () => {
    const text = [
      '"""Module docstring is not a value."""',
      'API_TOKEN = "v1"',
      'self.password: str = \'v2\'',
      'client = connect(aws_secret_access_key="v3", region=f"eu-{n}")',
      'settings = {"db_password": r"v4"}',
      'user = os.environ.get("DB_USER", "v5")',
      'def login(token="v6"): pass',
      'secret = f"v7"',
      'os.environ["KEY"] = "v8"',
    ].join('\n');
    expect(rows('a.py', text)).toEqual([
      ['API_TOKEN', 'API_TOKEN', 'v1', '"v1"', 'v1', 'API_TOKEN'],
      ['password', 'self.password', 'v2', "'v2'", 'v2', 'password'],
      ['aws_secret_access_key', 'aws_secret_access_key', 'v3', '"v3"', 'v3', 'aws_secret_access_key'],
      ['db_password', 'db_password', 'v4', 'r"v4"', 'v4', '"db_password"'],
      [undefined, undefined, 'DB_USER', '"DB_USER"', 'DB_USER', undefined],
      ['DB_USER', 'DB_USER', 'v5', '"v5"', 'v5', '"DB_USER"'],
      ['token', 'token', 'v6', '"v6"', 'v6', 'token'],
      ['secret', 'secret', 'v7', 'f"v7"', 'v7', 'secret'],
      ['KEY', 'os.environ["KEY"]', 'v8', '"v8"', 'v8', '"KEY"'],
    ]);
  });

  it('gives exact ranges inside triple quotes', () => {
    const text = 'key = """abc"""\n';
    const [f] = extract('a.py', text);
    expect(f.valueRange).toEqual({ start: 9, end: 12 });
    expect(f.literalRange).toEqual({ start: 6, end: 15 });
  });
});

describe('Go', () => {
  it('names short var decls, const/var specs, keyed elements and field assignments', () => {
    const text = [
      'package main',
      'const Token = "v1"',
      'var Secret string = `v2`',
      'func main() {',
      '\tuser, pass := "v3", "v4"',
      '\tcfg := Config{AccessKey: "v5"}',
      '\tcfg.Region = "v6"',
      '}',
      'type T struct { A string `json:"a"` }',
    ].join('\n');
    expect(rows('main.go', text)).toEqual([
      ['Token', 'Token', 'v1', '"v1"', 'v1', 'Token'],
      ['Secret', 'Secret', 'v2', '`v2`', 'v2', 'Secret'],
      ['user', 'user', 'v3', '"v3"', 'v3', 'user'],
      ['pass', 'pass', 'v4', '"v4"', 'v4', 'pass'],
      ['AccessKey', 'AccessKey', 'v5', '"v5"', 'v5', 'AccessKey'],
      ['Region', 'cfg.Region', 'v6', '"v6"', 'v6', 'Region'],
    ]);
  });
});

describe('other languages (best effort)', () => {
  it('Java, C#, Ruby, PHP and shell', () => {
    expect(rows('A.java', 'class A { static final String KEY = "v1"; void f() { props.put("db.password", "v2"); } }').map((r) => [r[0], r[2]])).toEqual([
      ['KEY', 'v1'],
      [undefined, 'db.password'],
      ['db.password', 'v2'],
    ]);
    expect(rows('a.cs', 'class A { const string ApiKey = "v1"; string P { get; } = @"v2"; }').map((r) => [r[0], r[2], r[4]])).toEqual([
      ['ApiKey', 'v1', 'v1'],
      ['P', 'v2', 'v2'],
    ]);
    expect(rows('a.rb', 'TOKEN = "v1"\nh = { secret: \'v2\' }\nx = "a#{b}"\n').map((r) => [r[0], r[2]])).toEqual([
      ['TOKEN', 'v1'],
      ['secret', 'v2'],
    ]);
    expect(rows('a.php', "<?php\n$password = 'v1';\n$cfg = ['api_key' => \"v2\", 'x' => \"$y\"];\n").map((r) => [r[0], r[2]])).toEqual([
      ['password', 'v1'],
      ['api_key', 'v2'],
    ]);
    expect(rows('a.sh', 'export TOKEN="v1"\nPLAIN=v2\nURL="https://$HOST"\naws configure set aws_secret_access_key "v3"\n')).toEqual([
      ['TOKEN', 'TOKEN', 'v1', '"v1"', 'v1', 'TOKEN'],
      ['PLAIN', 'PLAIN', 'v2', 'v2', 'v2', 'PLAIN'],
      ['aws_secret_access_key', 'aws_secret_access_key', 'v3', '"v3"', 'v3', 'aws_secret_access_key'],
    ]);
  });
});

describe('data and config formats', () => {
  it('YAML: scalars with key and keyPath; name/value pairs name the value', () => {
    const text = [
      'db:',
      '  password: "v1"',
      '  user: v2',
      'env:',
      '  - name: AWS_SECRET_ACCESS_KEY',
      "    value: 'v3'",
      'replicas: 3',
    ].join('\n');
    expect(rows('app.yaml', text)).toEqual([
      ['password', 'db.password', 'v1', '"v1"', 'v1', 'password'],
      ['user', 'db.user', 'v2', 'v2', 'v2', 'user'],
      ['name', 'env[0].name', 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'name'],
      ['AWS_SECRET_ACCESS_KEY', 'env[0].value', 'v3', "'v3'", 'v3', 'AWS_SECRET_ACCESS_KEY'],
    ]);
  });

  it('YAML block scalars: value range starts after the header line', () => {
    const text = 'key: |\n  line one\n  line two\n';
    const [f] = extract('a.yaml', text);
    expect(f.value).toBe('line one\nline two\n');
    expect(text.slice(f.valueRange.start, f.valueRange.end)).toBe('line one\n  line two');
  });

  it('JSON: string values with key and path, exact ranges', () => {
    const text = '{"a": {"token": "v1"}, "list": ["v2"]}';
    const facts = extract('c.json', text);
    expect(facts.map((f) => [f.key, f.keyPath, f.value])).toEqual([
      ['token', 'a.token', 'v1'],
      ['list', 'list[0]', 'v2'],
    ]);
    expect(facts[0].literalRange).toEqual({ start: 16, end: 20 });
    expect(facts[0].valueRange).toEqual({ start: 17, end: 19 });
    expect(facts[0].keyRange).toEqual({ start: 7, end: 14 });
  });

  it('dotenv, INI and properties come from the key-value parser', () => {
    expect(rows('.env', 'export API_KEY="v1"\nPLAIN=v2 # comment\n')).toEqual([
      ['API_KEY', 'API_KEY', 'v1', '"v1"', 'v1', 'API_KEY'],
      ['PLAIN', 'PLAIN', 'v2', 'v2', 'v2', 'PLAIN'],
    ]);
    expect(rows('a.ini', '[default]\naws_secret_access_key = v1\n').map((r) => [r[0], r[1], r[2]])).toEqual([['aws_secret_access_key', 'default.aws_secret_access_key', 'v1']]);
    expect(extract('.env', 'A=1\n')[0].syntax).toBe('dotenv');
  });

  it('Terraform: attributes and object elements with a block path; interpolations skipped', () => {
    const text = [
      'provider "aws" {',
      '  access_key = "v1"',
      '  secret_key = "${var.secret}"',
      '  region     = "eu-${var.r}"',
      '  default_tags { tags = { Owner = "v2" } }',
      '}',
    ].join('\n');
    expect(rows('main.tf', text)).toEqual([
      ['access_key', 'provider.aws.access_key', 'v1', '"v1"', 'v1', 'access_key'],
      ['Owner', 'provider.aws.default_tags.tags.Owner', 'v2', '"v2"', 'v2', 'Owner'],
    ]);
    expect(extract('main.tf', text)[0].syntax).toBe('hcl-string');
  });

  it('TOML: pairs with table paths, dotted and inline keys', () => {
    const text = 'token = "v1"\n[db.primary]\n"pass word" = \'v2\'\ninline = { k = "v3" }\na.b = """v4"""\n';
    expect(rows('c.toml', text).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['token', 'token', 'v1', 'v1'],
      ['pass word', 'db.primary.pass word', 'v2', 'v2'],
      ['k', 'db.primary.inline.k', 'v3', 'v3'],
      ['b', 'db.primary.a.b', 'v4', 'v4'],
    ]);
  });

  it('plain text and unknown formats have no assignment facts', () => {
    expect(extract('notes.txt', 'password = "x"\n')).toEqual([]);
  });
});

describe('literal helpers', () => {
  it('splits prefixes and quotes', () => {
    expect(splitLiteral('"a"')).toEqual({ open: 1, close: 1 });
    expect(splitLiteral('rb"a"')).toEqual({ open: 3, close: 1 });
    expect(splitLiteral("'''a'''")).toEqual({ open: 3, close: 3 });
    expect(splitLiteral('@"a"')).toEqual({ open: 2, close: 1 });
    expect(splitLiteral('abc')).toBeUndefined();
  });

  it('decodes escapes per mode', () => {
    expect(decodeEscapes('a\\tb\\u0041\\\\', 'c')).toBe('a\tbA\\');
    expect(decodeEscapes('a\\tb', 'raw')).toBe('a\\tb');
    expect(decodeEscapes("it\\'s \\n", 'single')).toBe("it's \\n");
    expect(decodeEscapes('say ""hi""', 'verbatim')).toBe('say "hi"');
  });
});

describe('speed', () => {
  it('extracts 10,000 literals from a 5,000-line file in one pass', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `const key${i} = { token: "value-${i}", nested: { id: 'x${i}' } };`).join('\n');
    // Parse time is the parser's business; measure the extraction walk alone.
    const doc = parseDocument({ uri: 'file:///ws/big.ts', path: 'big.ts', text }, 60_000);
    try {
      void doc.parsed; // source code is parsed on first use; time the walk alone
      const started = performance.now();
      const facts = assignmentExtractors.filter((e) => e.applies(doc)).flatMap((e) => e.extract(doc));
      const elapsed = performance.now() - started;
      expect(facts).toHaveLength(10000);
      // ~0.3 s on an idle machine; the bound is loose for shared CI but catches any superlinear walk.
      expect(elapsed).toBeLessThan(5000);
    } finally {
      disposeDocument(doc);
    }
  });
});
