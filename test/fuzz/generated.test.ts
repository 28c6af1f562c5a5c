/**
 * Property: generated hostile structures — token soup in every format's syntax,
 * deep nesting, YAML alias bombs, huge document streams, 10 MB single-line files,
 * 100k-line files — are analysed without a throw and within the per-file time
 * budget plus a margin, with ranges inside the text and readable notes.
 * Big inputs run a handful of times; small ones many times (fixed seeds).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { analyzeChecked, printSummary, tally } from './harness';

const small = tally('generated: token soup and nesting');
const big = tally('generated: huge inputs');

beforeAll(async () => {
  await initEngine();
});

afterAll(() => {
  printSummary(small);
  printSummary(big);
});

// A realistic-looking (not real) AWS key pair: the soup must reach the secret detectors too.
const KEY_ID = 'AKIA2E3XQZ7PLMN4RT5W';
const SECRET_KEY = 'q7Gx2vLk9Rt4Wm8Np3Zs6Yb1Hc5Jd0Fe7Ua2KiO';

/** Token soups: each format's punctuation and keywords plus values that wake the detectors. */
const COMMON = [' ', '  ', '\t', '\n', '\r\n', '\r', '"', "'", '\\', '#', '//', '/*', '*/', '=', ':', ',', '{', '}', '[', ']', '(', ')', '${', '\u0000', '\uFEFF', '\uD800', 'é', '🔑'];
const VALUES = [KEY_ID, SECRET_KEY, 'password', 'secret', 'token', 'ghp_', 'AKIAIOSFODNN7EXAMPLE', '*', 'iam:*', '"Action": "*"', 'arn:aws:iam::123456789012:role/x', 'nhi-ignore', 'gitleaks:allow'];
const SOUPS: Record<string, { paths: string[]; tokens: string[] }> = {
  yaml: {
    paths: ['k8s/deploy.yaml', '.github/workflows/ci.yml', 'template.yaml', 'serverless.yml', 'docker-compose.yml'],
    tokens: ['- ', '---\n', '...\n', '&a ', '*a', '<<: *a', '!!str ', '!Ref ', '|\n', '>-\n', '? ', 'kind: Secret\n', 'apiVersion: v1\n', 'AWSTemplateFormatVersion: "2010-09-09"\n', 'Resources:\n', 'env:\n', 'stringData:\n', 'on: push\n', 'jobs:\n', 'Type: AWS::IAM::Role\n', 'Effect: Allow\n', '{{ .Values.x }}', '%YAML 1.2\n'],
  },
  json: {
    paths: ['policy.json', 'iam/role.json', 'tsconfig.json', 'azuredeploy.json', 'cdk.out/stack.template.json'],
    tokens: ['{"', '":', '"Statement":[', '"Effect":"Allow"', '"Action":', '"Resource":"*"', '"Version":"2012-10-17"', 'true', 'null', '-1e999', '0x1', '"\\u00', '"$schema":', '"resources":[', '"type":"Microsoft.Authorization/roleAssignments"'],
  },
  hcl: {
    paths: ['main.tf', 'iam.tf', 'terraform.tfvars', 'modules/x/variables.tf'],
    tokens: ['resource "aws_iam_role" "r" {', 'resource "aws_iam_policy" "p" {', 'data "aws_iam_policy_document" "d" {', 'statement {', 'actions = ["', 'tags = {', 'owner = "', 'policy = jsonencode({', '<<EOF\n', 'EOF\n', '<<-EOT\n', 'EOT\n', '${var.x}', '%{ if x }', 'access_key = "', 'provider "aws" {', 'locals {', '= [', '})'],
  },
  toml: {
    paths: ['config.toml', 'pyproject.toml', 'Cargo.toml', 'netlify.toml'],
    tokens: ['[section]', '[[array]]', 'key = "', "'''", '"""', 'password = ', 'token = ', '= 1979-05-27T07:32:00Z', '= [', '= {', 'a.b.c = ', 'inf', 'nan', '+0x'],
  },
  keyValue: {
    paths: ['.env', '.env.production', 'app.properties', 'settings.ini', '.npmrc', '.pypirc', 'config/app.cfg', '.netrc'],
    tokens: ['export ', 'AWS_ACCESS_KEY_ID=', 'AWS_SECRET_ACCESS_KEY=', 'DB_PASSWORD=', '[default]', '[profile x]', 'machine ', 'login ', 'password ', '//registry.npmjs.org/:_authToken=', 'key.with.dots=', 'line\\\n', ';', '!', '\\u0041', '${VAR}', '$(cmd)', '`cmd`'],
  },
  dockerfile: {
    paths: ['Dockerfile', 'build/Dockerfile.prod', 'Containerfile'],
    tokens: ['FROM node:20\n', 'ENV ', 'ARG ', 'RUN ', 'COPY . .\n', 'LABEL ', '\\\n', '# syntax=docker/dockerfile:1\n', 'RUN --mount=type=secret,id=x ', 'AWS_SECRET_ACCESS_KEY=', 'TOKEN=', '<<EOF\n', 'EOF\n', 'HEALTHCHECK CMD '],
  },
  source: {
    paths: ['src/app.ts', 'src/app.tsx', 'lib/app.js', 'app.py', 'main.go', 'Main.java', 'Program.cs', 'app.rb', 'index.php', 'deploy.sh', 'stack.ts', 'app_stack.py'],
    tokens: ['const key = "', 'let x = `', '${', 'def f():\n    return "', 'f"', 'r"""', 'func main() {', 'package main\n', 'String s = "', '"""', 'var s = @"', '$"', '<?php $x = \'', 'puts "', '#{', 'export KEY="', '$(', 'heredoc <<EOF\n', 'new iam.PolicyStatement({ actions: ["*"], resources: ["*"] })', 'iam.PolicyStatement(actions=["*"])', 'os.environ["', 'process.env.', 'class A {', 'import boto3\n', 'boto3.client("s3", aws_access_key_id="', '/regex[/', "'", '*/', '/*'],
  },
};

