/**
 * Idle-time JIT warm-up (service/warm-up.ts): after a document's first analysis, while the
 * editor is quiet, keystrokes are typed into a private copy — never into the real document,
 * never while messages keep arriving, once per language.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { IdleWarmUp } from '../server/src/service/warm-up';
import { LanguageService } from '../server/src/service/language-service';
// @ts-expect-error plain JS module shared with the benchmark
import { largeKubernetesYaml, largeTypeScript } from '../bench/generate.mjs';

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Steps until the warm-up has nothing left; the number of steps that typed. */
function drain(warmUp: IdleWarmUp): number {
  let typed = 0;
  for (let guard = 0; warmUp.pending && guard < 1000; guard++) if (warmUp.step()) typed++;
  return typed;
}

describe('idle warm-up', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('types only while the editor is quiet, then the planned keystrokes into a copy, once per language', () => {
    const time = clock();
    const logs: string[] = [];
    const typed: { text: string; diagnostics: number }[] = [];
    const warmUp = new IdleWarmUp({ idleMs: 250, keystrokes: 12, now: time.now, log: (m) => logs.push(m), onTyped: (t, diagnostics) => typed.push({ text: t, diagnostics }) });
    const text = largeKubernetesYaml(400) as string;
    const doc = TextDocument.create('file:///w/deploy/cluster.yaml', 'yaml', 7, text);
    const config = defaultConfig();
    warmUp.analysed(doc, config);
    expect(warmUp.pending).toBe(true);
    // The editor was just heard from: nothing is typed.
    warmUp.activity();
    time.advance(100);
    expect(warmUp.step()).toBe(false);
    time.advance(200);
    // Quiet for 300 ms: the first analysis of the copy, then one keystroke per step.
    expect(warmUp.step()).toBe(true);
    expect(warmUp.step()).toBe(true);
    // A message arrives: the warm-up waits again.
    warmUp.activity();
    expect(warmUp.step()).toBe(false);
    time.advance(300);
    // 13 analyses in all (the copy as opened, then 12 keystrokes), 2 of them done above.
    expect(drain(warmUp)).toBe(11);
    expect(warmUp.pending).toBe(false);
    // Each analysis saw the copy one keystroke further — a three-letter word typed at a line
    // end, then deleted — with the manifest's findings.
    expect(typed.map((t) => t.text.length - text.length)).toEqual([0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0]);
    expect(typed[0].text).toBe(text);
    expect(typed[6].text).toBe(text);
    expect(typed[12].text).toBe(text);
    expect(typed[3].text).not.toBe(typed[9].text);
    expect(typed.every((t) => t.diagnostics > 0)).toBe(true);
    expect(logs).toEqual(['Warm-up for yaml: 12 keystrokes typed into a private copy.']);
    // The real document is untouched.
    expect(doc.getText()).toBe(text);
    expect(doc.version).toBe(7);
    // Once per language: another YAML file plans nothing; a TypeScript one does.
    warmUp.analysed(TextDocument.create('file:///w/other.yaml', 'yaml', 1, 'kind: ServiceAccount\n'), config);
    expect(warmUp.pending).toBe(false);
    warmUp.analysed(TextDocument.create('file:///w/src/handlers.ts', 'typescript', 1, largeTypeScript(200)), config);
    expect(warmUp.pending).toBe(true);
    expect(drain(warmUp)).toBe(13);
    expect(logs).toHaveLength(2);
    warmUp.dispose();
  });

  it('analyses the copy at every step when nobody watches (as in the server)', () => {
    const original = LanguageService.prototype.analyze;
    const versions: number[] = [];
    const analyse = vi.spyOn(LanguageService.prototype, 'analyze').mockImplementation(function (this: LanguageService, doc, config) {
      versions.push(doc.version);
      return original.call(this, doc, config);
    });
    try {
      const warmUp = new IdleWarmUp({ idleMs: 0, keystrokes: 6 });
      warmUp.analysed(TextDocument.create('file:///w/deploy/cluster.yaml', 'yaml', 1, largeKubernetesYaml(200)), defaultConfig());
      expect(drain(warmUp)).toBe(7);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      analyse.mockRestore();
    }
  });

  it('stops on dispose (server shutdown) and closes its private copy', () => {
    const close = vi.spyOn(LanguageService.prototype, 'close');
    const typed: string[] = [];
    try {
      const warmUp = new IdleWarmUp({ idleMs: 0, keystrokes: 50, onTyped: (t) => typed.push(t) });
      warmUp.analysed(TextDocument.create('file:///w/deploy/cluster.yaml', 'yaml', 1, largeKubernetesYaml(200)), defaultConfig());
      expect(warmUp.step()).toBe(true);
      expect(warmUp.step()).toBe(true);
      warmUp.dispose();
      expect(warmUp.pending).toBe(false);
      expect(warmUp.step()).toBe(false);
      expect(typed).toHaveLength(2);
      expect(close).toHaveBeenCalledWith('file:///w/deploy/cluster.yaml');
    } finally {
      close.mockRestore();
    }
  });

  it('plans nothing for Terraform (a module reads its sibling files)', () => {
    const warmUp = new IdleWarmUp({ idleMs: 0, keystrokes: 5 });
    warmUp.analysed(TextDocument.create('file:///w/main.tf', 'terraform', 1, 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n'), defaultConfig());
    expect(warmUp.pending).toBe(false);
    warmUp.dispose();
  });

  it('copies only the first lines of a large document, whole lines', () => {
    const typed: string[] = [];
    const warmUp = new IdleWarmUp({ idleMs: 0, keystrokes: 3, copyChars: 10_000, onTyped: (t) => typed.push(t) });
    const text = largeKubernetesYaml(3000) as string;
    warmUp.analysed(TextDocument.create('file:///w/big.yaml', 'yaml', 1, text), defaultConfig());
    expect(drain(warmUp)).toBe(4);
    expect(typed[0].length).toBeLessThanOrEqual(10_000);
    expect(typed[0].length).toBeGreaterThan(9_000);
    expect(text.startsWith(typed[0])).toBe(true);
    expect(typed[0].endsWith('\n')).toBe(true);
    warmUp.dispose();
  });
});
