import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { isExpired, isValidDate } from '../server/src/engine/suppress';
import type { Finding } from '../server/src/engine/model';
import type { Rule } from '../server/src/engine/rule';

/** Flags every occurrence of a marker word; one rule per category we need. */
function markerRule(id: string, marker: string): Rule {
  return {
    id,
    category: id.split('/')[0] as Rule['category'],
    severity: 'error',
    title: `test rule flagging ${marker}`,
    appliesTo: ['text'],
    check: (ctx) => {
      const out = [];
      for (let i = ctx.document.text.indexOf(marker); i >= 0; i = ctx.document.text.indexOf(marker, i + 1)) {
        out.push({ message: `${marker} found`, range: { start: i, end: i + marker.length } });
      }
      return out;
    },
  };
}

const SECRET = markerRule('secret/test-token', 'TOKEN_VALUE');
const PRIVILEGE = markerRule('privilege/test-wildcard', 'WILDCARD');
const TODAY = '2026-11-26';

function run(path: string, text: string, today = TODAY): Finding[] {
  return analyzeText(
    { uri: `file:///w/${path}`, path, text },
    { config: defaultConfig(), rules: [SECRET, PRIVILEGE], today, keepSuppressed: true, validateFixes: false },
  ).findings;
}

function visible(findings: Finding[], ruleId?: string): Finding[] {
  return findings.filter((f) => !f.suppressed && (ruleId === undefined || f.ruleId === ruleId));
}

beforeAll(async () => {
  await initEngine();
});

describe('nhi-ignore in every comment syntax', () => {
  const cases: [string, string, string][] = [
    // [file, same-line form, line-above form]
    ['app.py', 'key = "TOKEN_VALUE"  # nhi-ignore secret/test-token reason="rotated test key"', '# nhi-ignore secret/test-token reason="rotated test key"\nkey = "TOKEN_VALUE"'],
    ['app.ts', 'const key = "TOKEN_VALUE"; // nhi-ignore secret/test-token reason="fixture"', '// nhi-ignore secret/test-token reason="fixture"\nconst key = "TOKEN_VALUE";'],
    ['query.sql', "SELECT 'TOKEN_VALUE'; -- nhi-ignore secret/test-token reason=\"fixture\"", "-- nhi-ignore secret/test-token reason=\"fixture\"\nSELECT 'TOKEN_VALUE';"],
    ['Main.java', 'String key = "TOKEN_VALUE"; /* nhi-ignore secret/test-token reason="fixture" */', '/* nhi-ignore secret/test-token reason="fixture" */\nString key = "TOKEN_VALUE";'],
    ['web.xml', '<key>TOKEN_VALUE</key> <!-- nhi-ignore secret/test-token reason="fixture" -->', '<!-- nhi-ignore secret/test-token reason="fixture" -->\n<key>TOKEN_VALUE</key>'],
    ['settings.ini', 'key = TOKEN_VALUE', '; nhi-ignore secret/test-token reason="fixture"\nkey = TOKEN_VALUE'],
  ];

  for (const [file, sameLine, lineAbove] of cases) {
    it(`${file}: unsuppressed, on the same line, and on the line above`, () => {
      const plain = run(file, `first line\n${lineAbove.split('\n').pop()}\n`);
      expect(visible(plain, SECRET.id)).toHaveLength(1);
      if (file !== 'settings.ini') {
        const same = run(file, `first line\n${sameLine}\n`);
        expect(visible(same, SECRET.id)).toEqual([]);
        expect(same.find((f) => f.ruleId === SECRET.id)?.suppressed?.reason).toMatch(/rotated test key|fixture/);
      }
      const above = run(file, `first line\n${lineAbove}\n`);
      expect(visible(above, SECRET.id)).toEqual([]);
    });
  }

  it('records the reason and date on the suppressed finding', () => {
    const f = run('a.py', 'x = 1\n# nhi-ignore secret/test-token reason="test fixture, not a key" until=2027-01-31\nkey = "TOKEN_VALUE"\n');
    expect(f).toHaveLength(1);
    expect(f[0].suppressed).toEqual({ reason: 'test fixture, not a key', until: '2027-01-31' });
  });

  it('a suppression without a reason still applies, with reason "(none)"', () => {
    const f = run('a.py', 'key = "TOKEN_VALUE"  # nhi-ignore secret/test-token\n');
    expect(f[0].suppressed?.reason).toBe('(none)');
  });

  it('only the named rule is suppressed', () => {
    const f = run('a.py', '# nhi-ignore privilege/test-wildcard reason="x"\nkey = "TOKEN_VALUE WILDCARD"\n');
    expect(visible(f).map((x) => x.ruleId)).toEqual([SECRET.id]);
  });

  it('several rule ids separated by commas', () => {
    const f = run('a.py', '# nhi-ignore secret/test-token,privilege/test-wildcard reason="x"\nkey = "TOKEN_VALUE WILDCARD"\n');
    expect(visible(f)).toEqual([]);
  });

  it('category wildcard secret/* suppresses secret rules only', () => {
    const f = run('a.py', '# nhi-ignore secret/* reason="sample data"\nkey = "TOKEN_VALUE WILDCARD"\n');
    expect(visible(f).map((x) => x.ruleId)).toEqual([PRIVILEGE.id]);
  });

  it('* suppresses every rule', () => {
    const f = run('a.py', '# nhi-ignore * reason="generated file"\nkey = "TOKEN_VALUE WILDCARD"\n');
    expect(visible(f)).toEqual([]);
  });

  it('a suppression two lines above does not apply', () => {
    const f = run('a.py', '# nhi-ignore secret/test-token reason="x"\n\nkey = "TOKEN_VALUE"\n');
    expect(visible(f, SECRET.id)).toHaveLength(1);
  });

  it('a suppression trailing code on the line above does not apply to the next line', () => {
    const f = run('a.py', 'a = "TOKEN_VALUE"  # nhi-ignore secret/test-token reason="x"\nb = "TOKEN_VALUE"\n');
    expect(visible(f, SECRET.id)).toHaveLength(1);
    expect(f.filter((x) => x.suppressed)).toHaveLength(1);
  });

  it('works with CRLF line endings', () => {
    const f = run('a.py', 'x = 1\r\n# nhi-ignore secret/test-token reason="x"\r\nkey = "TOKEN_VALUE"\r\nother = "TOKEN_VALUE"\r\n');
    expect(visible(f, SECRET.id)).toHaveLength(1);
  });

  it('suppressed findings are dropped unless keepSuppressed is set', () => {
    const result = analyzeText(
      { uri: 'file:///w/a.py', path: 'a.py', text: 'key = "TOKEN_VALUE"  # nhi-ignore secret/test-token reason="x"\n' },
      { config: defaultConfig(), rules: [SECRET], today: TODAY },
    );
    expect(result.findings).toEqual([]);
  });
});

