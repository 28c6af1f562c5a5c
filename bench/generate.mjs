// Generates a synthetic but realistic monorepo for the benchmark: services with
// TS/JS/Python/Go/Java source, a Terraform module each, Kubernetes manifests,
// workflows, Dockerfiles, dotenv and JSON/YAML config, lockfiles, tests, docs, and a
// few large or minified files. About 2% of files hold a secret or a misconfiguration
// (hard-coded keys, wildcard IAM, identities without owner tags, static CI keys).
// Deterministic (seeded by position), so figures are comparable between runs.
//
// Layout: <root>/group-NN/ holds 2,000 files (50 services of 40 files), so the
// 2k workspace is group-00, the 10k one groups 00–04 and the 20k one all of them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FILES_PER_GROUP = 2000;
const SERVICES_PER_GROUP = 50;
/** Bump when the generated content changes: cached workspaces are regenerated. */
export const GENERATOR_VERSION = 2;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = B62 + '+/';
const HEX = '0123456789abcdef';

function pick(rand, chars, n) {
  let out = '';
  for (let i = 0; i < n; i++) out += chars[Math.floor(rand() * chars.length)];
  return out;
}

// --- Source ---------------------------------------------------------------------------------

function tsRoutes(s, n, secret, rand) {
  const lines = [`import { Router } from 'express';`, `import { db } from '../db';`, `import { logger } from '../logger';`, ''];
  lines.push(`export const router${n} = Router();`, '');
  for (let r = 0; r < 10; r++) {
    lines.push(
      `router${n}.get('/${s.name}/items/${r}/:id', async (req, res) => {`,
      `  const row = await db.query('select * from items_${r} where id = $1 and tenant = $2', [req.params.id, req.tenant]);`,
      `  if (!row) return res.status(404).json({ error: 'not found' });`,
      `  logger.debug({ id: row.id }, 'loaded item ${r}');`,
      `  res.json({ id: row.id, name: row.name, updatedAt: new Date(row.updated_at).toISOString() });`,
      `});`,
      '',
    );
  }
  lines.push(`const apiBase = process.env.API_BASE ?? 'https://api.example.com';`, `const region = process.env.AWS_REGION || 'eu-west-1';`);
  if (secret) lines.push(`// TODO remove before release`, `const awsAccessKeyId = "AKIA${pick(rand, B32, 16)}";`, `const awsSecretAccessKey = "${pick(rand, B64, 40)}";`);
  lines.push(`export default { apiBase, region };`);
  return lines.join('\n') + '\n';
}

function tsTest(s, n) {
  return `import { describe, expect, it } from 'vitest';
import { router${n} } from '../src/routes${n}';

describe('${s.name} routes ${n}', () => {
  it('registers its handlers', () => {
    expect(router${n}.stack.length).toBeGreaterThan(0);
  });
  it('uses a dummy key in tests', () => {
    const fakeKey = 'test-key-not-a-secret';
    expect(fakeKey).toMatch(/test/);
  });
});
`;
}

function jsModule(s, n) {
  const lines = [`'use strict';`, `const path = require('node:path');`, `const fs = require('node:fs');`, ''];
  for (let f = 0; f < 8; f++) {
    lines.push(`function load${f}(dir) {`, `  const file = path.join(dir, '${s.name}-${n}-${f}.json');`, `  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};`, `}`, '');
  }
  lines.push(`module.exports = { ${Array.from({ length: 8 }, (_, f) => `load${f}`).join(', ')} };`);
  return lines.join('\n') + '\n';
}

function minifiedBundle(rand, kb) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < kb * 1024; i++) {
    const p = `function a${i}(b,c){var d=b+c*${i};return d>${i}?"${pick(rand, B62, 12)}":a${Math.max(0, i - 1)}(c,b)}`;
    parts.push(p);
    size += p.length + 1;
  }
  return `!function(){"use strict";${parts.join(';')}}();\n//# sourceMappingURL=bundle.min.js.map\n`;
}

function pyJob(s, n, secret, rand) {
  const lines = ['"""Batch job module."""', 'import os', 'import logging', '', 'import boto3', '', 'log = logging.getLogger(__name__)', ''];
  for (let f = 0; f < 8; f++) {
    lines.push(
      `def step_${f}(items: list[dict]) -> int:`,
      `    total = 0`,
      `    for item in items:`,
      `        if item.get("status") == "ready":`,
      `            total += int(item.get("count", 0))`,
      `    log.info("${s.name} step ${f} processed %d", total)`,
      `    return total`,
      '',
    );
  }
  lines.push(`BUCKET = os.environ.get("BUCKET", "${s.name}-data-${n}")`);
  if (secret) lines.push(`s3 = boto3.client("s3", aws_access_key_id="AKIA${pick(rand, B32, 16)}", aws_secret_access_key="${pick(rand, B64, 40)}")`);
  else lines.push(`s3 = boto3.client("s3")`);
  return lines.join('\n') + '\n';
}

