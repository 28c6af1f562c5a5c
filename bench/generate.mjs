// Generates a synthetic but realistic-looking multi-service workspace for the benchmark.
// Deterministic (seeded) so figures are comparable between runs.
import * as fs from 'node:fs';
import * as path from 'node:path';

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
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pick(rand, chars, n) {
  let out = '';
  for (let i = 0; i < n; i++) out += chars[Math.floor(rand() * chars.length)];
  return out;
}

function tsFile(rand, i) {
  const lines = [`import { Router } from 'express';`, `import { db } from '../db';`, ''];
  lines.push(`export const router${i} = Router();`, '');
  for (let r = 0; r < 12; r++) {
    lines.push(
      `router${i}.get('/items/${r}/:id', async (req, res) => {`,
      `  const row = await db.query('select * from items_${r} where id = $1', [req.params.id]);`,
      `  if (!row) return res.status(404).json({ error: 'not found' });`,
      `  res.json({ id: row.id, name: row.name, updatedAt: new Date(row.updated_at).toISOString() });`,
      `});`,
      '',
    );
  }
  if (i % 50 === 0) lines.push(`const awsAccessKeyId = "AKIA${pick(rand, B32, 16)}";`);
  lines.push(`const apiBase = process.env.API_BASE ?? 'https://api.example.com';`);
  return lines.join('\n') + '\n';
}

function pyFile(rand, i) {
  const lines = ['"""Batch job module."""', 'import os', 'import logging', '', 'log = logging.getLogger(__name__)', ''];
  for (let f = 0; f < 10; f++) {
    lines.push(
      `def step_${f}(items: list[dict]) -> int:`,
      `    total = 0`,
      `    for item in items:`,
      `        if item.get("status") == "ready":`,
      `            total += int(item.get("count", 0))`,
      `    log.info("step ${f} processed %d", total)`,
      `    return total`,
      '',
    );
  }
  lines.push(`BUCKET = os.environ.get("BUCKET", "data-${i}")`);
  if (i % 40 === 0) lines.push(`aws_secret_access_key = "${pick(rand, B64, 40)}"`, `aws_access_key_id = "AKIA${pick(rand, B32, 16)}"`);
  return lines.join('\n') + '\n';
}

function tfFile(rand, i) {
  const wildcard = i % 10 === 0;
  return `resource "aws_iam_role" "svc_${i}" {
  name = "svc-${i}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
${i % 3 === 0 ? '' : `  tags = {\n    owner = "team-${i % 7}"\n  }\n`}}

resource "aws_iam_role_policy" "svc_${i}" {
  role = aws_iam_role.svc_${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ${wildcard ? '"s3:*"' : '["s3:GetObject", "s3:PutObject"]'}
      Resource = ${wildcard ? '"*"' : `"arn:aws:s3:::bucket-${i}/*"`}
    }]
  })
}
${i % 25 === 0 ? `\nresource "aws_iam_user" "ci_${i}" {\n  name = "ci-${i}"\n}\n\nresource "aws_iam_access_key" "ci_${i}" {\n  user = aws_iam_user.ci_${i}.name\n}\n` : ''}`;
}

function k8sFile(rand, i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  labels:
    app: svc-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-${i}
  template:
    metadata:
      labels:
        app: svc-${i}
    spec:
      serviceAccountName: svc-${i}
      containers:
        - name: app
          image: registry.example.com/svc-${i}:1.${i % 9}.0
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: svc-${i}-db
                  key: password
---
apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
spec:
  selector:
    app: svc-${i}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function jsonFile(rand, i) {
  return JSON.stringify({ name: `svc-${i}`, version: `1.${i % 10}.0`, settings: { retries: 3, timeoutMs: 2500, endpoints: ['a', 'b', 'c'].map((x) => `https://${x}.example.com/${i}`) } }, null, 2) + '\n';
}

function envFile(rand, i) {
  return `PORT=8080\nLOG_LEVEL=info\nSERVICE_NAME=svc-${i}\n${i % 5 === 0 ? `AWS_ACCESS_KEY_ID=AKIA${pick(rand, B32, 16)}\n` : 'AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n'}`;
}

const KINDS = [
  ['ts', tsFile, 'src', 'ts'],
  ['py', pyFile, 'jobs', 'py'],
  ['tf', tfFile, 'infra', 'tf'],
  ['yaml', k8sFile, 'k8s', 'yaml'],
  ['json', jsonFile, 'config', 'json'],
  ['env', envFile, 'env', 'env'],
];

/** Writes `files` files under `root`; returns { files, bytes }. */
export function generateWorkspace(root, files, seed = 42) {
  const rand = rng(seed);
  fs.rmSync(root, { recursive: true, force: true });
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const [, make, dir, ext] = KINDS[i % KINDS.length];
    const service = `service-${Math.floor(i / 60)}`;
    const file = ext === 'env' ? path.join(root, service, dir, `.env.${i}`) : path.join(root, service, dir, `file${i}.${ext}`);
    const text = make(rand, i);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  // Things the walker must skip.
  fs.mkdirSync(path.join(root, 'node_modules', 'left-pad'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'left-pad', 'index.js'), 'module.exports = (s) => s;\n');
  fs.writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  return { files, bytes };
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
  return out.slice(0, lines).join('\n') + '\n';
}