function soupArb(tokens: string[], maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...tokens, ...COMMON, ...VALUES), { maxLength }).map((parts) => parts.join(''));
}

describe('token soup in each format', () => {
  Object.entries(SOUPS).forEach(([name, { paths, tokens }], i) => {
    it(`${name}: random token sequences`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...paths), soupArb(tokens, 300), (filePath, text) => {
          analyzeChecked(small, filePath, text);
        }),
        { seed: 4200 + i, numRuns: 70 },
      );
    });
  });

  it('arbitrary unicode strings under every format', () => {
    const paths = Object.values(SOUPS).flatMap((s) => s.paths);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.string({ unit: 'binary', maxLength: 400 }), (filePath, text) => {
        analyzeChecked(small, filePath, text);
      }),
      { seed: 4299, numRuns: 150 },
    );
  });
});

describe('deep nesting', () => {
  const depth = fc.integer({ min: 1, max: 50_000 });

  it('JSON: unbalanced and balanced brackets, many levels', () => {
    fc.assert(
      fc.property(depth, fc.constantFrom('[', '{"a":', '{"Statement":['), fc.boolean(), (n, open, closed) => {
        const close = open === '[' ? ']' : open === '{"a":' ? '}' : ']}';
        const text = open.repeat(n) + '1' + (closed ? close.repeat(n) : '');
        analyzeChecked(small, 'policy.json', text);
      }),
      { seed: 501, numRuns: 12 },
    );
  });

  it('YAML: flow nesting, block nesting and compact sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('flow', 'block', 'seq'), (n, style) => {
        const text =
          style === 'flow'
            ? 'a: ' + '{b: ['.repeat(n) + '1' + ']}'.repeat(n) + '\n'
            : style === 'block'
              ? Array.from({ length: Math.min(n, 2000) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n'
              : '- '.repeat(n) + 'x\n';
        analyzeChecked(small, 'k8s/deep.yaml', text);
      }),
      { seed: 502, numRuns: 12 },
    );
  });

  it('HCL: nested blocks and nested jsonencode', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.boolean(), (n, closed) => {
        const text =
          'resource "aws_iam_policy" "p" {\n  policy = jsonencode(' +
          '{ a = ['.repeat(n) +
          '"*"' +
          (closed ? '] }'.repeat(n) + ')\n}\n' : '\n') +
          'dynamic "x" {\n'.repeat(Math.min(n, 500));
        analyzeChecked(small, 'main.tf', text);
      }),
      { seed: 503, numRuns: 5 },
    );
  });

  it('source: nested calls and template literals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('src/a.ts', 'a.py', 'main.go', 'A.java'), (n, filePath) => {
        const text = 'x = ' + 'f('.repeat(n) + '"AKIA2E3XQZ7PLMN4RT5W"' + ')'.repeat(n) + '\n' + '`${'.repeat(Math.min(n, 1000)) + '\n';
        analyzeChecked(small, filePath, text);
      }),
      { seed: 504, numRuns: 6 },
    );
  });
});