function goFile(s, n, secret, rand) {
  return `package ${s.ident}

import (
	"context"
	"fmt"
	"net/http"
	"os"
)

type Handler${n} struct {
	client *http.Client
	base   string
}

func NewHandler${n}() *Handler${n} {
	return &Handler${n}{client: http.DefaultClient, base: os.Getenv("UPSTREAM_URL")}
}

func (h *Handler${n}) Fetch(ctx context.Context, id string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/v1/things/%s", h.base, id), nil)
	if err != nil {
		return nil, err
	}
${secret ? `	req.Header.Set("Authorization", "Bearer ghp_${pick(rand, B62, 36)}")\n` : `	req.Header.Set("Authorization", "Bearer "+os.Getenv("UPSTREAM_TOKEN"))\n`}	return h.client.Do(req)
}
`;
}

function javaFile(s, n) {
  return `package com.example.${s.ident};

import java.util.List;
import java.util.Map;

public final class Service${n} {
    private final Map<String, String> settings;

    public Service${n}(Map<String, String> settings) {
        this.settings = settings;
    }

    public List<String> endpoints() {
        return List.of(settings.getOrDefault("primary", "https://primary.example.com"), settings.getOrDefault("fallback", "https://fallback.example.com"));
    }

    public String password() {
        return System.getenv("DB_PASSWORD");
    }
}
`;
}

// --- Infrastructure -------------------------------------------------------------------------

function tfProviders(s) {
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = var.region
${s.ownerInDefaults ? `
  default_tags {
    tags = {
      team       = "${s.team}"
      managed-by = "terraform"
    }
  }
` : ''}}
`;
}

function tfVariables(s) {
  return `variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "bucket_name" {
  type    = string
  default = "${s.name}-artifacts"
}
`;
}

function tfIam(s) {
  const wildcard = s.wildcardIam;
  return `resource "aws_iam_role" "${s.ident}" {
  name = "${s.name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "${s.ident}" {
  role = aws_iam_role.${s.ident}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ${wildcard ? '"*"' : '["s3:GetObject", "s3:PutObject"]'}
      Resource = ${wildcard ? '"*"' : `"arn:aws:s3:::\${var.bucket_name}/*"`}
    }]
  })
}
${s.ciUser ? `
resource "aws_iam_user" "${s.ident}_ci" {
  name = "${s.name}-ci"
}

resource "aws_iam_access_key" "${s.ident}_ci" {
  user = aws_iam_user.${s.ident}_ci.name
}
` : ''}`;
}

function tfMain(s) {
  return `resource "aws_s3_bucket" "artifacts" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${s.name}"
  retention_in_days = 30
}
`;
}

function k8sDeployment(s) {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${s.name}
  labels:
    app: ${s.name}
${s.ownerInDefaults ? `    owner: ${s.team}\n` : ''}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s.name}
  labels:
    app: ${s.name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${s.name}
  template:
    metadata:
      labels:
        app: ${s.name}
    spec:
      serviceAccountName: ${s.name}
      containers:
        - name: app
          image: registry.example.com/${s.name}:1.${s.index % 9}.0
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${s.name}-db
                  key: password
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
`;
}

function k8sService(s) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
spec:
  selector:
    app: ${s.name}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function k8sRbac(s) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${s.name}-reader
rules:
  - apiGroups: [""]
    resources: ${s.wildcardRbac ? '["*"]' : '["configmaps", "pods"]'}
    verbs: ${s.wildcardRbac ? '["*"]' : '["get", "list", "watch"]'}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${s.name}-reader
subjects:
  - kind: ServiceAccount
    name: ${s.name}
roleRef:
  kind: Role
  name: ${s.name}-reader
  apiGroup: rbac.authorization.k8s.io
`;
}

function workflow(s) {
  return `name: ${s.name}
on:
  push:
    paths: ['${s.name}/**']
permissions:
  contents: read
${s.ciUser ? '' : '  id-token: write\n'}jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
${s.ciUser ? `          aws-access-key-id: \${{ secrets.${s.envName}_AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.${s.envName}_AWS_SECRET_ACCESS_KEY }}
` : `          role-to-assume: arn:aws:iam::123456789012:role/${s.name}
`}          aws-region: eu-west-1
      - run: npm ci && npm test
        working-directory: ${s.name}
`;
}

function dockerfile(s) {
  return `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/server.js"]
`;
}

function dotenv(s, secret, rand) {
  return `# Local development settings for ${s.name}
