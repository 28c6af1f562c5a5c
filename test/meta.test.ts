/**
 * The registry is complete and every rule is documented and tested: unique,
 * well-formed ids; docs/rules/<id>.md with a title, a "why" and a "how to fix";
 * fixtures with at least one positive and one hard negative; no rule file left
 * out of rules/index.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRuleMeta, engineRules, ENGINE_RULE_IDS, rules } from '../rules';
import { docsPath, docsUrl, type Rule } from '../server/src/engine/rule';
import { loadFixtures, ROOT } from './support/fixtures';

const CATEGORIES = ['secret', 'privilege', 'ownership', 'credential'] as const;
const KEBAB = '[a-z0-9]+(?:-[a-z0-9]+)*';
const RULE_ID = new RegExp(`^(${CATEGORIES.join('|')})/(${KEBAB})$`);
const ENGINE_RULE_ID = new RegExp(`^nhi/(${KEBAB})$`);
const FACT_KINDS = ['assignment', 'policyStatement', 'taggedResource', 'credentialUse', 'identity', 'rbacRule', 'roleBinding', 'roleGrant', 'ciPermissions', 'text'];

const engineIds = new Set<string>(Object.values(ENGINE_RULE_IDS));

function isRule(value: unknown): value is Rule {
  return !!value && typeof value === 'object' && typeof (value as Rule).id === 'string' && typeof (value as Rule).check === 'function';
}

/** Rule source files: rules/<category>/*.ts; helpers are named _*.ts. */
function ruleFiles(): string[] {
  const out: string[] = [];
  for (const category of CATEGORIES) {
    const dir = path.join(ROOT, 'rules', category);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.startsWith('_') && fs.statSync(path.join(dir, name)).isFile()) out.push(path.join(dir, name));
    }
  }
  return out.sort();
}

describe('rule registry', () => {
  it('has rules, and ids are unique across rules and engine findings', () => {
    expect(rules.length).toBeGreaterThan(0);
    const ids = allRuleMeta().map((r) => r.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
  });

  it('engine findings are listed in allRuleMeta and use the nhi/ prefix', () => {
    for (const id of engineIds) {
      expect(allRuleMeta().map((r) => r.id)).toContain(id);
      expect(id).toMatch(ENGINE_RULE_ID);
    }
    for (const meta of engineRules) expect(engineIds.has(meta.id), meta.id).toBe(true);
  });
});

describe.each(allRuleMeta().map((r) => [r.id, r] as const))('%s', (id, meta) => {
  const isEngine = engineIds.has(id);

  it('has a well-formed id, category and metadata', () => {
    if (isEngine) {
      expect(id).toMatch(ENGINE_RULE_ID);
    } else {
      const m = RULE_ID.exec(id);
      expect(m, `${id} must be <category>/<kebab-name>`).not.toBeNull();
      expect(meta.category, 'category matches the id prefix').toBe(m![1]);
    }
    expect(CATEGORIES).toContain(meta.category);
    expect(['error', 'warning', 'info']).toContain(meta.severity);
    expect(meta.title.trim().length, 'title').toBeGreaterThan(10);
    expect(meta.title, 'title is one line').not.toMatch(/\n/);
    expect(meta.title.toUpperCase().startsWith('TODO'), 'title is not a placeholder').toBe(false);
    expect(meta.appliesTo.length, 'appliesTo').toBeGreaterThan(0);
    for (const input of meta.appliesTo) expect(FACT_KINDS).toContain(input);
    if (meta.keywords) {
      expect(meta.keywords.length).toBeGreaterThan(0);
      // The engine compares keywords against the lower-cased text.
      for (const k of meta.keywords) expect(k, 'keywords are lower case').toBe(k.toLowerCase());
    }
    expect(docsUrl(id)).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });

  it('is documented in docs/rules/<id>.md with a title, why and how to fix', () => {
    const file = path.join(ROOT, docsPath(id));
    expect(fs.existsSync(file), `${docsPath(id)} exists`).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    const firstLine = text.split('\n', 1)[0];
    expect(firstLine, 'starts with a "# <id>" title').toMatch(/^# /);
    expect(firstLine).toContain(id);
    expect(text, 'has a "why" section').toMatch(/^##+ .*\bwhy\b/im);
    expect(text, 'has a "how to fix" section').toMatch(/^##+ .*\bhow to fix\b/im);
    const prose = text.replace(/```[\s\S]*?```/g, '').replace(/^#.*$/gm, '').replace(/\s+/g, ' ').trim();
    expect(prose.length, 'docs have real content').toBeGreaterThan(400);
    expect(text, 'no placeholder section').not.toMatch(/^(?:TODO|TBD)\b|lorem ipsum/im);
  });

  if (!isEngine) {
    it('has fixtures with at least one nhi-expect and one nhi-ok', () => {
      const [category, name] = id.split('/');
      const dir = path.join(ROOT, 'rules', category, 'fixtures', name);
      expect(fs.existsSync(dir), `rules/${category}/fixtures/${name}/ exists`).toBe(true);
      const fixtures = loadFixtures(id);
      expect(fixtures.length).toBeGreaterThan(0);
      const annotations = fixtures.flatMap((f) => f.annotations.filter((a) => a.ruleId === id));
      expect(annotations.filter((a) => a.kind === 'expect').length, 'nhi-expect annotations').toBeGreaterThan(0);
      expect(annotations.filter((a) => a.kind === 'ok').length, 'nhi-ok annotations (hard negatives)').toBeGreaterThan(0);
    });

    it('annotations in its fixtures name registered rules', () => {
      const known = new Set(allRuleMeta().map((r) => r.id));
      for (const fx of loadFixtures(id)) {
        for (const a of fx.annotations) expect(known.has(a.ruleId), `${fx.relative}:${a.line + 1} names ${a.ruleId}`).toBe(true);
      }
    });
  }
});

describe('no orphan rule files', () => {
  const registered = new Set<Rule>(rules);
  const files = ruleFiles();

  it('finds the rule files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    it(`${relative} exports only registered rules of its folder`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = Object.values(mod).filter(isRule);
      expect(exported.length, `${relative} exports a rule (helpers belong in _name.ts)`).toBeGreaterThan(0);
      const folder = path.basename(path.dirname(file));
      for (const rule of exported) {
        expect(registered.has(rule), `${rule.id} from ${relative} is in rules/index.ts`).toBe(true);
        expect(rule.category, `${rule.id} lives in rules/${rule.category}/`).toBe(folder);
        expect(rule.id.startsWith(`${folder}/`)).toBe(true);
      }
    });
  }

  it('every registered rule comes from a file under rules/<category>/', async () => {
    const fromFiles = new Set<Rule>();
    for (const file of files) for (const v of Object.values((await import(file)) as Record<string, unknown>)) if (isRule(v)) fromFiles.add(v);
    for (const rule of rules) expect(fromFiles.has(rule), `${rule.id} is exported by a rule file`).toBe(true);
  });
});