describe('YAML alias bombs', () => {
  it('billion-laughs variants (width × depth, sequences, mappings, merge keys) finish and are not expanded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom('seq', 'map', 'merge'), (width, levels, style) => {
        const lines = [style === 'seq' ? 'l0: &l0 [lol, lol]' : 'l0: &l0 {a: lol, b: lol}'];
        for (let l = 1; l <= levels; l++) {
          if (style === 'seq') lines.push(`l${l}: &l${l} [${Array(width).fill(`*l${l - 1}`).join(', ')}]`);
          else if (style === 'map') lines.push(`l${l}: &l${l} {${Array.from({ length: width }, (_, k) => `k${k}: *l${l - 1}`).join(', ')}}`);
          else lines.push(`l${l}: &l${l}\n  <<: [${Array(width).fill(`*l${l - 1}`).join(', ')}]\n  x${l}: 1`);
        }
        const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n' + lines.map((x) => '  ' + x.replace(/\n/g, '\n  ')).join('\n') + '\n';
        for (const filePath of ['k8s/bomb.yaml', '.github/workflows/bomb.yml', 'template.yaml']) analyzeChecked(small, filePath, text);
      }),
      { seed: 505, numRuns: 15 },
    );
  });
});

describe('huge inputs (a handful of runs each)', () => {
  const MB = 1024 * 1024;
  // The walker and the language server skip files over maxFileSizeKb before analysis;
  // raised here so the engine itself meets the 10 MB texts.
  const config = { ...defaultConfig(), maxFileSizeKb: 16 * 1024 };

  it('10 MB single-line minified JavaScript', () => {
    fc.assert(
      fc.property(fc.constantFrom('dist/app.min.js', 'vendor/bundle.js', 'public/app.min.mjs'), fc.boolean(), (filePath, withSecret) => {
        const chunk = 'var a=function(b,c){return b+c},d={k:"v",n:[1,2,3]};if(d.k)a(1,2);';
        let text = chunk.repeat(Math.ceil((10 * MB) / chunk.length));
        if (withSecret) text = text.slice(0, 5 * MB) + `var k="${KEY_ID}",s="${SECRET_KEY}";` + text.slice(5 * MB);
        analyzeChecked(big, filePath, text, config);
      }),
      { seed: 601, numRuns: 2 },
    );
  }, 60_000);

  it('10 MB single-line JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom('data/dump.json', 'policy.json'), (filePath) => {
        const item = '{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/*"},';
        const text = '{"Version":"2012-10-17","Statement":[' + item.repeat(Math.ceil((10 * MB) / item.length)) + '{"Effect":"Allow","Action":"*","Resource":"*"}]}';
        const result = analyzeChecked(big, filePath, text, config);
        expect(result).toBeDefined();
      }),
      { seed: 602, numRuns: 1 },
    );
  }, 60_000);

  it('10,000-document YAML stream', () => {
    fc.assert(
      fc.property(fc.constantFrom('k8s/all.yaml', 'manifests.yml'), (filePath) => {
        const doc = (i: number) => `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i}\n  labels:\n    app: a${i}\n`;
        const text = Array.from({ length: 10_000 }, (_, i) => doc(i)).join('');
        analyzeChecked(big, filePath, text, config);
      }),
      { seed: 603, numRuns: 1 },
    );
  }, 60_000);

  it('100,000-line files (.env, Python, YAML, Terraform, properties)', () => {
    fc.assert(
      fc.property(fc.constantFrom('.env', 'app.py', 'values.yaml', 'main.tf', 'app.properties'), fc.constantFrom('\n', '\r\n'), (filePath, eol) => {
        const line = (i: number): string =>
          filePath === '.env' || filePath === 'app.properties'
            ? `VAR_${i}=value-${i}`
            : filePath === 'app.py'
              ? `value_${i} = os.environ.get("VALUE_${i}", "default")`
              : filePath === 'values.yaml'
                ? `key${i}: "value ${i}"`
                : `# line ${i}\nlocals { v${i} = "x${i}" }`;
        const text = Array.from({ length: 100_000 }, (_, i) => line(i)).join(eol) + eol;
        analyzeChecked(big, filePath, text, config);
      }),
      { seed: 604, numRuns: 3 },
    );
  }, 120_000);
});