PORT=8080
LOG_LEVEL=debug
DATABASE_URL=postgres://app:\${DB_PASSWORD}@localhost:5432/${s.ident}
AWS_ACCESS_KEY_ID=your-access-key-id
${secret ? `SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${pick(rand, B32, 8)}/B${pick(rand, B32, 8)}/${pick(rand, B62, 24)}\n` : 'SLACK_WEBHOOK_URL=\n'}`;
}

function appJson(s) {
  return JSON.stringify({ name: s.name, version: `1.${s.index % 10}.0`, settings: { retries: 3, timeoutMs: 2500, endpoints: ['a', 'b', 'c'].map((x) => `https://${x}.example.com/${s.name}`) }, features: { beta: s.index % 2 === 0 } }, null, 2) + '\n';
}

function settingsYaml(s) {
  return `service: ${s.name}
owner: ${s.team}
database:
  host: db.internal
  port: 5432
  password: \${DB_PASSWORD}
cache:
  ttlSeconds: 300
  hosts:
    - cache-1.internal
    - cache-2.internal
`;
}

function readme(s) {
  return `# ${s.name}

Owned by **${s.team}**. Run \`npm ci && npm start\`; configuration comes from the environment
(see \`.env.example\`). The AWS documentation's sample key \`AKIAIOSFODNN7EXAMPLE\` appears in
our runbook only as an example.

## Deploy

The workflow in \`.github/workflows/${s.name}.yml\` deploys on every push to main.
`;
}

function packageJson(s) {
  return JSON.stringify({ name: `@example/${s.name}`, version: '1.0.0', private: true, scripts: { build: 'tsc -p .', test: 'vitest run', start: 'node dist/server.js' }, dependencies: { express: '^4.19.2', pg: '^8.12.0' }, devDependencies: { typescript: '^5.5.0', vitest: '^2.0.0' } }, null, 2) + '\n';
}