describe('until= expiry', () => {
  const text = (until: string) => `x = 1\n# nhi-ignore secret/test-token reason="rotating" until=${until}\nkey = "TOKEN_VALUE"\n`;

  it('a future date suppresses', () => {
    const f = run('a.py', text('2026-12-31'));
    expect(visible(f)).toEqual([]);
  });

  it('the until day itself still suppresses', () => {
    expect(visible(run('a.py', text(TODAY)))).toEqual([]);
  });

  it('a past date does not suppress and is reported as nhi/expired-suppression', () => {
    const f = visible(run('a.py', text('2026-11-25')));
    expect(f.map((x) => x.ruleId).sort()).toEqual(['nhi/expired-suppression', SECRET.id]);
    const expired = f.find((x) => x.ruleId === 'nhi/expired-suppression')!;
    expect(expired.severity).toBe('warning');
    expect(expired.message).toContain('2026-11-25');
    expect(expired.message).toContain(SECRET.id);
    // The finding points at the suppression comment.
    const src = text('2026-11-25');
    expect(src.slice(expired.range.start, expired.range.end)).toMatch(/^nhi-ignore secret\/test-token reason="rotating" until=2026-11-25$/);
    expect(expired.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the expired-suppression finding honours the per-rule setting', () => {
    const config = defaultConfig();
    config.rules['nhi/expired-suppression'] = 'off';
    const off = analyzeText({ uri: 'file:///w/a.py', path: 'a.py', text: text('2020-01-01') }, { config, rules: [SECRET], today: TODAY });
    expect(off.findings.map((f) => f.ruleId)).toEqual([SECRET.id]);
    config.rules['nhi/expired-suppression'] = 'error';
    const err = analyzeText({ uri: 'file:///w/a.py', path: 'a.py', text: text('2020-01-01') }, { config, rules: [SECRET], today: TODAY });
    expect(err.findings.find((f) => f.ruleId === 'nhi/expired-suppression')?.severity).toBe('error');
  });

  it.each(['2026-13-01', '2026-02-30', '26-01-01', 'tomorrow', '2027/01/01', '""'])('a malformed date (%s) does not suppress and is reported', (until) => {
    const f = visible(run('a.py', text(until)));
    expect(f.map((x) => x.ruleId).sort()).toEqual(['nhi/expired-suppression', SECRET.id]);
    expect(f.find((x) => x.ruleId === 'nhi/expired-suppression')!.message).toMatch(/unreadable until= date/);
  });

  it('a date closed by the comment terminator is read without it', () => {
    const f = run('page.html', '<!-- nhi-ignore secret/test-token reason="demo" until=2027-01-01-->\n<p>TOKEN_VALUE</p>\n');
    expect(visible(f)).toEqual([]);
    expect(f[0].suppressed?.until).toBe('2027-01-01');
  });

  it('isValidDate and isExpired', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2026-00-10')).toBe(false);
    expect(isExpired(undefined, TODAY)).toBe(false);
    expect(isExpired('2026-11-27', TODAY)).toBe(false);
    expect(isExpired('2026-11-26', TODAY)).toBe(false);
    expect(isExpired('2026-11-25', TODAY)).toBe(true);
    expect(isExpired('someday', TODAY)).toBe(true);
  });
});

describe('foreign suppression syntaxes apply to secret rules only', () => {
  for (const marker of ['gitleaks:allow', 'pragma: allowlist secret']) {
    it(marker, () => {
      const f = run('a.py', `key = "TOKEN_VALUE WILDCARD"  # ${marker}\n`);
      expect(visible(f).map((x) => x.ruleId)).toEqual([PRIVILEGE.id]);
      expect(f.find((x) => x.ruleId === SECRET.id)?.suppressed?.reason).toBe(marker);
    });

    it(`${marker} on the line above does not apply (the tools it comes from check the line itself)`, () => {
      const f = run('a.py', `# ${marker}\nkey = "TOKEN_VALUE"\n`);
      expect(visible(f, SECRET.id)).toHaveLength(1);
    });
  }
});
