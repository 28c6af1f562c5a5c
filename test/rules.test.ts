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
/** Rules whose fixes create a new identity (see the no-new-finding check below). */
const CREATES_IDENTITIES = new Set(['credential/k8s-static-cloud-keys', 'credential/aws-iam-access-key']);

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
            .flatMap((x) => x.edits.filter((e) => e.uri === uri))
            // Fixes of one file may share an edit (the OIDC provider two key replacements both need): applied once, as `nhi fix` does.
            .filter((e, i, all) => all.findIndex((o) => o.range.start === e.range.start && o.range.end === e.range.end && o.newText === e.newText) === i);
          const fixedText = applyEdits(fx.text, edits);
          expect(fixedText).toBe(fx.fixed);
          const again = analyzeText({ uri, path: fx.relative, text: fixedText }, { config, today: TODAY, workspaceRoot: FIXTURE_ROOT_URI, project });
          const stillFixable = again.findings.filter((f) => f.ruleId === rule.id && f.fixes.some((x) => x.kind !== 'suppress'));
          expect(stillFixable.map((f) => f.message), 'a fixed file has nothing left to fix for this rule').toEqual([]);
          // No new finding of any rule: each finding of the fixed text must have been there before. Lines move
          // and a fix rewrites the line a finding sits on, so "there before" is any of: the same fingerprint
          // (rule + normalised context, stable when lines move), the same rule on a line with the same text,
          // or the same rule with the same message (messages name the resource or masked value, not the line).
          const lineText = (text: string, offset: number) => text.slice(text.lastIndexOf('\n', offset - 1) + 1, (text.indexOf('\n', offset) + 1 || text.length + 1) - 1).trim();
          const keys = (f: (typeof result.findings)[number], text: string) => [f.fingerprint, `${f.ruleId}\u0000${lineText(text, f.range.start)}`, `${f.ruleId}\u0000${f.message}`];
          const before = new Set(result.findings.flatMap((f) => keys(f, fx.text)));
          // Where the fixes' new text sits in the fixed text.
          const written: { start: number; end: number }[] = [];
          let shift = 0;
          for (const e of [...edits].sort((a, b) => a.range.start - b.range.start)) {
            written.push({ start: e.range.start + shift, end: e.range.start + shift + e.newText.length });
            shift += e.newText.length - (e.range.end - e.range.start);
          }
          const added = again.findings
            .filter((f) => !keys(f, fixedText).some((k) => before.has(k)))
            // Exception: workload-identity fixes create identities — a ServiceAccount for a pod that had none
            // (k8s-static-cloud-keys/workloads.yaml), a role for an access key's user (aws-iam-access-key/ci-user.tf).
            // A new identity gets the tags the workspace gives it (the user's tags, CODEOWNERS, owner.default);
            // what it then lacks (an owner for a user declared elsewhere, the opt-in lifecycle tags the user lacked
            // too) is reported on it, with its own owner-tag fix. Only findings inside text the fixes wrote qualify.
            .filter((f) => !(CREATES_IDENTITIES.has(rule.id) && f.ruleId.startsWith('ownership/') && written.some((w) => w.start <= f.range.start && f.range.start < w.end)))
            .map((f) => `${f.ruleId}: ${lineText(fixedText, f.range.start)}`);
          expect(added, 'the preferred fixes add no finding of any rule').toEqual([]);
        }
      });
    }
  });
}
