/**
 * The per-keystroke caches of the as-you-type path (issue 7) must be invisible: after
 * every edit, each cached answer equals the answer computed from scratch on the same
 * text. Edits are random keystrokes and pastes, biased towards the characters each
 * cache is sensitive to (backticks, line breaks, keywords, `---`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { createLineIndex } from '../server/src/engine/documents/line-index';
import { yamlNestingBeyond } from '../server/src/engine/documents/parse';
import { EditSession } from '../server/src/engine/edit-session';
import { KeywordIndex } from '../server/src/engine/secrets/keyword-index';
import { LanguageService } from '../server/src/service/language-service';
import { createWorkspaceHost } from '../server/src/service/workspace-host';
import { rules } from '../rules';
import { anyQuotedValue, NamesInText, quotedValueGate } from '../server/src/engine/secrets/quoted-values';
import { secretNameKind } from '../server/src/engine/secrets/context';
import { couldBeGenericSecretValue, LINE_LOCAL_PATTERNS } from '../rules/secret/_generic';
import { buildCorpus } from './corpus/secrets/generate';
import { ROOT } from './support/fixtures';
import { looksLikeSecretAccessKey } from '../rules/secret/aws-access-key-id';
// @ts-expect-error plain JS module shared with the benchmark
import { largeKubernetesYaml, largeTypeScript } from '../bench/generate.mjs';
import { rng, editor } from './support/random-edits';

const isName = (w: string) => secretNameKind(w) !== undefined;

describe('quotedValueGate: backtick pairs re-judged only around the edit', () => {
  /** Source full of template literals, a few of them credential-like and near a credential name. */
  function templateSource(): string {
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) {
      lines.push(`export function handler${i}(id: string) {`, `  const route = \`/v1/things/\${id}/part-${i}\`;`);
      if (i % 37 === 5) lines.push(`  const label =`, '', `    \`Zq${i}Lm4vT2xK9pW7\`;`);
      if (i % 41 === 9) lines.push(`  const note = \`multi`, `line ${i}\`;`);
      lines.push('  return route;', '}', '');
    }
    return lines.join('\n');
  }

  const inserts = ['`', '`', '\n', '\n\n\n', 'x', ' ', '', 'password', 'token = ', '`Qz8#Lm4vT2xK9p`', '\\', '${a}', 'wJ4lrXUtnFEMI/K7MDENG/bPxRfiCYzx8Nq2vT5h'];

  it('named generic gate equals the whole-text composition after every keystroke', () => {
    const reference = (text: string) => {
      let names: NamesInText | undefined;
      return anyQuotedValue(text, (v, at) => couldBeGenericSecretValue(v) && (names ??= new NamesInText(text, isName)).before(at));
    };
    const gate = quotedValueGate(couldBeGenericSecretValue, isName);
    const base = templateSource();
    const edit = editor(31, inserts);
    let text = base;
    let yes = 0;
    let no = 0;
    for (let i = 0; i < 600; i++) {
      const expected = reference(text);
      expect(gate(text), `edit ${i}`).toBe(expected);
      if (expected) yes++;
      else no++;
      text = edit(text);
      if (expected || i % 97 === 96) text = base;
    }
    expect(yes).toBeGreaterThan(20);
    expect(no).toBeGreaterThan(20);
  });

  it('a body whose name window is edited is judged again (name typed three lines above a template value)', () => {
    const gate = quotedValueGate(couldBeGenericSecretValue, isName);
    const head = 'const a = 1;\nconst x =\n\n\n  `Zq8Lm4vT2xK9pW7r`;\n';
    const text = head + largeTypeScript(300);
    expect(gate(text)).toBe(false);
    const named = text.replace('const x =', 'const secret =');
    expect(gate(named)).toBe(true);
    expect(gate(text)).toBe(false);
    // Four lines above: outside the window.
    const far = text.replace('const a = 1;', 'const secret = 1;');
    expect(gate(far)).toBe(false);
  });

  it('AWS secret-key gate (no name requirement) equals anyQuotedValue after every keystroke', () => {
    const gate = quotedValueGate(looksLikeSecretAccessKey);
    const base = largeTypeScript(1500);
    const edit = editor(77, inserts);
    let text = base;
    let yes = 0;
    for (let i = 0; i < 400; i++) {
      const expected = anyQuotedValue(text, looksLikeSecretAccessKey);
      expect(gate(text), `edit ${i}`).toBe(expected);
      if (expected) yes++;
      text = edit(text);
      if (i % 61 === 60) text = base;
    }
    expect(yes).toBeGreaterThan(10);
  });
});


