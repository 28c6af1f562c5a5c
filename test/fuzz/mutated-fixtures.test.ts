/**
 * Property: whatever damage is done to a real file, analysis answers — no throw,
 * no hang, ranges inside the text, readable notes, no secret echoed. The inputs
 * are the rule fixtures (every parser and extractor has some), mutated at the
 * byte level and decoded the way the workspace walker decodes files.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../server/src/engine/analyze';
import { decode } from '../../server/src/engine/workspace';
import { analyzeChecked, familyOf, fixtureCorpus, printSummary, tally, type CorpusFile, type Family } from './harness';
import { applyMutation, describeMutation, mutationArb } from './mutations';

const corpus = fixtureCorpus();
const allBytes = corpus.map((f) => f.bytes);
const t = tally('mutated fixtures');

beforeAll(async () => {
  await initEngine();
});

afterAll(() => printSummary(t));

/** The text an analysis sees: the walker's decoding, or (binary by its rules) what an editor would still hold. */
function textOf(bytes: Buffer): string {
  return decode(bytes)?.text ?? bytes.toString('utf8');
}

/** Runs per family: enough to hit every file's parser a few times, within the suite's time share. */
const FAMILIES: [Family, number][] = [
  ['yaml', 180],
  ['json', 160],
  ['hcl', 120],
  ['toml', 40],
  ['key-value', 120],
  ['dockerfile', 30],
  ['source', 200],
  ['other', 50],
];

describe('mutated fixture files', () => {
  it('the corpus covers every format family', () => {
    for (const [family] of FAMILIES) expect(corpus.filter((f) => familyOf(f.path) === family).length, family).toBeGreaterThan(0);
  });

  FAMILIES.forEach(([family, numRuns], i) => {
    const files: CorpusFile[] = corpus.filter((f) => familyOf(f.path) === family);
    it(`${family}: ${files.length} files, ${numRuns} mutated inputs`, () => {
      fc.assert(
        fc.property(fc.nat({ max: files.length - 1 }), fc.array(mutationArb(allBytes.length), { minLength: 1, maxLength: 4 }), (index, mutations) => {
          const file = files[index];
          let bytes = file.bytes;
          for (const m of mutations) bytes = applyMutation(bytes, m, allBytes);
          const text = textOf(bytes);
          try {
            analyzeChecked(t, file.path, text);
          } catch (err) {
            // Name the input so a failure can be replayed without the seed.
            throw new Error(`${file.path} after ${mutations.map(describeMutation).join(', ')}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }),
        { seed: 0x5eed + i, numRuns },
      );
    });
  });

  it('decode() never throws on random bytes and keeps the text a string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const decoded = decode(Buffer.from(bytes));
        if (decoded) {
          expect(typeof decoded.text).toBe('string');
          for (const n of decoded.notes) expect(n.message.length).toBeLessThan(200);
        }
      }),
      { seed: 0xdec0de, numRuns: 500 },
    );
  });
});
