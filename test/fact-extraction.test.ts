/**
 * Facts are extracted on demand: configuration and IaC always yield their identities and
 * links (the inventory needs them); other kinds only when a rule that applies asks. The
 * results are the same either way — only extractors nobody needs are skipped.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { extractors } from '../server/src/engine/extract';

const config = defaultConfig();
let calls: string[] = [];

beforeAll(async () => {
  await initEngine();
});

function spyOnExtractors(): void {
  calls = [];
  for (const extractor of extractors) {
    const original = extractor.extract.bind(extractor);
    vi.spyOn(extractor, 'extract').mockImplementation((doc, env) => {
      calls.push(extractor.name);
      return original(doc, env);
    });
  }
}

afterEach(() => vi.restoreAllMocks());

const catalog = JSON.stringify(
  {
    currency: 'EUR',
    items: Array.from({ length: 200 }, (_, i) => ({ sku: `SKU-${1000 + i}`, title: `Desk lamp model ${i}`, price: 19.5 + i, stock: (i * 7) % 31, tags: ['lighting', 'home'] })),
  },
  null,
  2,
);

const lockfile = JSON.stringify(
  {
    name: 'billing-api',
    lockfileVersion: 3,
    packages: {
      'node_modules/express': { version: '4.21.2', resolved: 'https://registry.npmjs.org/express/-/express-4.21.2.tgz', integrity: 'sha512-28HqgMZAmih1Czt9ny7qr6ek2qddF4FclbMzwhCREB6OFfH+rXAnuNCwo1/wFvrtbgsQDb4kSbX9de9lFbrXnA==' },
      'node_modules/jsonwebtoken': { version: '9.0.2', resolved: 'https://registry.npmjs.org/jsonwebtoken/-/jsonwebtoken-9.0.2.tgz', integrity: 'sha512-PRp66vJ865SSqOlgqS8hujT5U4AOgMfhrwYIuIhfKaoSCZcirrmASQr8CX7cUg+RMih+hgznrjp99o+W4pJLHQ==' },
    },
  },
  null,
  2,
);

describe('fact extraction on demand', () => {
  it('a JSON file without any rule keyword: no assignments are extracted, the result is the same', () => {
    spyOnExtractors();
    const result = analyzeText({ uri: 'file:///ws/config/catalog.json', path: 'config/catalog.json', text: catalog }, { config });
    expect(calls.filter((n) => n.startsWith('assignments'))).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('a lockfile: no rule reads its assignments (secret rules skip lockfiles)', () => {
    spyOnExtractors();
    const result = analyzeText({ uri: 'file:///ws/package-lock.json', path: 'package-lock.json', text: lockfile }, { config });
    expect(calls.filter((n) => n.startsWith('assignments'))).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('a JSON config with a credential-like key: its assignments are extracted once and the secret found', () => {
    spyOnExtractors();
    const text = catalog.replace('"currency": "EUR",', '"currency": "EUR",\n  "smtpPassword": "Rk8#vQ2!mZ7pLw4x",');
    const result = analyzeText({ uri: 'file:///ws/config/catalog.json', path: 'config/catalog.json', text }, { config });
    expect(calls.filter((n) => n.startsWith('assignments'))).toHaveLength(1);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['secret/generic-password']);
  });

  it('IaC always yields its identities (the inventory needs them), even when no rule asks', () => {
    spyOnExtractors();
    const text = 'resource "aws_iam_role" "exporter" {\n  name = "exporter"\n  tags = { owner = "data@example.com" }\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n';
    const allOff = { ...config, rules: Object.fromEntries(Object.keys(config.rules).map((id) => [id, 'off' as const])) };
    const result = analyzeText({ uri: 'file:///ws/iam.tf', path: 'iam.tf', text }, { config: allOff });
    expect(result.findings).toEqual([]);
    expect(result.identities.map((i) => i.name)).toEqual(['aws_iam_role.exporter']);
    expect(calls.filter((n) => n === 'terraform')).toHaveLength(1);
  });
});