/** Every text file of the secrets corpus and the rule fixtures (realistic files of every format). */
function corpusTexts(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [...buildCorpus().files];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (!/\.(?:wasm|png|jpg|gz|zip)$/.test(e.name)) out.push({ path: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'rules'));
  return out.filter((f) => !f.path.endsWith('.ts') || f.path.includes('fixtures'));
}

describe('EditSession: per-line answers equal whole-text answers', () => {
  const index = new KeywordIndex(rules.flatMap((r) => r.keywords ?? []));
  const keywordInserts = ['AKIA', 'ghp_', 'password', 'xoxb-', '\n', '\r\n', '\r', 'x', '', 'token', 'sk_live_', 'PRIVATE KEY', 'heroku'];

  it('keyword hits, edit after edit', () => {
    const session = new EditSession();
    const edit = editor(5, keywordInserts);
    let text = largeTypeScript(800) + largeKubernetesYaml(400);
    let sizes = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const got = session.keywords(index, text);
      expect([...got].sort(), `edit ${i}`).toEqual([...index.find(text)].sort());
      sizes.add(got.size);
      text = edit(text);
    }
    expect(sizes.size).toBeGreaterThan(3); // edits did add and remove keywords
  });

  it('keyword hits when the session jumps between unrelated texts and back', () => {
    const session = new EditSession();
    const files = corpusTexts().slice(0, 300);
    for (const f of files) expect([...session.keywords(index, f.text)].sort(), f.path).toEqual([...index.find(f.text)].sort());
  });

  it('line index (with \\r\\n and lone \\r line ends), edit after edit', () => {
    const session = new EditSession();
    const edit = editor(11, ['\n', '\r\n', '\r', 'ab', '', '\n\n']);
    let text = largeKubernetesYaml(200);
    for (let i = 0; i < 300; i++) {
      const got = session.lines(text);
      const want = createLineIndex(text);
      expect(got.lineCount, `edit ${i}`).toBe(want.lineCount);
      for (let line = 0; line < want.lineCount; line += 7) {
        expect(got.lineStart(line)).toBe(want.lineStart(line));
        expect(got.lineText(line)).toBe(want.lineText(line));
      }
      for (let offset = 0; offset <= text.length; offset += 97) expect(got.positionAt(offset)).toEqual(want.positionAt(offset));
      text = edit(text);
    }
  });

  it('YAML nesting limit, edit after edit (flow brackets across lines, quotes, escapes, dash runs)', () => {
    const session = new EditSession();
    const limit = 6;
    const edit = editor(23, ['[', '{', ']', '}', '[[[', ']]]', '"', "'", '\\', '\\\n', '- - - ', '\n- ', '#', ' ', '\n', 'a: ']);
    const base = 'a: [1, {b: [2, 3]}]\nlist:\n  - - x\n  - "q \\" [ "\nc: {d: [e,\n  f]}\n'.repeat(20);
    let text = base;
    let hits = 0;
    for (let i = 0; i < 800; i++) {
      const want = yamlNestingBeyond(text, limit);
      expect(session.yamlNestingBeyond(text, limit), `edit ${i}`).toBe(want);
      if (want >= 0) hits++;
      text = edit(text);
      if (i % 150 === 149) text = base;
    }
    expect(hits).toBeGreaterThan(50);
    expect(hits).toBeLessThan(790);
  });

  it('line-local generic patterns find what a whole-text scan finds, on every corpus file and after edits', async () => {
    const { lineMatches, attachSession } = await import('../server/src/engine/edit-session');
    const asDoc = (text: string) => ({ uri: 'file:///w/x', path: 'x', text }) as unknown as Parameters<typeof lineMatches>[0];
    const summary = (ms: RegExpMatchArray[]) => ms.map((m) => `${m.index}:${m[0]}:${JSON.stringify(m.groups)}`);
    let matched = 0;
    for (const re of LINE_LOCAL_PATTERNS) {
      const session = new EditSession();
      for (const f of corpusTexts()) {
        const doc = asDoc(f.text);
        const plain = summary(lineMatches(doc, re));
        const keep = (m: RegExpMatchArray) => (m.groups?.name ?? '').length % 2 === 0;
        const kept = summary(lineMatches(doc, re, keep));
        attachSession(doc, session);
        expect(summary(lineMatches(doc, re)), `${re.source.slice(0, 30)} in ${f.path}`).toEqual(plain);
        expect(summary(lineMatches(doc, re, keep)), `${re.source.slice(0, 30)} (filtered) in ${f.path}`).toEqual(kept);
        matched += plain.length;
      }
      const edit = editor(41, ['--password=Zq8Lm4vT2xK9p ', 'DB_PASSWORD="Qz8#Lm4vT2xK9p"', '\n', '\r\n', 'sshpass -p s3cr3tPass ', 'ENV API_KEY abc123xyz789\n', 'x', '']);
      let text = corpusTexts().slice(0, 40).map((f) => f.text).join('\n');
      for (let i = 0; i < 150; i++) {
        const doc = asDoc(text);
        const plain = summary(lineMatches(doc, re));
        attachSession(doc, session);
        expect(summary(lineMatches(doc, re)), `${re.source.slice(0, 30)} edit ${i}`).toEqual(plain);
        text = edit(text);
      }
    }
    expect(matched).toBeGreaterThan(200);
  });
});

