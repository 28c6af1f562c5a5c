/**
 * The generic fixture driver: every rule's fixtures are analysed and each
 * `nhi-expect` must be flagged on its line, each `nhi-ok` must not, and no
 * other finding of that rule may appear. `.fixed` files must equal the text
 * after the preferred fixes, and re-analysing that text must not flag again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { rules } from '../rules';
import { applyEdits, FIXTURE_ROOT_URI, fixtureProject, loadFixtures } from './support/fixtures';

beforeAll(async () => {
  await initEngine();
});

// Opt-in rules run too, at their default severity, so their fixtures are checked like any other.
const config = { ...defaultConfig(), rules: Object.fromEntries(rules.filter((r) => r.defaultOff).map((r) => [r.id, r.severity])) };
const TODAY = '2026-01-01';

for (const rule of rules) {
  const fixtures = loadFixtures(rule.id);
  const project = fixtureProject(rule.id);
  describe(rule.id, () => {
    for (const fx of fixtures) {
      it(`${fx.relative}`, () => {
        const uri = `${FIXTURE_ROOT_URI}/${fx.relative}`;
        const result = analyzeText({ uri, path: fx.relative, text: fx.text }, { config, today: TODAY, workspaceRoot: FIXTURE_ROOT_URI, project });
        const lineOf = (offset: number) => {
          let line = 0;
          for (let i = 0; i < offset && i < fx.text.length; i++) if (fx.text[i] === '\n') line++;
          return line;
        };
        const mine = result.findings.filter((f) => f.ruleId === rule.id);
        const got = mine.map((f) => `${lineOf(f.range.start) + 1}:${f.ruleId}`).sort();
        const expected = fx.annotations
          .filter((a) => a.kind === 'expect' && a.ruleId === rule.id)
          .map((a) => `${a.line + 1}:${a.ruleId}`)
          .sort();
        expect(got, `findings of ${rule.id} in ${fx.relative} (line:rule)`).toEqual(expected);
        for (const ok of fx.annotations.filter((a) => a.kind === 'ok')) {
          const flagged = result.findings.filter((f) => f.ruleId === ok.ruleId && lineOf(f.range.start) === ok.line);
          expect(flagged, `nhi-ok line ${ok.line + 1} must not be flagged by ${ok.ruleId}`).toEqual([]);
        }
        if (fx.fixed !== undefined) {
          const edits = mine
            .map((f) => f.fixes.find((x) => x.preferred) ?? f.fixes[0])
            .filter((x) => x !== undefined)
            .flatMap((x) => x.edits.filter((e) => e.uri === uri));
          const fixedText = applyEdits(fx.text, edits);
          expect(fixedText).toBe(fx.fixed);
          const again = analyzeText({ uri, path: fx.relative, text: fixedText }, { config, today: TODAY, workspaceRoot: FIXTURE_ROOT_URI, project });
          const stillFixable = again.findings.filter((f) => f.ruleId === rule.id && f.fixes.some((x) => x.kind !== 'suppress'));
          expect(stillFixable.map((f) => f.message), 'a fixed file has nothing left to fix for this rule').toEqual([]);
        }
      });
    }
  });
}
