/**
 * `nhi audit --inventory`: identities with owner, credential and their findings
 * (association by Finding.identity, else by enclosing range), and CSV that is
 * RFC 4180 correct and safe to open in a spreadsheet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main';
import { buildInventory, csvCell, inventoryCsv, inventoryText, INVENTORY_COLUMNS, type InventoryEntry } from '../server/src/cli/reporters/inventory';
import type { IdentityFact } from '../server/src/engine/model';
import type { AuditResult, FileResult, LocatedFinding, LocatedIdentity } from '../server/src/engine/workspace';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to check the writer against. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks (doubling quotes), leaves plain text alone', () => {
    expect(csvCell('aws_iam_role.ci')).toBe('aws_iam_role.ci');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12)).toBe('12');
  });

  it('neutralises spreadsheet formulas: = + - @ (and tab / CR) at the start get a quote prefix', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell('team-a')).toBe('team-a');
  });

  it('a whole inventory parses back to the same values with a strict reader', () => {
    const nasty: InventoryEntry = {
      kind: 'aws-iam-role',
      name: 'role "quoted", with comma\r\nand CRLF',
      cloud: 'aws',
      path: '=cmd|\' /C calc\'!A0.tf',
      line: 7,
      owner: '@team',
      credential: 'oidc',
      privileges: 'iam-wildcard-action, iam-pass-role-wildcard',
      findings: 2,
      source: 'declared',
    };
    const plain: InventoryEntry = { kind: 'k8s-service-account', name: 'ns/sa', path: 'k8s/sa.yaml', line: 1, privileges: '', findings: 0, source: 'declared' };
    const csv = inventoryCsv([nasty, plain]);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...INVENTORY_COLUMNS]);
    expect(rows[1]).toEqual([
      'aws-iam-role',
      'role "quoted", with comma\r\nand CRLF',
      'aws',
      "'=cmd|' /C calc'!A0.tf",
      '7',
      "'@team",
      'oidc',
      'iam-wildcard-action, iam-pass-role-wildcard',
      '2',
      'declared',
    ]);
    expect(rows[2]).toEqual(['k8s-service-account', 'ns/sa', '', 'k8s/sa.yaml', '1', '', '', '', '0', 'declared']);
    // No cell of the output starts a formula.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('the text table keeps control characters of names off the terminal', () => {
    const out = inventoryText([{ kind: 'api-key', name: 'x\u001b]0;pwned\u0007y', path: 'a\nb', line: 1, privileges: '', findings: 1, source: 'referenced' }]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(out).toContain('1 identity; 0 without owner; 0 with long-lived credentials');
  });
});

// ---------------------------------------------------------------------------

function identity(kind: IdentityFact['identityKind'], name: string, start: number, end: number, line: number, extra: Partial<IdentityFact> = {}): LocatedIdentity {
  return { kind: 'identity', identityKind: kind, name, range: { start, end }, start: { line, character: 0 }, ...extra };
}

function finding(ruleId: string, start: number, line: number, extra: Partial<LocatedFinding> = {}): LocatedFinding {
  return {
    ruleId,
    message: ruleId,
    range: { start, end: start + 3 },
    severity: 'warning',
    fingerprint: `${ruleId}:${start}`,
    fixes: [],
    start: { line, character: 0 },
    end: { line, character: 3 },
    ...extra,
  };
}

function file(p: string, identities: LocatedIdentity[], findings: LocatedFinding[]): FileResult {
  return { absolutePath: `/ws/${p}`, path: p, uri: `file:///ws/${p}`, findings, notes: [], identities };
}

describe('buildInventory', () => {
  it('associates findings by the identity they name, else by the innermost enclosing identity in the same file', () => {
    const result: AuditResult = {
      root: '/ws',
      filesScanned: 3,
      bytesScanned: 0,
      skipped: [],
      durationMs: 0,
      cancelled: false,
      files: [
        file(
          'infra/iam.tf',
          [
            identity('aws-iam-role', 'aws_iam_role.deploy', 0, 500, 0, { cloud: 'aws', owner: 'team-platform', credential: 'oidc' }),
            identity('aws-iam-user', 'aws_iam_user.ci', 600, 800, 30, { cloud: 'aws', credential: 'aws-access-key' }),
            // A nested declaration (e.g. an inline policy holder) inside the role: the innermost wins.
            identity('aws-iam-role', 'aws_iam_role.deploy_inner', 100, 200, 5, { cloud: 'aws' }),
          ],
          [
            finding('privilege/iam-wildcard-action', 120, 6),
            finding('privilege/iam-pass-role-wildcard', 300, 12),
            finding('privilege/iam-wildcard-action', 310, 13),
            finding('ownership/missing-owner-tag', 600, 30, { identity: { kind: 'aws-iam-user', name: 'aws_iam_user.ci' } }),
            // Suppressed findings do not count.
            finding('privilege/iam-not-action', 320, 14, { suppressed: { reason: 'reviewed' } }),
            // Outside every identity and naming none: counted nowhere.
            finding('privilege/iam-wildcard-action', 900, 40),
          ],
        ),
        // The user's key is created in another file: the finding names the user, so it counts there.
        file('infra/keys.tf', [], [finding('credential/aws-iam-access-key', 10, 1, { identity: { kind: 'aws-iam-user', name: 'aws_iam_user.ci' } })]),
        // A key found in code has no declaration: the finding creates the entry.
        file(
          'src/s3.ts',
          [],
          [
            finding('secret/aws-access-key-id', 40, 6, { identity: { kind: 'api-key', name: 'aws:AKIA…WXYZ' } }),
            finding('secret/aws-access-key-id', 90, 7, { identity: { kind: 'api-key', name: 'aws:AKIA…WXYZ' } }),
          ],
        ),
      ],
    };
    const inventory = buildInventory(result);
    expect(inventory).toEqual([
      { kind: 'aws-iam-role', name: 'aws_iam_role.deploy', cloud: 'aws', path: 'infra/iam.tf', line: 1, owner: 'team-platform', credential: 'oidc', privileges: 'iam-pass-role-wildcard, iam-wildcard-action', findings: 2, source: 'declared' },
      { kind: 'aws-iam-role', name: 'aws_iam_role.deploy_inner', cloud: 'aws', path: 'infra/iam.tf', line: 6, privileges: 'iam-wildcard-action', findings: 1, source: 'declared' },
      { kind: 'aws-iam-user', name: 'aws_iam_user.ci', cloud: 'aws', path: 'infra/iam.tf', line: 31, credential: 'aws-access-key', privileges: '', findings: 2, source: 'declared' },
      { kind: 'api-key', name: 'aws:AKIA…WXYZ', path: 'src/s3.ts', line: 7, privileges: '', findings: 2, source: 'referenced' },
    ]);
  });
});

// ---------------------------------------------------------------------------

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout, stderr };
}

describe('nhi audit --inventory', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-inventory-')));
  temps.push(root);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write(
    'infra/ci.tf',
    [
      'resource "aws_iam_user" "deployer" {',
      '  name = "deployer"',
      '}',
      '',
      'resource "aws_iam_access_key" "deployer" {',
      '  user = aws_iam_user.deployer.name',
      '}',
      '',
      'resource "aws_iam_role" "reporting" {',
      '  name               = "reporting"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '  tags = {',
      '    owner = "team-data"',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  write(
    'k8s/sa.yaml',
    ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: "=1+1"', '  namespace: jobs', '  labels:', '    team: "billing, invoices"', ''].join('\n'),
  );

  it('json lists the identities with owner, credential and findings; exits 0 despite findings', async () => {
    const run = await cli(['audit', '.', '--inventory', '--format', 'json'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { version: string; identities: InventoryEntry[] };
    const byName = new Map(report.identities.map((i) => [i.name, i]));
    expect(byName.get('aws_iam_user.deployer')).toMatchObject({ kind: 'aws-iam-user', cloud: 'aws', path: 'infra/ci.tf', line: 1, credential: 'aws-access-key', source: 'declared' });
    expect(byName.get('aws_iam_user.deployer')!.owner).toBeUndefined();
    expect(byName.get('aws_iam_user.deployer')!.findings).toBeGreaterThanOrEqual(1);
    expect(byName.get('aws_iam_role.reporting')).toMatchObject({ kind: 'aws-iam-role', owner: 'team-data', line: 9 });
    expect(byName.get('jobs/=1+1')).toMatchObject({ kind: 'k8s-service-account', cloud: 'kubernetes', owner: 'billing, invoices', path: 'k8s/sa.yaml' });
    // The same audit as findings fails (warnings here): the inventory is a listing.
    expect((await cli(['audit', '.', '--fail-on', 'warning'], root)).code).toBe(1);
    expect((await cli(['audit', '.', '--inventory', '--fail-on', 'warning'], root)).code).toBe(1);
  }, 60_000);

  it('csv is RFC 4180 with formula-looking names neutralised; text is an aligned table', async () => {
    const csv = await cli(['audit', '.', '--inventory', '--format', 'csv'], root);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([...INVENTORY_COLUMNS]);
    const sa = rows.find((r) => r[0] === 'k8s-service-account')!;
    expect(sa[1]).toBe('jobs/=1+1');
    expect(sa[5]).toBe('billing, invoices');
    expect(csv.stdout).toContain('"billing, invoices"');
    const text = await cli(['audit', '.', '--inventory'], root);
    expect(text.stdout.split('\n')[0]).toMatch(/^KIND +NAME +LOCATION +OWNER +CREDENTIAL +PRIVILEGES +FINDINGS$/);
    expect(text.stdout).toMatch(/^aws-iam-user +aws_iam_user\.deployer +infra\/ci\.tf:1 +- +aws-access-key /m);
    expect(text.stdout).toMatch(/\n3 identities; 1 without owner; 1 with long-lived credentials\n$/);
  }, 60_000);

  it('--output writes the inventory; wrong format combinations are usage errors', async () => {
    const out = path.join(root, 'out', 'identities.csv');
    const run = await cli(['audit', '.', '--inventory', '--format', 'csv', '--output', out], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/; csv inventory written to .*identities\.csv\n$/);
    expect(parseCsv(fs.readFileSync(out, 'utf8')).length).toBe(4);
    fs.rmSync(path.join(root, 'out'), { recursive: true });
    expect((await cli(['audit', '.', '--format', 'csv'], root)).stderr).toMatch(/^nhi: --format csv is for the identity list: add --inventory\./);
    expect((await cli(['audit', '.', '--inventory', '--format', 'sarif'], root)).code).toBe(2);
    expect((await cli(['audit', '.', '--inventory', '--format', 'html'], root)).stderr).toMatch(/HTML report already lists the identities/);
  }, 60_000);
});
