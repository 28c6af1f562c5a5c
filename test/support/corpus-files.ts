/**
 * Every file of both corpora and of the fixtures, for tests that check a text gate or
 * prefilter is sound over all realistic input we have.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { disposeDocument, parseDocument } from '../../server/src/engine/documents/parse';
import { extractors } from '../../server/src/engine/extract';
import type { AssignmentFact } from '../../server/src/engine/model';
import { buildCorpus } from '../corpus/secrets/generate';
import { generateIdentityCorpus } from '../corpus/identity/generate';
import { ROOT } from './fixtures';

export interface TextFile {
  path: string;
  text: string;
}

/** Corpus files and the files under the given fixture folders (relative to the project root) whose path `keep` accepts. */
export function corpusAndFixtureFiles(keep: (file: string) => boolean, fixtureRoots: string[] = ['test/fixtures']): TextFile[] {
  const out: TextFile[] = [...buildCorpus().files, ...generateIdentityCorpus().files].filter((f) => keep(f.path));
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (keep(e.name)) out.push({ path: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  for (const root of fixtureRoots) walk(path.join(ROOT, root));
  return out;
}

/** The assignment facts every applicable extractor yields for a file (parsed whole, generous budget). */
export function assignmentFactsOf(file: TextFile): AssignmentFact[] {
  const doc = parseDocument({ uri: `file:///w/${file.path}`, path: file.path, text: file.text }, 60_000);
  try {
    const facts: AssignmentFact[] = [];
    for (const x of extractors) {
      if (!x.produces.includes('assignment') || !x.applies(doc)) continue;
      for (const f of x.extract(doc)) if (f.kind === 'assignment') facts.push(f);
    }
    return facts;
  } finally {
    disposeDocument(doc);
  }
}