describe('language service as you type: every finding and note equals a fresh analysis', () => {
  beforeAll(async () => {
    await initEngine();
  });

  const cases: { name: string; languageId: string; text: () => string; inserts: string[] }[] = [
    { name: 'deploy/cluster.yaml', languageId: 'yaml', text: () => largeKubernetesYaml(600), inserts: ['x', ' ', '\n', '---\n', '  password: "Qm8vT2kW9zR4xL7p"\n', '  env: [a, {b: c}]\n', 'DB_PASSWORD=Xk9mQ2vL7pR4tZ ', '"', '[', '', 'ghp_'] },
    {
      // Files embedded in block scalars (read as text by the generic rules), some with credentials.
      name: 'deploy/configmaps.yaml',
      languageId: 'yaml',
      text: () =>
        Array.from({ length: 40 }, (_, i) =>
          [
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata:',
            `  name: app-${i}`,
            'data:',
            '  config.yaml: |',
            '    database:',
            `      host: db-${i}.internal`,
            i % 3 === 0 ? `      password: Kq${i}$mW2!pZr5vB` : '      password: ${DB_PASSWORD}',
            '  run.sh: >',
            `    curl --retry ${i} https://example.internal/health`,
          ].join('\n'),
        ).join('\n---\n') + '\n',
      inserts: ['x', ' ', '\n', '---\n', '    api_token: Zq8Lm4vT2xK9pW7rQ1\n', '  notes: |\n    password: Wq7$Lm4vT2xK9\n', '|', '>', '"', ''],
    },
    {
      // cluster-admin bindings whose related locations name the workloads (in other documents) running as the account.
      name: 'deploy/admins.yaml',
      languageId: 'yaml',
      text: () =>
        Array.from({ length: 30 }, (_, i) =>
          [
            ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: app-${i}`, 'spec:', '  template:', '    spec:', `      serviceAccountName: sa-${i % 7}`, '      containers:', `        - name: app`, `          image: registry.example.com/app-${i}:1.0`].join('\n'),
            ...(i % 4 === 0
              ? [['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', 'metadata:', `  name: sa-${i % 7}-admin`, 'roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: ClusterRole', '  name: cluster-admin', 'subjects:', '  - kind: ServiceAccount', `    name: sa-${i % 7}`, '    namespace: default'].join('\n')]
              : []),
          ].join('\n---\n'),
        ).join('\n---\n') + '\n',
      inserts: ['x', '1', ' ', '\n', '---\n', '      serviceAccountName: sa-2\n', '    name: sa-3\n', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: late\nspec:\n  template:\n    spec:\n      serviceAccountName: sa-0\n---\n', ''],
    },
    { name: 'src/handlers.ts', languageId: 'typescript', text: () => largeTypeScript(900), inserts: ['x', '\n', '`', '"', 'const apiToken = `Zq8Lm4vT2xK9pW7r`;\n', 'AKIA', ' password ', '', '\\'] },
    { name: 'scripts/deploy.sh', languageId: 'shellscript', text: () => 'set -e\n' + 'docker run --rm image:1 --verbose\nexport REGION=eu-west-1\n'.repeat(200), inserts: ['x', '\n', ' --password=Zq8Lm4vT2xK9p', 'export DB_PASSWORD="Qz8#Lm4vT2xK9p"\n', 'sshpass -p Wq7Lm4vT2xK9 ssh host\n', '', '"'] },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const config = defaultConfig();
      const service = new LanguageService(createWorkspaceHost(new Map(), () => ['file:///w']), { today: '2026-11-27' });
      const uri = `file:///w/${c.name}`;
      let text = c.text();
      let doc = TextDocument.create(uri, c.languageId, 1, text);
      const edit = editor(c.name.length * 31, c.inserts);
      let reported = 0;
      let identities = 0;
      let related = 0;
      const seen = new Set<string>();
      for (let i = 0; i < 120; i++) {
        const got = service.analyze(doc, config).result;
        const fresh = analyzeText({ uri, path: c.name, text }, { config, validateFixes: false, fixes: false, today: '2026-11-27' });
        const view = (r: typeof fresh) => ({
          findings: r.findings.map((f) => `${f.range.start}-${f.range.end} ${f.ruleId} ${f.severity} ${f.fingerprint} ${f.message} ${JSON.stringify(f.related ?? [])}`),
          identities: r.identities.map((x) => JSON.stringify(x)),
          links: r.links.map((x) => JSON.stringify(x)),
          // Where a parse error is reported can differ in a stream broken across `---` (an unclosed
          // quote): pieces are parsed alone (documents/yaml-stream.ts, before this cache work), so
          // for YAML only whether there are parse errors is compared.
          notes:
            c.languageId === 'yaml'
              ? [...r.notes.filter((n) => n.kind !== 'parse-error').map((n) => `${n.kind} ${n.message}`), r.notes.some((n) => n.kind === 'parse-error')]
              : r.notes.map((n) => `${n.kind} ${n.message} ${n.range?.start ?? ''}`),
        });
        expect(view(got), `${c.name} after edit ${i}`).toEqual(view(fresh));
        reported += fresh.findings.length;
        identities += fresh.identities.length + fresh.links.length;
        for (const f of fresh.findings) seen.add(f.ruleId);
        related += fresh.findings.reduce((n, f) => n + (f.related?.length ?? 0), 0);
        text = edit(text);
        doc = TextDocument.create(uri, c.languageId, doc.version + 1, text);
      }
      expect(reported).toBeGreaterThan(50);
      if (c.name === 'deploy/admins.yaml') expect(related).toBeGreaterThan(100);
      else expect(seen.size).toBeGreaterThan(1);
      // The manifests declare ServiceAccounts, bindings and workloads; ConfigMaps declare no identity.
      if (c.name === 'deploy/cluster.yaml') expect(identities).toBeGreaterThan(1000);
      service.close(uri);
    });
  }
});

describe('caches kept across keystrokes hold no old versions of the document', () => {
  // A slice of a string is a view of all of it in V8: a cache that kept a line, a name or a
  // value as sliced from the text kept that whole version of the file, one per keystroke.
  const collect = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();
  const heapAfterGc = (): number => {
    collect();
    collect();
    return process.memoryUsage().heapUsed;
  };

  for (const [name, languageId, text] of [
    ['src/big.ts', 'typescript', largeTypeScript(12_000)],
    ['deploy/cluster.yaml', 'yaml', largeKubernetesYaml(12_000)],
  ] as [string, string, string][]) {
    it(`${name}: memory stays flat over 150 keystrokes in a ${Math.round(text.length / 1024)} KB file`, () => {
      const config = defaultConfig();
      const docs = new Map<string, TextDocument>();
      const service = new LanguageService(createWorkspaceHost(docs, () => ['file:///w']));
      const uri = `file:///w/${name}`;
      let doc = TextDocument.create(uri, languageId, 1, text);
      docs.set(uri, doc);
      service.diagnostics(doc, config);
      const lines = text.split('\n');
      const type = (count: number) => {
        for (let i = 0; i < count; i++) {
          // A new line every keystroke, as typing makes (each line's text is remembered by some cache).
          const line = (i * 7919 + 11) % (lines.length - 1);
          const character = lines[line].length;
          lines[line] += 'q';
          doc = TextDocument.update(doc, [{ range: { start: { line, character }, end: { line, character } }, text: 'q' }], doc.version + 1);
          docs.set(uri, doc);
          service.diagnostics(doc, config);
        }
      };
      type(30);
      const before = heapAfterGc();
      type(150);
      const grown = heapAfterGc() - before;
      service.close(uri);
      // Keeping each version would be 150 × the file (~60 MB); caches and the parse may grow a little.
      expect(grown, `heap grew ${(grown / 1e6).toFixed(1)} MB`).toBeLessThan(text.length * 15);
    });
  }
});
