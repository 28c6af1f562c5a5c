/**
 * The named-value gate lexes a line's strings when nothing on it can hide or shift a
 * quote (issue 7: ordinary lines such as `req.Header.Set("Authorization", "Bearer
 * "+os.Getenv("TOKEN"))` used to pass because the text between two literals was tried as
 * a value). It must stay sound: the body of every string literal the syntax tree yields
 * is among the bodies tried (or its line holds a body with a backslash, a maybe), checked
 * here over both corpora, the fixtures and hard cases in every lazily parsed language.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../server/src/engine/analyze';
import { LAZY_PARSE_FORMATS } from '../server/src/engine/documents/parse';
import type { AssignmentFact } from '../server/src/engine/model';
import { anyQuotedValue, NamesInText, quotedValueGate, visitQuotedBodies } from '../server/src/engine/secrets/quoted-values';
import { secretNameKind } from '../server/src/engine/secrets/context';
import { couldBeGenericSecretValue, judgePasswordValue, judgeSecretValue } from '../rules/secret/_generic';
import { assignmentFactsOf, corpusAndFixtureFiles, type TextFile } from './support/corpus-files';
import { detectFormat } from '../server/src/engine/documents/format';
import { editor } from './support/random-edits';

const isName = (w: string) => secretNameKind(w) !== undefined;
/** A fresh gate per question: no line remembered from another test. */
const namedGate = (text: string) => quotedValueGate(couldBeGenericSecretValue, isName)(text);

const SOURCE = /\.(?:[cm]?[jt]sx?|py|go|java)$/;
/** Source files of the corpora, the fixtures and the rules' fixtures. */
const sourceFiles = () => corpusAndFixtureFiles((f) => SOURCE.test(f), ['test/fixtures', 'rules']).filter((f) => !f.path.startsWith('rules') || f.path.includes('fixtures'));
/** Assignment facts of a lazily parsed (source) file; undefined for other formats. */
const assignmentFacts = (file: TextFile): AssignmentFact[] | undefined => (LAZY_PARSE_FORMATS.has(detectFormat(file.path, file.text)) ? assignmentFactsOf(file) : undefined);

/**
 * The literals of a file whose body the gate does not try: neither a tried body starts
 * where the literal's value does (with the same text), nor does a tried body with a
 * backslash lie on its line. Values the gate never asks about (shorter than 6, longer
 * than 300, spanning lines) are left out, and so are triple-quoted bodies holding a quote,
 * which no pairing of single quotes finds (the gate never saw them, before lexing either).
 */
