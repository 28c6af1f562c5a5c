/**
 * A bad `.nhi.yaml` in the language server: each problem is a diagnostic on the
 * file itself at its line, naming the key; one warning message is shown; the
 * valid keys still apply. A path setting that leaves the workspace is rejected,
 * and the quick fix writes only inside the workspace.
 */
import { describe, expect, it } from 'vitest';
import { CodeActionRequest, type CodeAction, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { PUSH_CAPABILITIES, useBuiltServer } from '../support/lsp-client';

const KEY_ID = 'AKIA2E3XQZ7PLMN4RT5W';
const SOURCE = `import { S3Client } from "@aws-sdk/client-s3";\n\nconst accessKeyId = "${KEY_ID}";\n\nexport const s3 = new S3Client({ credentials: { accessKeyId } as never });\n`;

const server = useBuiltServer('nhi-fuzz-lspcfg-');

const BAD_CONFIG = [
  'maxFileSizeKb: "big"', // line 1
  'ownerTagKeys: [owner]', // line 2
  'colour: blue', // line 3
  'rules:', // line 4
  '  secret/aws-access-key-id: "off"', // line 5: valid, must apply
  '  secret/github-token: loud', // line 6
  '',
].join('\n');

describe('.nhi.yaml problems in the language server', () => {
  it('are diagnostics on .nhi.yaml at the right lines (pull client), with one warning message; the valid keys apply', async () => {
    const client = await server.start({ files: { '.nhi.yaml': BAD_CONFIG } });
    const configUri = client.uriOf('.nhi.yaml');
    const published = await client.waitForPublish(configUri, (p) => p.diagnostics.length > 0);
    const byLine = published.diagnostics.map((d: Diagnostic) => [d.range.start.line, d.code, d.severity]);
    expect(byLine).toEqual([
      [0, 'nhi/config', 1],
      [2, 'nhi/config', 1],
      [5, 'nhi/config', 1],
    ]);
    expect(published.diagnostics[0].message).toMatch(/^"maxFileSizeKb": expected a number ≥ 1, got "big" \("maxFileSizeKb" uses the editor setting or default instead\)$/);
    expect(published.diagnostics[0].range.start.character).toBe(15);
    expect(published.diagnostics[1].message).toMatch(/unknown key "colour"/);
    expect(published.diagnostics[2].message).toMatch(/"loud" for "secret\/github-token"/);

    // `rules: secret/aws-access-key-id: off` still applies although other keys are bad.
    const uri = client.open('src/aws.ts', SOURCE, 'typescript');
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => d.code)).not.toContain('secret/aws-access-key-id');

    expect(client.shown).toHaveLength(1);
    expect(client.shown[0].message).toMatch(/^NHI Hygiene: \.nhi\.yaml line 1: "maxFileSizeKb": .*\(and 2 more\)\. The other settings still apply\.$/);
    expect(client.logs.some((l) => l.includes('.nhi.yaml:3:1: unknown key "colour"'))).toBe(true);
    expect(await client.shutdown()).toBe(0);
  }, 60_000);

  it('stay on the open .nhi.yaml in push mode, next to its own analysis', async () => {
    const client = await server.start({ capabilities: PUSH_CAPABILITIES, files: { '.nhi.yaml': 'timeBudgetMs: fast\n' } });
    const configUri = client.uriOf('.nhi.yaml');
    await client.waitForPublish(configUri, (p) => p.diagnostics.length === 1);
    client.open('.nhi.yaml', 'timeBudgetMs: fast\n', 'yaml');
    // The push after the file's own analysis still carries the configuration problem.
    await new Promise((r) => setTimeout(r, 500));
    const last = client.published.filter((p) => p.uri === configUri).at(-1)!;
    expect(last.diagnostics.map((d) => [d.range.start.line, d.code])).toEqual([[0, 'nhi/config']]);
    expect(await client.shutdown()).toBe(0);
  }, 60_000);

  it('an envFile outside the workspace is rejected, and the quick fix writes only inside the workspace', async () => {
    const client = await server.start({ files: { '.nhi.yaml': 'envFile: ../../outside/.env\n' } });
    const configUri = client.uriOf('.nhi.yaml');
    const published = await client.waitForPublish(configUri, (p) => p.diagnostics.length > 0);
    expect(published.diagnostics).toHaveLength(1);
    expect(published.diagnostics[0].message).toMatch(/^"envFile": expected a path inside the workspace, relative to its root .*climbs out with "\.\."/);

    const uri = client.open('src/aws.ts', SOURCE, 'typescript');
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    const diagnostic = report.items.find((d) => d.code === 'secret/aws-access-key-id');
    expect(diagnostic).toBeDefined();
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic!], only: ['quickfix'] },
    })) as CodeAction[];
    const touched = actions.flatMap((a) => (a.edit?.documentChanges ?? []).map((c) => ('textDocument' in c ? c.textDocument.uri : 'uri' in c ? c.uri : '')));
    expect(touched.length).toBeGreaterThan(0);
    for (const t of touched) expect(t.startsWith(`${client.workspaceUri}/`), t).toBe(true);
    expect(touched).toContain(client.uriOf('.env.local'));
    expect(await client.shutdown()).toBe(0);
  }, 60_000);

  it('untrusted workspace: the same path rule applies and no edits are offered', async () => {
    const client = await server.start({ trusted: false, files: { '.nhi.yaml': 'envFile: /etc/cron.d/x\n' } });
    const published = await client.waitForPublish(client.uriOf('.nhi.yaml'), (p) => p.diagnostics.length > 0);
    expect(published.diagnostics[0].message).toMatch(/absolute path/);
    const uri = client.open('src/aws.ts', SOURCE, 'typescript');
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    const diagnostic = report.items.find((d) => d.code === 'secret/aws-access-key-id')!;
    expect(diagnostic).toBeDefined();
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    expect(actions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  }, 60_000);
});
