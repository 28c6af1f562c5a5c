/**
 * The language server keeps answering while hostile files are analysed: a 10 MB
 * single-line minified file (with the size limit raised so it is really analysed)
 * and a YAML alias bomb are opened and pulled first; a normal file opened after
 * them still gets its diagnostics within a bound, and the server stays alive.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { PUSH_CAPABILITIES, useBuiltServer } from '../support/lsp-client';

const BUDGET_MS = 2000;
/** Both hostile files may run to their budget (plus the margin) before the normal one, on one thread. */
const PROMPT_MS = 2 * (BUDGET_MS + 1000) + 4000;

// A realistic-looking (not real) access key id; the normal file must still be analysed properly.
const KEY_ID = 'AKIA2E3XQZ7PLMN4RT5W';

const server = useBuiltServer('nhi-fuzz-lsp-');

function minified(size: number): string {
  const chunk = 'var a=function(b,c){return b+c},d={k:"v",n:[1,2,3]};if(d.k)a(1,2);';
  return chunk.repeat(Math.ceil(size / chunk.length));
}

function aliasBomb(levels: number, width: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let l = 1; l <= levels; l++) lines.push(`a${l}: &a${l} [${Array(width).fill(`*a${l - 1}`).join(', ')}]`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${lines.map((x) => `  ${x}`).join('\n')}\n`;
}

const NORMAL_FILE = `import { S3Client } from "@aws-sdk/client-s3";\n\nconst accessKeyId = "${KEY_ID}";\n\nexport const s3 = new S3Client({ credentials: { accessKeyId } as never });\n`;

describe('language server under hostile input', () => {
  it('answers for a normal file while a 10 MB minified file and an alias bomb are analysed (pull)', async () => {
    const client = await server.start({ settings: { maxFileSizeKb: 16 * 1024, timeBudgetMs: BUDGET_MS } });
    const big = client.open('dist/app.min.js', minified(10 * 1024 * 1024), 'javascript');
    const bomb = client.open('k8s/bomb.yaml', aliasBomb(12, 12), 'yaml');
    const started = Date.now();
    const hostile = [client.pull(big), client.pull(bomb)];
    const normal = client.open('src/aws.ts', NORMAL_FILE, 'typescript');
    const report = (await client.pull(normal)) as FullDocumentDiagnosticReport;
    const elapsed = Date.now() - started;

    expect(report.kind).toBe('full');
    expect(report.items.map((d: Diagnostic) => d.code)).toContain('secret/aws-access-key-id');
    expect(JSON.stringify(report)).not.toContain(KEY_ID);
    expect(elapsed, `normal file answered after ${elapsed} ms`).toBeLessThan(PROMPT_MS);

    // The hostile requests are answered too (results or notes, never an error), and the server lives on.
    for (const r of await Promise.all(hostile)) expect(r.kind).toBe('full');
    expect(client.child.exitCode).toBeNull();
    expect(client.stderr()).toBe('');
    expect(client.logs.filter((l) => /Uncaught|Unhandled|failed/i.test(l))).toEqual([]);
    console.log(`lsp-hostile: normal file answered in ${elapsed} ms behind a 10 MB file and an alias bomb`);
    expect(await client.shutdown()).toBe(0);
  }, 120_000);

  it('with the default size limit the 10 MB file is skipped at once, and push clients get diagnostics too', async () => {
    const client = await server.start({ capabilities: PUSH_CAPABILITIES });
    const big = client.open('dist/app.min.js', minified(10 * 1024 * 1024), 'javascript');
    client.open('k8s/bomb.yaml', aliasBomb(12, 12), 'yaml');
    const started = Date.now();
    const normal = client.open('src/aws.ts', NORMAL_FILE, 'typescript');
    const published = await client.waitForPublish(normal, (p) => p.diagnostics.length > 0, PROMPT_MS + 5000);
    const elapsed = Date.now() - started;
    expect(published.diagnostics.map((d) => d.code)).toContain('secret/aws-access-key-id');
    expect(elapsed).toBeLessThan(PROMPT_MS);
    const skipped = await client.waitForPublish(big);
    expect(skipped.diagnostics).toEqual([]);
    expect(client.logs.some((l) => l.includes('Skipped') && l.includes('app.min.js'))).toBe(true);
    expect(client.child.exitCode).toBeNull();
    expect(await client.shutdown()).toBe(0);
  }, 120_000);
});
