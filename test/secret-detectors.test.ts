/**
 * gitleaks-style validation of every provider detector's own samples: each
 * positive is found (through the whole engine, keyword prefilter included) and
 * each negative is not found by any detector of its family.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, fromFlat } from '../server/src/engine/config';
import { isSecretRule, matchDetector, type Detector, type DetectorSamples } from '../server/src/engine/secrets/detector';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../rules';
import { prepareBuiltTools } from './support/built-tools';

beforeAll(async () => {
  await initEngine();
});

const families = rules.filter(isSecretRule);

/** A detector's samples; in tests they are always present (see __NHI_SAMPLES__). */
function samplesOf(d: Detector): DetectorSamples {
  if (d.samples === false) throw new Error(`${d.name}: samples are compiled out; tests must define __NHI_SAMPLES__`);
  return d.samples;
}
const config = defaultConfig();

describe('provider secret detectors', () => {
  it('number at least 200 provider-specific detectors, in families of one rule each', () => {
    const detectors = families.flatMap((f) => f.family.detectors);
    expect(detectors.length).toBeGreaterThanOrEqual(200);
    expect(new Set(families.map((f) => f.id)).size).toBe(families.length);
  });

  for (const rule of families) {
    describe(rule.id, () => {
      it('has uniquely named detectors, each with positive and negative samples and a global pattern', () => {
        const names = rule.family.detectors.map((d) => d.name);
        expect(new Set(names).size).toBe(names.length);
        for (const d of rule.family.detectors) {
          expect(d.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
          expect(samplesOf(d).positive.length, `${d.name} positives`).toBeGreaterThan(0);
          expect(samplesOf(d).negative.length, `${d.name} negatives`).toBeGreaterThan(0);
          expect(d.pattern.flags).toContain('g');
          expect(d.keywords.length).toBeGreaterThan(0);
          for (const k of d.keywords) expect(k, 'keywords are lower-case').toBe(k.toLowerCase());
          expect(d.envName).toMatch(/^[A-Z][A-Z0-9_]*$/);
        }
      });

      for (const d of rule.family.detectors) {
        it(`${d.name}: finds every positive sample, through the engine and its keyword prefilter`, () => {
          for (const sample of samplesOf(d).positive) {
            expect(d.keywords.some((k) => sample.toLowerCase().includes(k)), `a keyword of ${d.name} occurs in ${sample.slice(0, 12)}…`).toBe(true);
            const matches = matchDetector(d, sample);
            expect(matches.length, `${d.name} matches its positive sample`).toBeGreaterThan(0);
            const text = `config:\n  value: ${JSON.stringify(sample)}\n`;
            const result = analyzeText({ uri: 'file:///w/sample.yaml', path: 'sample.yaml', text }, { config, rules: [rule], validateFixes: false });
            expect(result.findings.map((f) => f.ruleId), `engine reports ${d.name}`).toContain(rule.id);
            for (const f of result.findings) for (const m of matches) expect(f.message).not.toContain(m.secret);
          }
        });

        it(`${d.name}: no detector of the family finds a negative sample`, () => {
          for (const sample of samplesOf(d).negative) {
            for (const other of rule.family.detectors) {
              expect(matchDetector(other, sample).map((m) => m.secret), `${other.name} on a negative of ${d.name}`).toEqual([]);
            }
          }
        });
      }
    });
  }
});

describe('matchDetector', () => {
  it('reports the secret group at its own offset even when the same text occurs earlier in the match', () => {
    const detector = {
      name: 'url-password',
      title: 'Password in a URL',
      keywords: ['amqp://'],
      pattern: /amqp:\/\/(?<user>[A-Za-z0-9]{1,20}):(?<secret>[A-Za-z0-9]{4,40})@/g,
      envName: 'AMQP_PASSWORD',
      allowRegular: true,
      samples: false as const,
    };
    const text = 'url = "amqp://qx7Tz9:qx7Tz9@broker.internal:5672"';
    const [match] = matchDetector(detector, text);
    expect(match.secret).toBe('qx7Tz9');
    expect(match.start).toBe(text.indexOf(':qx7Tz9@') + 1);
  });
});

describe('bundles', () => {
  it('carry no detector sample: samples are compiled out of dist/ (secret scanners would flag the extension)', async () => {
    const tools = await prepareBuiltTools('nhi-samples-');
    try {
      const bundles = ['server.js', 'cli.js'].map((f) => fs.readFileSync(path.join(tools.dir, 'dist', f), 'utf8'));
      const positives = families.flatMap((f) => f.family.detectors.flatMap((d) => samplesOf(d).positive));
      expect(positives.length).toBeGreaterThan(200);
      const shipped = positives.filter((p) => p.length >= 16 && bundles.some((b) => b.includes(p)));
      expect(shipped.map((p) => p.slice(0, 12) + '…')).toEqual([]);
    } finally {
      tools.dispose();
    }
  }, 120_000);
});

describe('generic rules and provider formats', () => {
  it('leave a value in a provider format to that provider, which may exempt it (Firebase web config keys are public)', () => {
    const firebase = [
      'const firebaseConfig = {',
      '  apiKey: "AIzaSyD3kq8Rr0ZnX2vB7mT5wQ9pL4cH6jN1fEs",',
      '  authDomain: "kestrel-web.firebaseapp.com",',
      '  projectId: "kestrel-web",',
      '  appId: "1:402391028113:web:8f3c0e3a1b2d4c5e6f7a8b",',
      '};',
      'const internal = { apiKey: "Qm9vK2xR7tZ4pW8sN1vC6yH3jD5fG0bL" };',
      '',
    ].join('\n');
    const result = analyzeText({ uri: 'file:///w/src/firebase.js', path: 'src/firebase.js', text: firebase }, { config, validateFixes: false });
    const lines = result.findings.map((f) => `${firebase.slice(0, f.range.start).split('\n').length}:${f.ruleId}`);
    expect(lines).toEqual(['7:secret/generic-secret']);
  });
});

describe('secrets in tests and fixtures', () => {
  const text = 'export const token = "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";\n';
  const run = (path: string, overrides: Record<string, unknown> = {}) =>
    analyzeText({ uri: `file:///w/${path}`, path, text }, { config: fromFlat(overrides), validateFixes: false }).findings.map((f) => `${f.ruleId}:${f.severity}`);

  it('are still reported, at the configured lower severity (default info)', () => {
    expect(run('src/github.ts')).toEqual(['secret/github-token:error']);
    expect(run('test/fixtures/github.ts')).toEqual(['secret/github-token:info']);
    expect(run('src/github.test.ts')).toEqual(['secret/github-token:info']);
    expect(run('src/github.test.ts', { 'secrets.testSeverity': 'warning' })).toEqual(['secret/github-token:warning']);
    expect(run('src/github.test.ts', { 'secrets.testSeverity': 'off' })).toEqual([]);
  });
});

describe('token formats checked against gitleaks, trufflehog and vendor documentation', () => {
  const secretsOf = (ruleId: string, text: string): string[] => {
    const rule = rules.find((r) => r.id === ruleId);
    if (!rule || !isSecretRule(rule)) throw new Error(`no secret rule ${ruleId}`);
    return rule.family.detectors.flatMap((d) => matchDetector(d, text).map((m) => m.secret));
  };
  const legacy = 'glpat-' + 'eepCCOLvq34ihorKVxiy';
  const routable = 'glpat-' + 'j5gHNjkUp59DWH2rMFnMvVLIdZHVeco8C_GxSU.01.ahrfscaan';

  it('GitLab: a token ending a sentence, or behind an instance prefix, is found whole; a longer routable head is not a legacy token', () => {
    expect(secretsOf('secret/gitlab-token', `Rotate ${legacy}.`)).toEqual([legacy]);
    expect(secretsOf('secret/gitlab-token', `Rotate ${routable}.`)).toEqual([routable]);
    expect(secretsOf('secret/gitlab-token', `GITLAB_TOKEN=acme-${legacy}`)).toEqual([legacy]);
    expect(secretsOf('secret/gitlab-token', `my${legacy}`)).toEqual([]);
    expect(secretsOf('secret/gitlab-token', `${legacy}.more`)).toEqual([]);
  });

  it('GitLab: runner tokens created with a registration token (glrtr-) are runner tokens too', () => {
    const runner = 'glrtr-' + 'APNBOlnqwf09ypor3Mqm';
    expect(secretsOf('secret/gitlab-token', `token = "${runner}"`)).toEqual([runner]);
  });

  it('OpenAI: a typed key without the T3BlbkFJ marker every issued key carries is not a key', () => {
    const marked = 'sk-proj-' + 'Wq8vN2rTb5Ks1LdX0mFj9HcPy3GuZaT3BlbkFJe7QnR4oVtS6wMk2YbXiDc';
    expect(secretsOf('secret/openai-api-key', marked)).toEqual([marked]);
    expect(secretsOf('secret/openai-api-key', marked.replace('T3BlbkFJ', 'Qp7LmX2z'))).toEqual([]);
  });

  it('Vercel: a prefixed token with _ and - in its body (base64url) is found whole', () => {
    const token = 'vcp_' + 'OuH3rjpe1oWkBHbat8sX_ZFKSpg5ciHqwDZH6Hz-FDWgjZlvA0ToDXdyr';
    expect(secretsOf('secret/vercel', `VERCEL_TOKEN=${token}`)).toEqual([token]);
  });
});

describe('Slack token shapes from gitleaks and trufflehog', () => {
  const slack = (text: string) => {
    const rule = rules.find((r) => r.id === 'secret/slack');
    if (!rule || !isSecretRule(rule)) throw new Error('no secret/slack');
    return rule.family.detectors.flatMap((d) => matchDetector(d, text).map((m) => `${d.name}:${m.secret.slice(0, 7)}`));
  };
  it('a user token written as xoxe- into a file URL, and a versioned refresh token, are found', () => {
    expect(slack('?t=xoxe-' + '973453216023-159932722244-8064525858318-d58cd44b275d2777230ed61d1db60761')).toEqual(['user-token:xoxe-97']);
    expect(slack('xoxr-2-' + '302143412669-211409413855-EnVqgVzfeVLLbVtGVs6zBaLgfIQN7gnMIpZuATCZ')).toEqual(['workspace-refresh-token:xoxr-2-']);
  });
});
