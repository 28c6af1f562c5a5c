/**
 * secret/aws-access-key-id: detection edge cases, pairing with the secret
 * access key, and masking. Keys here are random fakes in the real format.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding } from '../server/src/engine/model';
import { mask } from '../server/src/engine/mask';
import { awsAccessKeyId, isAwsSecretName, isPlaceholderKeyId, looksLikeSecretAccessKey } from '../rules/secret/aws-access-key-id';
import { loadFixtures } from './support/fixtures';

const KEY_A = 'AKIAI4JN6GT7KS6KF7FB';
const SECRET_A = '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';
const KEY_B = 'AKIAN5FBT7ZBHUQNOXIB';
const SECRET_B = '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';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const MASKED_A = mask(KEY_A);
const MASKED_B = mask(KEY_B);
const MASKED_SECRET_A = mask(SECRET_A);

beforeAll(async () => {
  await initEngine();
});

function analyze(path: string, text: string): Finding[] {
  return analyzeText({ uri: `file:///ws/${path}`, path, text }, { config: defaultConfig(), rules: [awsAccessKeyId], today: '2026-11-26' }).findings;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('key id detection', () => {
  it('flags a key id in any format, with the exact range and a masked message', () => {
    const text = `deploy notes\nkey: ${KEY_A} (do not share)\n`;
    const [f, ...rest] = analyze('notes.txt', text);
    expect(rest).toEqual([]);
    expect(text.slice(f.range.start, f.range.end)).toBe(KEY_A);
    expect(f.severity).toBe('error');
    expect(f.message).toContain(MASKED_A);
    expect(f.message).not.toContain(KEY_A);
    expect(f.identity).toEqual({ kind: 'api-key', name: `aws:${MASKED_A}` });
  });

  it('still flags files that do not parse', () => {
    const text = `const creds = { accessKeyId: "${KEY_A}", \nfunction (\n`;
    const findings = analyze('broken.ts', text);
    expect(findings.map((f) => text.slice(f.range.start, f.range.end))).toEqual([KEY_A]);
    const yaml = `a: [\nkey: ${KEY_A}\n  - : :\n`;
    expect(analyze('broken.yaml', yaml)).toHaveLength(1);
  });

  it('recognises every key id prefix and says when a key is temporary', () => {
    for (const prefix of ['AKIA', 'ASIA', 'ABIA', 'ACCA']) {
      const id = prefix + KEY_A.slice(4);
      const [f] = analyze('x.txt', `id=${id}\n`);
      expect(f, prefix).toBeDefined();
      expect(f.message.includes('temporary'), prefix).toBe(prefix === 'ASIA');
    }
  });

  it.each([
    ['AWS documentation sample', 'AKIAIOSFODNN7EXAMPLE'],
    ['STS documentation sample', 'ASIAIOSFODNN7EXAMPLE'],
    ['X placeholder', 'AKIAXXXXXXXXXXXXXXXX'],
    ['repeated character', 'AKIAAAAAAAAAAAAAAAAA'],
    ['few distinct characters', 'AKIAABABABABABABABAB'],
    ['alphabetical run', 'AKIAABCDEFGHIJKLMNOP'],
    ['digits outside base32 (not a key id at all)', 'AKIA1234567890ABCDEF'],
    ['lower case', KEY_A.toLowerCase()],
    ['too short', KEY_A.slice(0, 19)],
  ])('does not flag a %s', (_label, value) => {
    expect(analyze('x.ts', `export const id = "${value}";\n`)).toEqual([]);
  });

  it('needs word boundaries: not inside base64 blobs, identifiers or longer tokens', () => {
    const cases = [
      `blob = "c8AxgpR+oEOf5kWW${KEY_A}trVgi8cY"`,
      `blob = "c8Axgp/${KEY_A}/8cY"`,
      `blob = "c8Axgp+${KEY_A}"`,
      `name = "x_${KEY_A}"`,
      `name = "${KEY_A}_backup"`,
      `name = "${KEY_A}Q"`,
    ];
    for (const line of cases) expect(analyze('x.py', `${line}\n`), line).toEqual([]);
    // Ordinary delimiters do count as boundaries.
    for (const line of [`k=${KEY_A}&x=1`, `"${KEY_A}"`, `(${KEY_A})`, `key:${KEY_A}`]) {
      expect(analyze('x.txt', `${line}\n`), line).toHaveLength(1);
    }
  });

  it('ignores references to where a key lives', () => {
    const text = 'AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\nkey: ${{ secrets.AWS_ACCESS_KEY_ID }}\n# keys start with AKIA or ASIA\n';
    expect(analyze('x.txt', text)).toEqual([]);
  });

  it('skips lockfiles', () => {
    const text = `{"resolved": "https://s3.amazonaws.com/x.tgz?X-Amz-Credential=${KEY_A}%2F20261101"}\n`;
    expect(analyze('package-lock.json', text)).toEqual([]);
    expect(analyze('sub/yarn.lock', `  resolved "https://x/?X-Amz-Credential=${KEY_A}%2F2026"\n`)).toEqual([]);
    expect(analyze('not-a-lock.json', text)).toHaveLength(1);
  });

  it('leaves the local env file alone: it is where the quick fix puts keys', () => {
    expect(analyze('.env.local', `AWS_ACCESS_KEY_ID=${KEY_A}\n`)).toEqual([]);
    expect(analyze('.env', `AWS_ACCESS_KEY_ID=${KEY_A}\n`)).toHaveLength(1);
    expect(analyze('services/api/.env.local', `AWS_ACCESS_KEY_ID=${KEY_A}\n`)).toHaveLength(1);
  });

  it('honours suppressions on the line', () => {
    expect(analyze('x.py', `KEY = "${KEY_A}"  # gitleaks:allow\n`)).toEqual([]);
    expect(analyze('x.py', `# nhi-ignore secret/aws-access-key-id reason="revoked key in test"\nKEY = "${KEY_A}"\n`)).toEqual([]);
  });

  it('keeps the fingerprint when lines move', () => {
    const before = analyze('x.py', `KEY = "${KEY_A}"\n`);
    const after = analyze('x.py', `import boto3\n\n\nKEY = "${KEY_A}"\n`);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });
});

describe('paired secret access key', () => {
  it('pairs through assignment facts and reports both, pointing at each other', () => {
    const text = [
      'export const creds = {',
      `  accessKeyId: "${KEY_A}",`,
      `  secretAccessKey: "${SECRET_A}",`,
      '};',
      '',
    ].join('\n');
    const [id, secret, ...rest] = analyze('creds.ts', text);
    expect(rest).toEqual([]);
    expect(text.slice(id.range.start, id.range.end)).toBe(KEY_A);
    expect(id.message).toBe(`AWS access key id ${MASKED_A} is hard-coded with its secret access key on line 3. Rotate it and load it from the environment or a secret store.`);
    expect(id.related).toEqual([{ uri: 'file:///ws/creds.ts', range: secret.range, message: `Secret access key ${MASKED_SECRET_A} paired with this key id` }]);
    expect(text.slice(secret.range.start, secret.range.end)).toBe(SECRET_A);
    expect(secret.ruleId).toBe('secret/aws-access-key-id');
    expect(secret.message).toBe(`AWS secret access key ${MASKED_SECRET_A} paired with access key id ${MASKED_A} is hard-coded. Rotate the key pair.`);
    expect(secret.related?.[0].range).toEqual(id.range);
    expect(secret.fingerprint).not.toBe(id.fingerprint);
  });

  it('recognises the secret in every syntax by its name', () => {
    const cases: [string, string][] = [
      ['a.py', `boto3.client("s3", aws_access_key_id="${KEY_A}", aws_secret_access_key="${SECRET_A}")\n`],
      ['a.go', `package main\nvar creds = credentials.Value{AccessKeyID: "${KEY_A}", SecretAccessKey: "${SECRET_A}"}\n`],
      ['.env', `AWS_ACCESS_KEY_ID=${KEY_A}\nAWS_SECRET_KEY=${SECRET_A}\n`],
      ['a.yaml', `aws:\n  access_key_id: ${KEY_A}\n  aws_secret: "${SECRET_A}"\n`],
      ['a.json', `{"AccessKeyId": "${KEY_A}", "SecretAccessKey": "${SECRET_A}"}`],
      ['main.tf', `provider "aws" {\n  access_key = "${KEY_A}"\n  secret_key = "${SECRET_A}"\n}\n`],
      ['a.toml', `[aws]\naccess_key = "${KEY_A}"\nsecret_key = "${SECRET_A}"\n`],
      ['a.sh', `export AWS_ACCESS_KEY_ID=${KEY_A}\nexport AWS_SECRET_ACCESS_KEY=${SECRET_A}\n`],
    ];
    for (const [path, text] of cases) {
      const found = analyze(path, text).map((f) => text.slice(f.range.start, f.range.end));
      expect(found, path).toEqual([KEY_A, SECRET_A]);
    }
  });

  it('pairs on nearby lines in text without assignment facts', () => {
    const near = `# incident notes\naws_access_key_id = ${KEY_A}\naws_secret_access_key = ${SECRET_A}\n`;
    expect(analyze('credentials', near).map((f) => near.slice(f.range.start, f.range.end))).toEqual([KEY_A, SECRET_A]);
    // Far apart: both reported, but not as a pair.
    const far = `aws_access_key_id = ${KEY_A}\n${'filler line\n'.repeat(30)}aws_secret_access_key = ${SECRET_A}\n`;
    const [id, secret] = analyze('notes.md', far);
    expect(far.slice(id.range.start, id.range.end)).toBe(KEY_A);
    expect(id.related).toBeUndefined();
    expect(secret.message).not.toContain('paired');
  });

  it('pairs each secret with the nearest key id', () => {
    const text = [
      `PROD_KEY_ID = "${KEY_A}"`,
      `PROD_AWS_SECRET_ACCESS_KEY = "${SECRET_A}"`,
      '',
      '',
      `DR_KEY_ID = "${KEY_B}"`,
      `DR_AWS_SECRET_ACCESS_KEY = "${SECRET_B}"`,
      '',
    ].join('\n');
    const findings = analyze('keys.py', text);
    expect(findings).toHaveLength(4);
    const [a, sa, b, sb] = findings;
    expect(a.message).toContain('on line 2');
    expect(b.message).toContain('on line 6');
    expect(sa.message).toContain(MASKED_A);
    expect(sb.message).toContain(MASKED_B);
    expect(lineOf(text, sb.range.start)).toBe(6);
  });

  it('does not take hashes, unnamed or non-AWS 40-character values for a secret key', () => {
    const text = [
      `ACCESS_KEY_ID = "${KEY_A}"`,
      `aws_secret_access_key_sha1 = "${SHA1}"`,
      `webhook_secret = "${SECRET_A}"`,
      `placeholder_aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"`,
      `aws_secret_access_key_ref = "\${AWS_SECRET_ACCESS_KEY_FROM_VAULT_PATH_XX}"`,
      '',
    ].join('\n');
    const findings = analyze('cfg.py', text);
    expect(findings.map((f) => text.slice(f.range.start, f.range.end))).toEqual([KEY_A]);
    expect(findings[0].message).not.toContain('secret access key on line');
    // `secret_key` only counts under an AWS section.
    const tf = `resource "minio_s3_bucket" "b" {\n  access_key = "${KEY_A}"\n  secret_key = "${SECRET_A}"\n}\n`;
    expect(analyze('main.tf', tf)).toHaveLength(1);
  });

  it('reports a secret access key by its name alone when the file has no key id', () => {
    const text = `aws_secret_access_key = "${SECRET_A}"\nDOC = "AKIAIOSFODNN7EXAMPLE"\n`;
    const [f, ...rest] = analyze('a.py', text);
    expect(rest).toEqual([]);
    expect(text.slice(f.range.start, f.range.end)).toBe(SECRET_A);
    expect(f.message).toBe(`AWS secret access key ${MASKED_SECRET_A} is hard-coded. Rotate the key pair it belongs to.`);
    expect(f.related).toBeUndefined();
  });

  it('does not flag a lone 40-character value without a telling name', () => {
    expect(analyze('a.py', `signing_token = "${SECRET_A}"\n`)).toEqual([]);
    expect(analyze('notes.txt', `token: ${SECRET_A}\n`)).toEqual([]);
  });
});

describe('helpers', () => {
  it('names that mean "AWS secret access key"', () => {
    for (const name of ['aws_secret_access_key', 'secretAccessKey', 'AWS_SECRET_KEY', 'aws_secret', 'SecretAccessKey', 'AWS-SECRET-ACCESS-KEY']) {
      expect(isAwsSecretName(name, name), name).toBe(true);
    }
    expect(isAwsSecretName('secret_key', 'provider.aws.secret_key')).toBe(true);
    expect(isAwsSecretName('secret_key', 'minio.secret_key')).toBe(false);
    for (const name of ['password', 'secret', 'api_key', 'token', undefined]) expect(isAwsSecretName(name, name), String(name)).toBe(false);
  });

  it('secret key shape', () => {
    expect(looksLikeSecretAccessKey(SECRET_A)).toBe(true);
    expect(looksLikeSecretAccessKey(SHA1)).toBe(false);
    expect(looksLikeSecretAccessKey(SECRET_A.toLowerCase())).toBe(false);
    expect(looksLikeSecretAccessKey(SECRET_A.slice(1))).toBe(false);
    expect(looksLikeSecretAccessKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(false);
  });

  it('placeholder key ids', () => {
    expect(isPlaceholderKeyId('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isPlaceholderKeyId('AKIAXXXXXXXXXXXXXXXX')).toBe(true);
    expect(isPlaceholderKeyId(KEY_A)).toBe(false);
    expect(isPlaceholderKeyId(KEY_B)).toBe(false);
  });
});

describe('masking', () => {
  it('no output of any fixture contains a full key', () => {
    let checked = 0;
    for (const fx of loadFixtures('secret/aws-access-key-id')) {
      const uri = `file:///fixtures/${fx.relative}`;
      const result = analyzeText({ uri, path: fx.relative, text: fx.text }, { config: defaultConfig(), rules: [awsAccessKeyId], workspaceRoot: 'file:///fixtures' });
      for (const f of result.findings) {
        const secret = fx.text.slice(f.range.start, f.range.end);
        expect(secret.length).toBeGreaterThanOrEqual(20);
        const outputs = [f.message, f.fingerprint, f.identity?.name ?? '', ...(f.related ?? []).map((r) => r.message), ...f.fixes.map((x) => x.title), JSON.stringify(result.notes)];
        for (const other of result.findings) {
          const s = fx.text.slice(other.range.start, other.range.end);
          for (const out of outputs) expect(out.includes(s), `${fx.relative}: output shows a full secret`).toBe(false);
        }
        expect(f.message).toMatch(/…/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