function packageLock(s, rand) {
  const packages = { '': { name: `@example/${s.name}`, version: '1.0.0' } };
  for (let i = 0; i < 60; i++) {
    const name = `dep-${pick(rand, 'abcdefghijklmnopqrstuvwxyz', 6)}`;
    packages[`node_modules/${name}`] = { version: `${i % 5}.${i % 7}.${i % 3}`, resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`, integrity: `sha512-${pick(rand, B64, 86)}==`, license: 'MIT' };
  }
  return JSON.stringify({ name: `@example/${s.name}`, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

function tsconfig() {
  return JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'dist' }, include: ['src'] }, null, 2) + '\n';
}

function largeJson(s, rand) {
  const rows = [];
  for (let i = 0; i < 3000; i++) rows.push({ id: i, sku: `${s.ident}-${pick(rand, HEX, 12)}`, price: Math.round(rand() * 10000) / 100, tags: ['a', 'b'] });
  return JSON.stringify({ generated: true, rows }) + '\n';
}

/** The 40 files of one service: [relative path, content]. */
export function serviceFiles(group, index) {
  const global = group * SERVICES_PER_GROUP + index;
  const rand = rng(1000 + global);
  const name = `svc-${String(group).padStart(2, '0')}-${String(index).padStart(3, '0')}`;
  const s = {
    name,
    ident: name.replace(/-/g, '_'),
    envName: name.replace(/-/g, '_').toUpperCase(),
    index: global,
    team: `team-${global % 13}`,
    ownerInDefaults: global % 3 !== 0,
    wildcardIam: global % 10 === 0,
    wildcardRbac: global % 17 === 0,
    ciUser: global % 8 === 0,
  };
  const secretAt = (k) => (global * 7 + k) % 23 === 0; // ≈ 4% of the services per kind
  const files = [];
  for (let n = 0; n < 9; n++) files.push([`src/routes${n}.ts`, tsRoutes(s, n, n === 0 && secretAt(1), rand)]);
  // A few bundles are minified (one long line); most services ship plain JS.
  for (let n = 0; n < 3; n++) files.push(n === 0 && global % 25 === 0 ? [`public/bundle.min.js`, minifiedBundle(rand, 120)] : [`lib/loader${n}.js`, jsModule(s, n)]);
  for (let n = 0; n < 5; n++) files.push([`jobs/job_${n}.py`, pyJob(s, n, n === 0 && secretAt(2), rand)]);
  for (let n = 0; n < 3; n++) files.push([`internal/handler${n}.go`, goFile(s, n, n === 0 && secretAt(3), rand)]);
  for (let n = 0; n < 2; n++) files.push([`java/Service${n}.java`, javaFile(s, n)]);
  files.push(['infra/providers.tf', tfProviders(s)], ['infra/variables.tf', tfVariables(s)], ['infra/iam.tf', tfIam(s)], ['infra/main.tf', tfMain(s)]);
  files.push(['k8s/deployment.yaml', k8sDeployment(s)], ['k8s/service.yaml', k8sService(s)], ['k8s/rbac.yaml', k8sRbac(s)]);
  files.push(['Dockerfile', dockerfile(s)], [secretAt(4) ? '.env' : '.env.example', dotenv(s, secretAt(4), rand)]);
  files.push([global % 40 === 0 ? 'config/catalog.json' : 'config/app.json', global % 40 === 0 ? largeJson(s, rand) : appJson(s)]);
  files.push(['config/settings.yaml', settingsYaml(s)], ['README.md', readme(s)], ['package.json', packageJson(s)], ['package-lock.json', packageLock(s, rand)]);
  for (let n = 0; n < 2; n++) files.push([`test/routes${n}.test.ts`, tsTest(s, n)]);
  files.push(['tsconfig.json', tsconfig()]);
  // The workflow lives with the group's other workflows, as in a monorepo.
  files.push([`../.github/workflows/${name}.yml`, workflow(s)]);
  return files.map(([rel, text]) => [path.posix.join(name, rel), text]);
}

/**
 * Writes `groups` groups of 2,000 files under `root` unless a previous run left the
 * same generation there. Returns the group folders and the size of each.
 */
export function generateMonorepo(root, groups) {
  const marker = path.join(root, '.generated.json');
  const want = { version: GENERATOR_VERSION, groups };
  let existing;
  try {
    existing = JSON.parse(fs.readFileSync(marker, 'utf8'));
  } catch {
    existing = undefined;
  }
  const dirs = Array.from({ length: groups }, (_, g) => path.join(root, `group-${String(g).padStart(2, '0')}`));
  if (!existing || existing.version !== GENERATOR_VERSION || existing.groups < groups) {
    fs.rmSync(root, { recursive: true, force: true });
    const sizes = [];
    for (let g = 0; g < groups; g++) {
      let files = 0;
      let bytes = 0;
      for (let i = 0; i < SERVICES_PER_GROUP; i++) {
        for (const [rel, text] of serviceFiles(g, i)) {
          const file = path.join(dirs[g], rel);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text);
          files++;
          bytes += Buffer.byteLength(text);
        }
      }
      // Things the walker must skip.
      fs.mkdirSync(path.join(dirs[g], 'node_modules', 'left-pad'), { recursive: true });
      fs.writeFileSync(path.join(dirs[g], 'node_modules', 'left-pad', 'index.js'), 'module.exports = (s) => s;\n');
      fs.writeFileSync(path.join(dirs[g], '.gitignore'), 'dist/\nnode_modules/\n');
      sizes.push({ files: files + 1, bytes: bytes + 19 });
    }
    fs.writeFileSync(marker, JSON.stringify({ ...want, sizes }) + '\n');
    return { dirs, sizes };
  }
  return { dirs, sizes: existing.sizes.slice(0, groups) };
}

/** A TypeScript file of about `lines` lines with a few secrets sprinkled in. */
export function largeTypeScript(lines, seed = 7) {
  const rand = rng(seed);
  const out = [`import { Client } from './client';`, ''];
  let n = 0;
  while (out.length < lines) {
    out.push(
      `export async function handler${n}(client: Client, id: string): Promise<number> {`,
      `  const result = await client.get(\`/v1/things/\${id}/part-${n}\`);`,
      `  const label = 'part-${n}-' + result.name;`,
      `  if (result.count > ${n % 100}) { return result.count * 2; }`,
      `  return label.length;`,
      `}`,
      '',
    );
    if (n % 150 === 0) out.push(`const legacyKey${n} = "AKIA${pick(rand, B32, 16)}";`, '');
    n++;
  }
  // Whole functions only: a file cut mid-function has a syntax error at its end, which
  // no file being typed in has and which makes every incremental re-parse recover from it.
  return out.join('\n') + '\n';
}

/** A multi-document Kubernetes YAML of about `lines` lines (ServiceAccounts, Deployments, RBAC, a few Secrets with literal passwords). */
export function largeKubernetesYaml(lines, seed = 11) {
  const rand = rng(seed);
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    const s = { name: `svc-${i}`, ident: `svc_${i}`, index: i, team: `team-${i % 5}`, ownerInDefaults: i % 4 !== 0, wildcardRbac: i % 9 === 0 };
    out.push(...k8sDeployment(s).trimEnd().split('\n'), '---', ...k8sRbac(s).trimEnd().split('\n'), '---');
    if (i % 12 === 0) out.push('apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${s.name}-db`, 'type: Opaque', 'stringData:', `  password: "${pick(rand, B62, 24)}"`, '---');
  }
  return out.slice(0, lines).join('\n') + '\n';
}
