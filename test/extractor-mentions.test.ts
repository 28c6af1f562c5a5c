/**
 * Text prefilters before parsing configuration. Extractors' (`Extractor.mentions`): a
 * configuration or IaC file none of whose extractors finds its words is not parsed at all.
 * The prefilters must be sound — a necessary condition for any fact — so every fixture and
 * corpus file must analyse to the same findings, identities and links with them as without
 * them. The AWS secret-key rule's (`mayHoldSecretKeyText`) must pass every file with an
 * assignment shaped like a secret access key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocument, initEngine, type AnalyzeOptions } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { disposeDocument, isParsed, parseDocument } from '../server/src/engine/documents/parse';
import type { AnalysisResult } from '../server/src/engine/model';
import { assignmentFactsOf, corpusAndFixtureFiles, type TextFile } from './support/corpus-files';
import { looksLikeSecretAccessKey, mayHoldSecretKeyText } from '../rules/secret/aws-access-key-id';
// @ts-expect-error plain JS module shared with the benchmark
import { serviceFiles } from '../bench/generate.mjs';

const SOURCE_OR_SIDECAR = /\.(?:[cm]?[jt]sx?|py|go|java|cs|rb|php|expect\.json|md)$/;

/** Configuration and IaC files of both corpora, the fixtures and 60 bench services (source code has its own gates). */
function configFiles(): TextFile[] {
  const bench: TextFile[] = [];
  for (const [group, services] of [[0, 50], [1, 10]]) {
    for (let i = 0; i < services; i++) for (const [file, text] of serviceFiles(group, i) as [string, string][]) bench.push({ path: file.replace(/^.*\.\.\//, ''), text });
  }
  const isConfig = (file: string) => !SOURCE_OR_SIDECAR.test(file);
  return [...corpusAndFixtureFiles(isConfig, ['test/fixtures', 'rules']), ...bench.filter((f) => isConfig(f.path))];
}

/** What an analysis says, without the parse notes (an unparsed file has none to give). */
function outcome(result: AnalysisResult): unknown {
  return {
    findings: result.findings.map((f) => [f.ruleId, f.range.start, f.range.end, f.severity, f.fingerprint, f.message]),
    identities: result.identities,
    links: result.links,
    otherNotes: result.notes.filter((n) => n.kind !== 'parse-error').map((n) => n.kind),
  };
}

function analyse(file: { path: string; text: string }, extractorPrefilters: boolean): AnalysisResult & { parsed: boolean } {
  const options: AnalyzeOptions = { config: { ...defaultConfig(), timeBudgetMs: 60_000 }, fixes: false, extractorPrefilters };
  const doc = parseDocument({ uri: `file:///w/${file.path}`, path: file.path, text: file.text }, 60_000);
  try {
    return { ...analyzeDocument(doc, options), parsed: isParsed(doc) };
  } finally {
    disposeDocument(doc);
  }
}

/** Analyses a text and says whether it was parsed. */
function parsedWhenAnalysed(filePath: string, text: string): boolean {
  const doc = parseDocument({ uri: `file:///w/${filePath}`, path: filePath, text });
  try {
    analyzeDocument(doc, { config: defaultConfig(), fixes: false });
    return isParsed(doc);
  } finally {
    disposeDocument(doc);
  }
}

describe('extractor prefilters', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('change nothing an analysis reports, over every configuration and IaC file of the fixtures and corpora', () => {
    const files = configFiles();
    expect(files.length).toBeGreaterThan(500);
    const differ: string[] = [];
    let skipped = 0;
    for (const file of files) {
      const fast = analyse(file, true);
      const full = analyse(file, false);
      if (JSON.stringify(outcome(fast)) !== JSON.stringify(outcome(full))) differ.push(file.path);
      if (!fast.parsed && full.parsed) skipped++;
    }
    expect(differ).toEqual([]);
    // The comparison means something only if the prefilters did skip work somewhere.
    expect(skipped).toBeGreaterThan(100);
  });

  it('leave manifests and modules without identity-bearing content unparsed', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n      targetPort: 8080\n';
    expect(parsedWhenAnalysed('k8s/service.yaml', service)).toBe(false);
    const bucket = 'resource "aws_s3_bucket" "artifacts" {\n  bucket = var.bucket_name\n}\n\nvariable "region" {\n  default = "eu-west-1"\n}\n';
    expect(parsedWhenAnalysed('infra/main.tf', bucket)).toBe(false);
    const catalog = '{\n  "name": "api",\n  "version": "1.5.0",\n  "settings": { "retries": 3, "endpoints": ["https://a.example.com/api"] }\n}\n';
    expect(parsedWhenAnalysed('config/app.json', catalog)).toBe(false);
  });

  it('parse what does carry identities or links', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
    expect(parsedWhenAnalysed('k8s/deployment.yaml', deployment)).toBe(true);
    const role = 'resource "aws_iam_role" "api" {\n  name = "api"\n  assume_role_policy = "{}"\n}\n';
    expect(parsedWhenAnalysed('infra/iam.tf', role)).toBe(true);
  });

  it('do not trust words a quoted string can spell in escapes or split across lines', () => {
    // JSON \u escapes and YAML's escaped line break both spell "ServiceAccount" without the word in the text.
    const json = '{\n  "apiVersion": "v1",\n  "kind": "\\u0053erviceAccount",\n  "metadata": { "name": "deployer" }\n}\n';
    const yaml = 'apiVersion: v1\nkind: "Service\\\n  Account"\nmetadata:\n  name: deployer\n';
    for (const [file, text] of [['k8s/sa.json', json], ['k8s/sa.yaml', yaml]]) {
      expect(text).not.toContain('ServiceAccount');
      const result = analyse({ path: file, text }, true);
      expect(result.identities.map((i) => i.name)).toContain('deployer');
    }
  });
});

describe("the AWS secret-key rule's configuration gate", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('passes every configuration file with a value shaped like a secret access key', () => {
    let shaped = 0;
    const missed: string[] = [];
    for (const file of configFiles()) {
      for (const f of assignmentFactsOf(file)) {
        if (!looksLikeSecretAccessKey(f.value)) continue;
        shaped++;
        if (!mayHoldSecretKeyText(file.text)) missed.push(file.path);
      }
    }
    expect(shaped).toBeGreaterThan(20);
    expect(missed).toEqual([]);
  });

  it('keeps a catalog of hex ids (the keyword `acca`) unparsed, and passes escaped or split values', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `{"id":${i},"sku":"api-${(0xacca0000 + i * 7919).toString(16)}e14a2a","price":${i}.5}`);
    const catalog = `{"generated":true,"rows":[${rows.join(',')}]}\n`;
    expect(catalog.toLowerCase()).toContain('acca');
    expect(parsedWhenAnalysed('config/catalog.json', catalog)).toBe(false);
    // A JSON `\/` escape splits the 40 characters in the text; the decoded value is whole.
    const escaped = '{ "aws_secret_access_key": "wJalrXUtnFEMI\\/K7MDENG\\/bPxRfiCYzQ8Lm2vB4nTq" }\n';
    expect(/[A-Za-z0-9/+]{40}/.test(escaped)).toBe(false);
    expect(mayHoldSecretKeyText(escaped)).toBe(true);
  });
});