function untried(file: { path: string; text: string }, facts: AssignmentFact[]): string[] {
  const lineStarts = [0];
  for (let i = file.text.indexOf('\n'); i !== -1; i = file.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const tried = new Map<number, string>();
  const maybeLines = new Set<number>();
  visitQuotedBodies(file.text, 'all', (body, start) => {
    tried.set(start, body);
    if (body.includes('\\')) maybeLines.add(lineOf(start));
    return false;
  });
  const missing: string[] = [];
  for (const f of facts) {
    const raw = file.text.slice(f.valueRange.start, f.valueRange.end);
    if (raw.length < 6 || raw.length > 300 || raw.includes('\n')) continue;
    if (/["']/.test(raw) && /^[a-zA-Z]*(?:"""|''')/.test(file.text.slice(f.literalRange.start, f.literalRange.end))) continue;
    if (tried.get(f.valueRange.start) === raw || maybeLines.has(lineOf(f.valueRange.start))) continue;
    missing.push(`${file.path}:${lineOf(f.valueRange.start)} ${f.key ?? '(no name)'} = ${raw}`);
  }
  return missing;
}

/** Realistic hard cases: each holds a credential-named literal the gate must still see. */
const HARD_CASES: { path: string; text: string }[] = [
  {
    path: 'svc/upstream.go',
    text: `package upstream

import (
	"net/http"
	"os"
)

// client's defaults: don't retry, the "gateway" does
const userAgent = "svc-upstream/1.4 (+https://example.com/bot)" // it's what ops asked for

var quote = '"'
var apostrophe = '\\''

func authorize(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+os.Getenv("UPSTREAM_TOKEN")) // don't log it
	if quote == '"' { req.Header.Set("X-Api-Key", "Zq7Lm4vT2xK9pW3r") }
	conf := map[string]string{"url": "https://api.example.com/v2", "client_secret": "Jw8#nR2qLx5Tz9Vb"}
	_ = conf
}
`,
  },
  {
    path: 'web/api.ts',
    text: `// The client's token is read at startup; it's never "hard-coded" here.
const TOKEN_RE = /^"[A-Za-z0-9]{20}"$/; const fallbackToken = "Hq4#Tz8vLm2Rx6Wp";
const isQuoted = (s: string) => /^'.*'$/.test(s) && s !== "' + '"; const apiKey = 'Pk3Vm9Xw2Lq7Rt5N';
export async function call(url: string) {
  return fetch(url, { headers: { Authorization: "Bearer " + process.env.API_TOKEN } }); // don't inline
}
const base = "https://api.example.com"; /* it's the "v1" api */ const clientSecret = "Xr5#Kw9mQ2vT7Lp4";
const escaped = "say \\"hi\\""; const password = "Mv8\\"Qw3#Zt6Lx";
const mixed = "a" + 'b' + "c"; const privateToken = 'Ty6#Wq2Lm9Vx4Rk' + "";
const path = a / b; const sessionSecret = "Nq3#Lv8Tw5Kx2Mz";
const unquote = (s: string) => s.replace(/'/g, ""); const refreshToken = "Tw4#Kx9Lm2Vq7Rz"; const strip = (s: string) => s.replace(/'/g, "");
`,
  },
  {
    path: 'web/Banner.tsx',
    text: `export function Banner({ user }: { user: string }) {
  return (
    <p className="banner">
      Don't share it <Client apiToken="Lq9#Vm4Tx7Wz2Kp" /> it's yours
      Don't paste {render({ apiToken: "Rz6#Kq3Lw8Tx5Vm" })} it's private
    </p>
  );
}
`,
  },
  {
    path: 'jobs/sync.py',
    text: `import os


def headers(env):
    # don't log the "token", it's sensitive
    h = {}
    h["Authorization"] = "Bearer " + os.environ["TOKEN"]  # it's injected
    label = f"{env["name"]}-{env['region']}"; api_key = "Vt5#Lq8Wm2Kx7Rz"
    rate = total // 2; db_password = 'Km4#Tz9Lq2Wx6Vr'  # don't rotate by hand
    greeting = f"it's {env['user']}"; auth_token = "Wq2#Lm7Vx4Kt9Rz"
    doc = """it's a "docstring\\""""; secret_key = "Zt8#Vq3Lw6Km2Xr"
    note = 'line one \\
it\\'s continued', client_secret = "Lx7#Wq4Tm9Vz2Rk"
    return h
`,
  },
  {
    path: 'src/main/java/com/example/Upstream.java',
    text: `package com.example;

import java.net.HttpURLConnection;

/** Calls the upstream; the token's "scope" is read-only. */
public class Upstream {
    private static final char QUOTE = '"'; private static final String API_KEY = "Hr6#Kz3Lq8Wv5Tm";
    private static final char APOS = '\\''; private static final String password = "Qm9#Tx4Lv7Wz2Kr";

    void authorize(HttpURLConnection conn) {
        conn.setRequestProperty("Authorization", "Bearer " + System.getenv("TOKEN"));
        String url = "https://api.example.com/v1"; /* don't "cache" */ String clientSecret = "Vk2#Lq7Tz4Wm9Xr";
    }
}
`,
  },
];

/** Realistic negative lines: a credential's name, no literal that could be its value. */
const NEGATIVE_LINES = [
  'req.Header.Set("Authorization", "Bearer "+os.Getenv("UPSTREAM_TOKEN"))',
  'fetch(url, { headers: { Authorization: "Bearer " + process.env.API_TOKEN } })',
  'headers["Authorization"] = "Bearer " + os.environ["TOKEN"]',
  'conn.setRequestProperty("Authorization", "Bearer " + System.getenv("TOKEN"));',
  '\treq.Header.Set("Authorization", "Bearer "+os.Getenv("UPSTREAM_TOKEN")) // don\'t log it',
  'h["Authorization"] = "Bearer " + os.environ["TOKEN"]  # it\'s injected',
  'const url = "https://api.example.com/v1/token?client=" + encodeURIComponent(id); // password reset: it\'s "manual"',
  'String header = "Token " + token + ", realm=\'api\'";',
  'token = request.headers.get("Authorization") or request.args.get("api_key", "")',
  'log.Printf("token for %s: %s", user, mask(os.Getenv("SERVICE_TOKEN")))',
];

/**
 * Lines of statements that are valid in their language, each with something that may hide or
 * shift a quote (apostrophes in comments and JSX text, regex and char literals, f-strings,
 * docstrings, raw strings, escaped quotes, URLs, continued strings), credential-named
 * literals among them, and constructs spanning lines.
 */
const SECRET = 'Zq7#Lm4vT2xK9pW3';
const STATEMENTS: Record<string, { ext: string; one: string[]; spanning: string[]; trailing: string[]; separator: string; wrap: (body: string) => string }> = {
  tsx: {
    ext: 'tsx',
    one: [
      `const a = "it's";`, `const b = 'say "hi"';`, `const r = /'/g;`, `const r2 = /"[a-z]{2}"/;`, `const u = "https://x.example.com//p";`,
      `const e = "a\\"b";`, 'const t = `it\'s ${x}`;', `const apiToken = "${SECRET}";`, `const apiKey = '${SECRET}';`, `const q = x / y;`,
      `if (ok) /'/.test(s);`, `/* it's */`, `const o = { apiToken: "${SECRET}", k: '"' };`, `const n = a ? "x" : 'y';`, `s = s.replace(/'/g, "");`,
      `const h = <p>Don't {f({ apiToken: "${SECRET}" })} it's</p>;`, `const j = <C apiToken="${SECRET}" t='x"y' />;`, `const k = '{"a": "b"}';`,
      `x = a /* don't */ / b;`, `const h4 = <p>it's "q" <C apiToken='${SECRET}' /> ok</p>;`, `const rs = (a) / 2 + "px";`,
      `const h5 = <p>Don't // "x" {f("${SECRET}", { apiToken: "${SECRET}" })}</p>;`,
    ],
    spanning: [
      `const t2 = \`it's\n\${f({ apiToken: "${SECRET}" })} don't\`;`, `/* it's\n "x */ const apiToken = "${SECRET}";`,
      `const s2 = "it's \\\nmore", apiToken = "${SECRET}";`, `const h2 = (\n  <p>\n    Don't {f({ apiToken: "${SECRET}" })} it's\n  </p>\n);`,
      `const h3 = (\n  <div>\n    it's <C apiToken="${SECRET}" /> don't\n  </div>\n);`,
    ],
    trailing: ['', ` // don't`, ' // "x"', ` // it's 'q`],
    separator: ' ',
    wrap: (body) => body,
  },
  python: {
    ext: 'py',
    one: [
      `a = "it's"`, `b = 'say "hi"'`, `f1 = f"{d['k']}"`, `n = a // b`, `api_token = "${SECRET}"`, `api_key = '${SECRET}'`, `e = "a\\"b"`,
      `r1 = r"\\d+'"`, `doc = """it's "x" """`, `d = {"api_token": '${SECRET}', "k": '"'}`, `g = f"it's {x}"`, `h = "#" + 'x'`,
      `f3 = f'{d["api_token"]}'; api_token = '${SECRET}'`, `p = "a" 'b' "c"`,
    ],
    spanning: [`x = """it's\n"a""" ; api_token = "${SECRET}"`, `s = 'it\\'s \\\nmore'; api_token = "${SECRET}"`, `y = (\n  "it's"\n  'q' ); api_token = "${SECRET}"`],
    trailing: ['', `  # don't`, '  # "x"', `  # it's 'q`],
    separator: '; ',
    wrap: (body) => body,
  },
  go: {
    ext: 'go',
    one: [
      `a := "it's"`, `c := '"'`, `c2 := '\\''`, `apiToken := "${SECRET}"`, 'raw := `it\'s "x"`', `u := "https://x//y"`, `n := a / b`,
      `/* it's */ m := 1`, `conf := map[string]string{"apiToken": "${SECRET}", "q": "'"}`, `req.Header.Set("Authorization", "Bearer "+os.Getenv("T"))`,
    ],
    spanning: ['r2 := `it\'s\n"x` ; apiToken := "' + SECRET + '"', `/* it's\n "x */ apiToken := "${SECRET}"`],
    trailing: ['', ` // don't`, ' // "x"'],
    separator: '; ',
    wrap: (body) => `package p\n\nfunc f() {\n${body}\n}\n`,
  },
  java: {
    ext: 'java',
    one: [
      `String a = "it's";`, `char c = '"';`, `char c2 = '\\'';`, `String apiToken = "${SECRET}";`, `int n = a / b;`, `/* it's */ int m = 1;`,
      `conn.setRequestProperty("Authorization", "Bearer " + System.getenv("T"));`, `String u = "https://x//y";`,
    ],
    spanning: [`/* it's\n "x */ String apiToken = "${SECRET}";`, `String tb = """\n  it's "x"\n  """; String apiToken = "${SECRET}";`],
    trailing: ['', ` // don't`, ' // "x"'],
    separator: ' ',
    wrap: (body) => `class A {\n  void f() {\n${body}\n  }\n}\n`,
  },
};

/** Seeded: a failure replays exactly. */
function mulberry32(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

describe('the named-value gate lexes strings when a line leaves no doubt', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('every literal of every corpus and fixture file is among the bodies tried', () => {
    let literals = 0;
    const missing: string[] = [];
    for (const file of sourceFiles()) {
      const facts = assignmentFacts(file);
      if (!facts) continue;
      literals += facts.length;
      missing.push(...untried(file, facts));
    }
    expect(missing).toEqual([]);
    expect(literals).toBeGreaterThan(2000);
  });

  it('hard cases: comments with apostrophes, regex and char literals, f-strings, JSX text, escapes, URLs, continued strings', () => {
    for (const file of HARD_CASES) {
      const facts = assignmentFacts(file)!;
      const named = facts.filter((f) => f.key && isName(f.key) && (judgePasswordValue(f.value) !== undefined || judgeSecretValue(f.value) !== undefined));
      // Each case really holds credential-named literals (as the syntax tree sees them) …
      expect(named.length, file.path).toBeGreaterThanOrEqual(2);
      // … every literal's body is tried, and the gate lets the file through.
      expect(untried(file, facts), file.path).toEqual([]);
      expect(namedGate(file.text), file.path).toBe(true);
      // Line by line too: each named literal's own line (with the three above) passes alone.
      const lines = file.text.split('\n');
      for (const f of named) {
        const line = file.text.slice(0, f.valueRange.start).split('\n').length - 1;
        const window = lines.slice(Math.max(0, line - 3), line + 1);
        expect(namedGate(window.join('\n')), `${file.path}:${line + 1}`).toBe(true);
      }
    }
  });

  it('says no for ordinary lines that build a credential header from the environment', () => {
    for (const line of NEGATIVE_LINES) expect(namedGate(line), line).toBe(false);
    // Each has a credential's name, and trying every pair of a quote and the next same quote
    // (the gate before lexing) passes the Go lines: the text between two literals, `+os.Getenv(`, looks like a value.
    for (const line of NEGATIVE_LINES) expect(line.match(/[A-Za-z_][A-Za-z0-9_-]*/g)!.some(isName), line).toBe(true);
    const everyPair = (line: string) => {
      const bodies: string[] = [];
      for (let i = 0; i < line.length; i++) {
        const close = line[i] === '"' || line[i] === "'" ? line.indexOf(line[i], i + 1) : -1;
        if (close !== -1) bodies.push(line.slice(i + 1, close));
      }
      return bodies.some((b) => b.length >= 6 && couldBeGenericSecretValue(b));
    };
    for (const line of [NEGATIVE_LINES[0], NEGATIVE_LINES[4]]) expect(everyPair(line), line).toBe(true);
  });

  it('falls back to every pair where quotes may be hidden or shifted, so a literal is never lost', () => {
    const secret = 'Zq7#Lm4vT2xK9pW3';
    const fallbacks = [
      // A template literal or Go raw string may begin on an earlier line and end here.
      `it's done\` ; const apiToken = '${secret}'; const o = 'x'`,
      // A block comment ending here.
      ` * it's the "key" */ const apiToken = '${secret}'`,
      // A docstring ending here.
      `    it's over""" ; api_token = '${secret}'`,
      // A regex literal with a quote, then a literal.
      `if (/'/.test(s)) { apiToken = '${secret}' }`,
      `s = s.replace(/'/g, ""), apiToken = "${secret}", t = t.replace(/'/g, "")`,
      // JSX text with an apostrophe, then an expression.
      `Don't {f({ apiToken: "${secret}" })} it's`,
      // f-string with nested quotes (Python 3.12).
      `label = f"{d["apiToken"]}"; api_token = "${secret}"`,
    ];
    for (const line of fallbacks) expect(namedGate(line), line).toBe(true);
    // A string continued from the line before with a backslash.
    expect(namedGate(`const note = "it's \\\nmore", apiToken = "${secret}", x = "`)).toBe(true);
    expect(namedGate(`const note = "it's \\\r\nmore", apiToken = "${secret}", x = "`)).toBe(true);
    // Without the backslash the second line lexes (as the syntax tree reads it): the secret-looking text is not a literal.
    expect(namedGate(`const note = "it's ";\nmore", apiToken = "${secret}", x = "`)).toBe(false);
  });

  it('a comment after the literals does not hide them, whatever it holds', () => {
    const secret = 'Zq7#Lm4vT2xK9pW3';
    for (const comment of ["// don't", "# it's", "/* won't", '// "', "// it's a 'quote", '# f"{x}']) {
      expect(namedGate(`apiToken = "${secret}" ${comment}`), comment).toBe(true);
      expect(namedGate(`x = 1 ${comment}`), comment).toBe(false);
    }
    // In Python `//` divides: the literals after it count.
    expect(namedGate(`half = n // 2; api_token = "${secret}"`)).toBe(true);
    expect(namedGate(`half = n // 2; api_token = "${secret}"  # don't`)).toBe(true);
  });
  it('random lines of valid statements with quote hazards: every literal is among the bodies tried', () => {
    const rand = mulberry32(2026);
    let literals = 0;
    let secrets = 0;
    for (const language of Object.values(STATEMENTS)) {
      for (let i = 0; i < 300; i++) {
        const lines: string[] = [];
        for (let l = 1 + rand(4); l > 0; l--) {
          const parts: string[] = [];
          for (let k = 1 + rand(4); k > 0; k--) parts.push(rand(6) === 0 ? language.spanning[rand(language.spanning.length)] : language.one[rand(language.one.length)]);
          lines.push(parts.join(language.separator) + language.trailing[rand(language.trailing.length)]);
        }
        const file = { path: `gen/case${i}.${language.ext}`, text: language.wrap(lines.join('\n')) };
        const facts = assignmentFacts(file)!;
        literals += facts.length;
        secrets += facts.filter((f) => f.value === SECRET).length;
        expect(untried(file, facts), file.text).toEqual([]);
      }
    }
    expect(literals).toBeGreaterThan(5000);
    expect(secrets).toBeGreaterThan(1500);
  });

  it('keystroke by keystroke through quote hazards, the remembered lines give the whole-text answer', () => {
    const reference = (text: string) => {
      let names: NamesInText | undefined;
      return anyQuotedValue(text, (v, at) => couldBeGenericSecretValue(v) && (names ??= new NamesInText(text, isName)).before(at));
    };
    const gate = quotedValueGate(couldBeGenericSecretValue, isName);
    const base = [...HARD_CASES.map((c) => c.text), ...NEGATIVE_LINES].join('\n');
    const inserts = ['\\\n', '\\', '\n', '\r', '//', '#', "/'/", '"""', '{', '<p>', '*/', '"', "'", '`', '${', "don't ", `apiToken = "${SECRET}"`, 'x', ''];
    const edit = editor(11, inserts);
    let text = base;
    let yes = 0;
    let no = 0;
    for (let i = 0; i < 600; i++) {
      const expected = reference(text);
      expect(gate(text), `edit ${i}`).toBe(expected);
      if (expected) yes++;
      else no++;
      text = edit(text);
      if (i % 40 === 39) text = NEGATIVE_LINES.join('\n'); // mostly no: edits make the answer come and go
    }
    expect(yes).toBeGreaterThan(50);
    expect(no).toBeGreaterThan(20);
  });
});
