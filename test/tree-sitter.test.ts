import { beforeAll, describe, expect, it } from 'vitest';
import { GRAMMARS, grammarFailures, initTreeSitter, isLoaded, parseWith } from '../server/src/engine/documents/tree-sitter';

const SAMPLES: Record<string, string> = {
  typescript: 'const token: string = "abc";\n',
  tsx: 'const el = <div title="x" />;\n',
  javascript: 'const token = "abc";\n',
  python: 'token = "abc"\n',
  go: 'package main\nvar token = "abc"\n',
  java: 'class A { String token = "abc"; }\n',
  c_sharp: 'class A { string token = "abc"; }\n',
  ruby: 'token = "abc"\n',
  php: '<?php $token = "abc";\n',
  bash: 'export TOKEN="abc"\n',
  toml: 'token = "abc"\n',
  hcl: 'resource "aws_iam_role" "r" {\n  name = "abc"\n}\n',
};

describe('tree-sitter grammars (pinned web-tree-sitter 0.25.10 + tree-sitter-wasms 0.1.13 + tree-sitter-hcl 1.2.0)', () => {
  beforeAll(async () => {
    await initTreeSitter();
  });

  for (const name of GRAMMARS) {
    it(`loads and parses ${name}`, () => {
      expect(grammarFailures().get(name)).toBeUndefined();
      expect(isLoaded(name)).toBe(true);
      const tree = parseWith(name, SAMPLES[name]);
      expect(tree).toBeDefined();
      expect(tree!.rootNode.hasError).toBe(false);
      expect(tree!.rootNode.descendantCount).toBeGreaterThan(3);
      tree!.delete();
    });
  }

  it('reports offsets in UTF-16 code units, matching JavaScript string indices', () => {
    const text = 'const name = "ü🙂";\nconst token = "abc";\n';
    const tree = parseWith('typescript', text)!;
    const strings = tree.rootNode.descendantsOfType('string');
    const last = strings[strings.length - 1]!;
    expect(text.slice(last.startIndex, last.endIndex)).toBe('"abc"');
    tree.delete();
  });
});

describe('loading grammars on demand', () => {
  it('loads grammars requested by concurrent callers one at a time, without mixing them up', async () => {
    await Promise.all([initTreeSitter(['hcl', 'python']), initTreeSitter(['go']), initTreeSitter(['python', 'ruby'])]);
    for (const name of ['hcl', 'python', 'go', 'ruby'] as const) {
      expect(grammarFailures().get(name)).toBeUndefined();
      const tree = parseWith(name, SAMPLES[name])!;
      expect(tree.rootNode.hasError).toBe(false);
      tree.delete();
    }
  });
});
